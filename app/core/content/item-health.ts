// Items that failed (download refused, 404, decode error, page crash) sit out for a while and are
// tried again later with exponential backoff, so one bad item never blanks the screen and a
// fixed one comes back by itself.

const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 30 * 60_000;

interface Failure {
  count: number;
  retryAt: number;
  reason: string;
}

export interface ItemHealth {
  fail(key: string, reason: string, now: number): void;
  succeed(key: string): void;
  /** True while the item sits out its backoff. */
  isBenched(key: string, now: number): boolean;
  /** The earliest instant a benched item may be tried again, or null. */
  nextRetryAt(now: number): number | null;
  reasonOf(key: string): string | null;
  clear(): void;
}

export function retryDelayMs(failures: number): number {
  const exponent = Math.min(Math.max(0, failures - 1), 16);
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** exponent);
}

export function createItemHealth(maxEntries = 1000): ItemHealth {
  const failures = new Map<string, Failure>();
  return {
    fail(key, reason, now) {
      const count = (failures.get(key)?.count ?? 0) + 1;
      failures.delete(key);
      failures.set(key, { count, reason, retryAt: now + retryDelayMs(count) });
      // bounded: forget the oldest failures first (they are retried as if new)
      while (failures.size > maxEntries) failures.delete(failures.keys().next().value as string);
    },
    succeed: (key) => void failures.delete(key),
    isBenched: (key, now) => (failures.get(key)?.retryAt ?? 0) > now,
    nextRetryAt(now) {
      let next: number | null = null;
      for (const f of failures.values()) if (f.retryAt > now && (next === null || f.retryAt < next)) next = f.retryAt;
      return next;
    },
    reasonOf: (key) => failures.get(key)?.reason ?? null,
    clear: () => failures.clear(),
  };
}
