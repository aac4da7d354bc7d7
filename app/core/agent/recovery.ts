// Fast, polite recovery (docs/PROTOCOL.md "Recovery after an outage"): a device that was talking
// to the hub before an outage retries at most one telemetry interval apart (full jitter kept), so
// it sees the hub's return within about one interval; a fleet that failed together still spreads
// its retries uniformly over that interval, about the steady request rate. A device that never
// reached the hub in this session keeps the long back-off.
import { HUB_BACKOFF, type BackoffPolicy } from './backoff';

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
