// Every computed delay that reaches a timer is finite and within what setTimeout honours.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAbortError, systemClock } from '../../../app/core/deps';
import { createSleeper } from '../../../app/core/agent/sleeper';
import { clampTimerDelay, MAX_TIMER_DELAY_MS, TimerDelayError } from '../../../app/core/util/timer-delay';

describe('clampTimerDelay', () => {
  it.each([
    [0, 0],
    [-5, 0],
    [1.4, 1],
    [30_000, 30_000],
    [MAX_TIMER_DELAY_MS, MAX_TIMER_DELAY_MS],
    [MAX_TIMER_DELAY_MS + 1, MAX_TIMER_DELAY_MS],
    [3_000_000_000, MAX_TIMER_DELAY_MS],
    [Number.MAX_VALUE, MAX_TIMER_DELAY_MS],
  ])('%d ms → %d ms', (input, expected) => {
    expect(clampTimerDelay(input)).toBe(expected);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('refuses %d', (input) => {
    expect(() => clampTimerDelay(input)).toThrow(TimerDelayError);
  });

  it('maps every finite number into [0, 2^31-1]', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (ms) => {
        const out = clampTimerDelay(ms);
        expect(Number.isInteger(out) && out >= 0 && out <= MAX_TIMER_DELAY_MS).toBe(true);
      }),
    );
  });
});

describe('the sleepers', () => {
  it('systemClock.sleep refuses a non-finite delay instead of firing after 1 ms', async () => {
    await expect(systemClock.sleep(Number.NaN)).rejects.toThrow(TimerDelayError);
    await expect(systemClock.sleep(Number.POSITIVE_INFINITY)).rejects.toThrow(TimerDelayError);
  });

  it('systemClock.sleep waits (does not fire at once) for a delay above 2^31-1 ms', async () => {
    // Unclamped, Node would fire this after 1 ms, long before the abort below.
    const controller = new AbortController();
    const outcome = systemClock.sleep(3_000_000_000, controller.signal).then(
      () => 'fired',
      (error: unknown) => (isAbortError(error) ? 'aborted' : 'other'),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    expect(await outcome).toBe('aborted');
  });

  it("the agent's sleeper refuses non-finite waits and clamps huge ones before the clock sees them", async () => {
    const seen: number[] = [];
    const sleeper = createSleeper({ now: () => 0, sleep: async (ms) => void seen.push(ms) });
    const signal = new AbortController().signal;
    await expect(sleeper.sleep(Number.POSITIVE_INFINITY, signal, false)).rejects.toThrow(TimerDelayError);
    await sleeper.sleep(1e15, signal, true);
    await sleeper.sleep(-1, signal, false);
    expect(seen).toEqual([MAX_TIMER_DELAY_MS, 0]);
  });
});
