import { describe, expect, it } from 'vitest';
import { createSleeper } from '../../../app/core/agent/sleeper';
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
});
