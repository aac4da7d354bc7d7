import { describe, expect, it } from 'vitest';
import { createSleeper } from '../../../app/core/agent/sleeper';
import { systemClock, type Clock } from '../../../app/core/deps';
import { createFakeClock } from './fake-clock';

describe('sleeper', () => {
  it('a nudge ends a nudgeable wait early', async () => {
    const clock = createFakeClock({ auto: false });
    const sleeper = createSleeper(clock);
    const done = sleeper.sleep(30_000, new AbortController().signal, true);
    await new Promise((r) => setImmediate(r));
    sleeper.nudge();
    await done;
    expect(clock.now()).toBe(Date.parse('2025-06-01T12:00:00.000Z'));
  });

  it('remembers a nudge that arrives mid-tick, and several collapse into one', async () => {
    const clock = createFakeClock({ auto: false });
    const sleeper = createSleeper(clock);
    sleeper.nudge();
    sleeper.nudge();
    await sleeper.sleep(30_000, new AbortController().signal, true);
    const second = sleeper.sleep(30_000, new AbortController().signal, true);
    await new Promise((r) => setImmediate(r));
    expect(clock.waiting()).toBe(1);
    await clock.advance(30_000);
    await second;
  });

  it('does not let a nudge cut a back-off wait', async () => {
    const clock = createFakeClock({ auto: false });
    const sleeper = createSleeper(clock);
    let ended = false;
    const wait = sleeper.sleep(5_000, new AbortController().signal, false).then(() => (ended = true));
    sleeper.nudge();
    await new Promise((r) => setImmediate(r));
    expect(ended).toBe(false);
    await clock.advance(5_000);
    await wait;
    expect(ended).toBe(true);
  });

  it('rejects with AbortError when the caller aborts', async () => {
    const clock = createFakeClock({ auto: false });
    const sleeper = createSleeper(clock);
    const controller = new AbortController();
    const wait = sleeper.sleep(5_000, controller.signal, true);
    controller.abort();
    await expect(wait).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('adds one abort listener per caller signal, however many waits it serves', async () => {
    const clock = createFakeClock({ auto: false });
    const sleeper = createSleeper(clock);
    const controller = new AbortController();
    let added = 0;
    const add = controller.signal.addEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...args: Parameters<AbortSignal['addEventListener']>) => {
      added++;
      add(...args);
    }) as AbortSignal['addEventListener'];
    for (let i = 0; i < 5; i++) {
      const wait = sleeper.sleep(1_000, controller.signal, true);
      await new Promise((r) => setImmediate(r));
      if (i % 2) sleeper.nudge();
      else await clock.advance(1_000);
      await wait;
    }
    expect(added).toBe(1);
    // The caller's abort still reaches a wait after the waker was spent and replaced.
    const last = sleeper.sleep(30_000, controller.signal, true);
    await new Promise((r) => setImmediate(r));
    controller.abort();
    await expect(last).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('a nudge after a spent waker still ends the next wait, and only that one', async () => {
    const clock = createFakeClock({ auto: false });
    const sleeper = createSleeper(clock);
    const signal = new AbortController().signal;
    const first = sleeper.sleep(30_000, signal, true);
    await new Promise((r) => setImmediate(r));
    sleeper.nudge();
    await first;
    const second = sleeper.sleep(30_000, signal, true);
    await new Promise((r) => setImmediate(r));
    expect(clock.waiting()).toBe(1);
    sleeper.nudge();
    await second;
    expect(clock.now()).toBe(Date.parse('2025-06-01T12:00:00.000Z'));
  });

  it('an earlier caller aborting later does not wake a wait for a new caller', async () => {
    const clock = createFakeClock({ auto: false });
    const sleeper = createSleeper(clock);
    const old = new AbortController();
    const firstWait = sleeper.sleep(1_000, old.signal, true);
    await new Promise((r) => setImmediate(r));
    await clock.advance(1_000);
    await firstWait;
    let ended = false;
    const wait = sleeper.sleep(5_000, new AbortController().signal, true).then(() => (ended = true));
    await new Promise((r) => setImmediate(r));
    old.abort();
    await new Promise((r) => setImmediate(r));
    expect(ended).toBe(false);
    await clock.advance(5_000);
    await wait;
    expect(ended).toBe(true);
  });

  describe('on the system clock (timers, no AbortController per wait)', () => {
    /** The system clock, counting the timers it starts and cancels. */
    function countingClock() {
      const counts = { started: 0, cancelled: 0 };
      const clock: Clock = {
        ...systemClock,
        timer: (ms, fire) => {
          counts.started++;
          const cancel = systemClock.timer!(ms, fire);
          return () => {
            counts.cancelled++;
            cancel();
          };
        },
      };
      return { clock, counts };
    }

    it('a short wait ends by itself; a nudge ends a long one and cancels its timer', async () => {
      const { clock, counts } = countingClock();
      const sleeper = createSleeper(clock);
      const signal = new AbortController().signal;
      await sleeper.sleep(1, signal, true);
      const long = sleeper.sleep(60_000, signal, true);
      sleeper.nudge();
      await long;
      expect(counts).toEqual({ started: 2, cancelled: 1 });
    });

    it("the caller's abort rejects the wait with AbortError and cancels its timer", async () => {
      const { clock, counts } = countingClock();
      const sleeper = createSleeper(clock);
      const controller = new AbortController();
      const wait = sleeper.sleep(60_000, controller.signal, true);
      controller.abort();
      await expect(wait).rejects.toMatchObject({ name: 'AbortError' });
      expect(counts).toEqual({ started: 1, cancelled: 1 });
      await expect(sleeper.sleep(1, controller.signal, true)).rejects.toMatchObject({ name: 'AbortError' });
    });

    it('a nudge between waits is remembered once', async () => {
      const { clock, counts } = countingClock();
      const sleeper = createSleeper(clock);
      const signal = new AbortController().signal;
      sleeper.nudge();
      sleeper.nudge();
      await sleeper.sleep(60_000, signal, true);
      expect(counts.started).toBe(0);
      const next = sleeper.sleep(60_000, signal, true);
      expect(counts.started).toBe(1);
      sleeper.nudge();
      await next;
    });
  });
});
