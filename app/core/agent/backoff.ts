// Retry timing (docs/PROTOCOL.md#timing-and-backoff): exponential backoff with FULL jitter, so a fleet that lost the hub
// at the same moment does not come back in lock-step. Pure: the random source is injected.
import type { Random } from '../deps';
import { MAX_RETRY_AFTER_MS } from '../hub';

export const HUB_BACKOFF = { startMs: 1_000, factor: 2, capMs: 5 * 60_000 } as const;
export const REGISTRATION_BACKOFF = { startMs: 1_000, factor: 2, capMs: 15 * 60_000 } as const;
/** The hub counts requests per 30-second window (docs/PROTOCOL.md#limits): never come back sooner. */
export const RATE_LIMIT_FLOOR_MS = 30_000;
/** Duplicate registration is an operator problem: retry hourly, never in a fast loop (docs/PROTOCOL.md#duplicate-registration). */
export const ALREADY_REGISTERED_RETRY_MS = 60 * 60_000;

export interface BackoffPolicy {
  startMs: number;
  factor: number;
  capMs: number;
}

export interface Backoff {
  /** The delay before the next attempt; each call counts one more failure. */
  next(): number;
  /** After a success: the next failure starts from `startMs` again. */
  reset(): void;
  /** Failures since the last reset. */
  readonly failures: number;
}

export function createBackoff(policy: BackoffPolicy, random: Random): Backoff {
  let failures = 0;
  return {
    next() {
      const ceiling = backoffCeiling(policy, failures);
      failures += 1;
      return Math.floor(random() * ceiling);
    },
    reset() {
      failures = 0;
    },
    get failures() {
      return failures;
    },
  };
}

/** The upper bound of the jittered delay after `failures` earlier failures: start·factor^n, capped. */
export function backoffCeiling(policy: BackoffPolicy, failures: number): number {
  // Exponent capped so a long outage cannot overflow to Infinity.
  const exponent = Math.min(failures, 40);
  return Math.min(policy.capMs, policy.startMs * policy.factor ** exponent);
}

/**
 * 429: wait at least the 30 s window or the server's Retry-After, whichever is longer, plus up to
 * 10 % jitter so rate-limited devices spread out over the next window.
 */
export function rateLimitDelay(retryAfterMs: number | undefined, random: Random): number {
  // Bounded again here, whatever the caller parsed: the floor, at most the Retry-After cap.
  const asked = retryAfterMs !== undefined && Number.isFinite(retryAfterMs) ? Math.min(retryAfterMs, MAX_RETRY_AFTER_MS) : 0;
  const base = Math.max(RATE_LIMIT_FLOOR_MS, asked);
  return base + Math.floor(random() * base * 0.1);
}

/** About an hour, ±10 %, for the "already registered" state. */
export function alreadyRegisteredDelay(random: Random): number {
  return Math.floor(ALREADY_REGISTERED_RETRY_MS * (0.9 + 0.2 * random()));
}
