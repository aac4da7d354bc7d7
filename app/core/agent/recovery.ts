// Fast, polite recovery (docs/PROTOCOL.md "Recovery after an outage"). A device that was talking
// to the hub before an outage backs off as usual (1 s, doubling, full jitter) until the ceiling
// reaches its telemetry interval; then ONE full-jitter draw over the interval picks a random
// phase, and from there it retries exactly one interval apart. So:
// - it sees the hub's return within one interval (no gap is longer than the interval);
// - a fleet that failed together retries at uniformly spread phases, one request per device per
//   interval: the steady request rate, during the outage and in the first interval after it.
//   (Full jitter at every retry would give gaps averaging half an interval: twice the steady
//   rate, and twice the steady density of first probes right after the hub returns.)
// A device that never reached the hub with its credentials keeps the long back-off.
import type { Random } from '../deps';
import { backoffCeiling, HUB_BACKOFF, type Backoff, type BackoffPolicy } from './backoff';

/** The hub back-off, capped at the telemetry interval while `wasHealthy()` holds. */
export function recoveryBackoffPolicy(intervalMs: () => number, wasHealthy: () => boolean): BackoffPolicy {
  return {
    startMs: HUB_BACKOFF.startMs,
    factor: HUB_BACKOFF.factor,
    get capMs() {
      if (!wasHealthy()) return HUB_BACKOFF.capMs;
      const interval = intervalMs();
      // A bad interval (non-finite, below the start delay) never shortens the wait below 1 s.
      return Number.isFinite(interval) ? Math.min(HUB_BACKOFF.capMs, Math.max(HUB_BACKOFF.startMs, interval)) : HUB_BACKOFF.capMs;
    },
  };
}

/** The loop's back-off: full jitter below the cap; for a healthy device, a fixed period at it. */
export function createRecoveryBackoff(intervalMs: () => number, wasHealthy: () => boolean, random: Random): Backoff {
  const policy = recoveryBackoffPolicy(intervalMs, wasHealthy);
  let failures = 0;
  let phased = false;
  return {
    next() {
      const ceiling = backoffCeiling(policy, failures);
      failures += 1;
      const atCap = wasHealthy() && ceiling >= policy.capMs;
      if (atCap && phased) return ceiling;
      if (atCap) phased = true; // the one draw that picks this device's phase
      return Math.floor(random() * ceiling);
    },
    reset() {
      failures = 0;
      phased = false;
    },
    get failures() {
      return failures;
    },
  };
}

/**
 * The wait after a successful tick: the next tick starts one interval after this one STARTED
 * (fixed rate), so how long the hub took to answer never shifts a device's phase. With "one
 * interval after the tick ended", devices whose ticks met a busy hub all slip later together and
 * a fleet slowly falls into step with its busiest second. After a tick longer than half an
 * interval the wait is still half an interval (no back-to-back ticks).
 */
export function nextTickDelay(intervalMs: number, tickElapsedMs: number): number {
  // A bad interval goes on unchanged: the sleeper refuses or clamps it as for any wait.
  if (!Number.isFinite(intervalMs) || intervalMs <= 0) return intervalMs;
  const elapsed = Number.isFinite(tickElapsedMs) ? Math.max(0, tickElapsedMs) : 0;
  return Math.max(intervalMs / 2, intervalMs - elapsed);
}
