// Every computed delay that reaches a timer goes through here. Node treats any delay above
// 2^31-1 ms (≈ 24.8 days) — and NaN — as 1 ms, so an unbounded value (a hub's Retry-After of
// 3 000 000 s, a date in 2100) silently turns a long wait into a tight loop. A delay must be
// finite: a non-finite one is a bug upstream and is refused, not guessed at.

/** The largest delay setTimeout honours. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export class TimerDelayError extends RangeError {
  override readonly name = 'TimerDelayError';
}

/** `ms` clamped to [0, MAX_TIMER_DELAY_MS]; throws TimerDelayError when it is not a finite number. */
export function clampTimerDelay(ms: number): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new TimerDelayError(`timer delay must be a finite number of ms, got ${String(ms)}`);
  return Math.min(MAX_TIMER_DELAY_MS, Math.max(0, Math.round(ms)));
}
