// The player's memory of web-page pre-flights (web-preflight.ts), per URL:
//   passed   listed in the play plan; the verdict is trusted for WEB_OK_TTL_MS, then checked again
//            in the background while the page stays listed (a page that still answers never
//            flickers out of the rotation);
//   failed   left out of the plan for a backoff (the same 30 s doubling to 30 min as every other
//            failed item), then checked again;
//   unknown  not listed until its first check answers (the plan says "preparing" when nothing
//            else is playable), so a page that is not there never reaches the screen.
// At most MAX_CONCURRENT_CHECKS checks at once (current playlist first), each bounded by the
// pre-flight's own timeout: N unreachable pages cost about N / 4 deadlines, not N, while a big
// playlist never opens a socket per page at once. The map is bounded.
// Kept in memory only, on purpose: a verdict is trusted for 5 min, so one saved before a restart is
// stale by the time it would be read, and a page is only worth showing when it answers now (a web
// item cannot play offline, unlike a cached image or video); a fresh start re-checks four at a time
// while the cached media play.
import type { Clock } from '../deps';
import { createItemHealth } from './item-health';
import type { WebCheckResult } from './web-preflight';

export const WEB_OK_TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 1000;
/** Bounds one busy spell (from idle to idle): every check records a verdict for one wanted URL. */
const MAX_CHECKS_PER_PUMP = 1000;
export const MAX_CONCURRENT_CHECKS = 4;

export type WebReadiness = 'ready' | 'pending' | 'failed';

export interface WebChecksDeps {
  clock: Clock;
  check(url: string, signal: AbortSignal): Promise<WebCheckResult>;
  /** A page failed its check (the player reports it like any failed item). */
  onFailed(url: string, failure: Extract<WebCheckResult, { ok: false }>): void;
  /** A verdict was recorded: the player re-decides its plan. */
  onChange(): void;
}

export interface WebChecks {
  readiness(url: string, now: number): WebReadiness;
  /** Checks the wanted URLs without a fresh verdict, a few at a time (current playlist first). */
  pump(wantedUrls: readonly string[]): void;
  /** The next instant (> now) a wanted URL needs a check again, or null. */
  nextDueAt(now: number): number | null;
  /** Forgets every failure and makes every pass stale (reload_content, a changed allow-list):
   * failed pages are checked again at once, passed ones stay listed while checked again. */
  recheckAll(): void;
  stop(): void;
}

export function createWebChecks(deps: WebChecksDeps): WebChecks {
  const passedAt = new Map<string, number>();
  const health = createItemHealth(MAX_ENTRIES);
  const stopped = new AbortController();
  let wanted: readonly string[] = [];
  const inFlight = new Set<string>();
  let budget = 0;
  const needsCheck = (url: string, now: number) => {
    if (health.isBenched(url, now)) return false;
    const at = passedAt.get(url);
    return at === undefined || now - at >= WEB_OK_TTL_MS;
  };

  function record(url: string, result: WebCheckResult): void {
    const now = deps.clock.now();
    passedAt.delete(url);
    if (result.ok) {
      passedAt.set(url, now);
      health.succeed(url);
      while (passedAt.size > MAX_ENTRIES) passedAt.delete(passedAt.keys().next().value as string);
      return;
    }
    health.fail(url, result.code, now);
    deps.onFailed(url, result);
  }

  /** Starts checks until MAX_CONCURRENT_CHECKS are running or nothing more is due. */
  function fill(): void {
    while (inFlight.size < MAX_CONCURRENT_CHECKS && budget > 0 && !stopped.signal.aborted) {
      const now = deps.clock.now();
      const next = wanted.find((url) => !inFlight.has(url) && needsCheck(url, now));
      if (next === undefined) return;
      budget -= 1;
      inFlight.add(next);
      void Promise.resolve()
        .then(() => deps.check(next, stopped.signal))
        .catch((): WebCheckResult => ({ ok: false, code: 'network', reason: 'the check failed' }))
        .then((result) => {
          inFlight.delete(next);
          if (stopped.signal.aborted) return;
          record(next, result);
          deps.onChange();
          fill();
        })
        .catch(() => undefined); // a listener's fault: the verdict is recorded, the pool moves on
    }
  }

  /** A busy spell starts from idle with a fresh budget; a pump while busy keeps the current one. */
  function start(): void {
    if (inFlight.size === 0) budget = MAX_CHECKS_PER_PUMP;
    fill();
  }

  return {
    readiness(url, now) {
      if (health.isBenched(url, now)) return 'failed';
      return passedAt.has(url) ? 'ready' : 'pending';
    },
    pump(wantedUrls) {
      wanted = wantedUrls;
      start();
    },
    nextDueAt(now) {
      let next = health.nextRetryAt(now);
      for (const url of wanted) {
        const at = passedAt.get(url);
        const due = at === undefined ? undefined : at + WEB_OK_TTL_MS;
        if (due !== undefined && due > now && (next === null || due < next)) next = due;
      }
      return next;
    },
    recheckAll() {
      health.clear();
      for (const url of passedAt.keys()) passedAt.set(url, -Infinity);
      start();
    },
    stop: () => stopped.abort(),
  };
}
