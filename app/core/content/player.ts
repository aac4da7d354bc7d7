// The signage player's core: decides the play plan from the schedule, the cache and the item
// health; keeps the media of current and upcoming playlists downloaded (one download at a time)
// and their web pages pre-flighted (a page that is not there is never listed);
// re-decides at every schedule boundary, retry time and `show_status` expiry; and turns the
// renderer's playback reports into proof of play. The renderer only plays what the plan lists.
import type { PlaybackReport, PlayPlan } from '../../ipc/content-schemas';
import type { ContentConfig, ContentItem } from '../config/device-config';
import { abortError, isAbortError, type Clock } from '../deps';
import type { EventRequest, TelemetryValue } from '../hub';
import type { Logger } from '../log/logger';
import { ContentCacheError, type MediaCache, type MediaRequest } from './cache';
import { mediaKey } from './cache-files';
import { createItemHealth } from './item-health';
import { buildPlayPlan, locateItem, type ItemReadiness } from './play-plan';
import { createProofOfPlay, type PlayLogEntry } from './proof-of-play';
import { choosePlaylist, nextScheduleBoundary, upcomingPlaylists } from './schedule';
import { createWebChecks } from './web-checks';
import type { WebCheckResult } from './web-preflight';

// One reason for every re-arm: the player re-arms on each status event (every telemetry tick), and
// abort() without a reason builds a new DOMException with a stack trace each time.
const REARMED = abortError();

const MAX_TIMER_MS = 2 ** 31 - 1;
export const MAX_SHOW_STATUS_MINUTES = 24 * 60;

export interface ContentPlayerDeps {
  content(): ContentConfig;
  claimed(): boolean;
  /** The space's offset from UTC in minutes, already falling back to the machine's. */
  utcOffsetMin(now: number): number;
  cache: MediaCache;
  clock: Clock;
  logger: Logger;
  emitPlan(plan: PlayPlan): void;
  /** The pre-flight of one web page (web-preflight.ts, bound to the outbound policy and allow-list). */
  checkWebPage(url: string, signal: AbortSignal): Promise<WebCheckResult>;
  /** Sends a Xyte event when a hub session exists (failures are aggregated before this). */
  sendEvent?(event: EventRequest): Promise<void>;
}

export interface ContentDump {
  plan: PlayPlan;
  cache: { files: number; bytes: number; budgetBytes: number };
  playLog: PlayLogEntry[];
}

export interface ContentPlayer {
  start(): void;
  stop(): void;
  plan(): PlayPlan;
  /** Re-decide now (config applied, claim state changed). */
  refresh(): void;
  /** Send the aggregated failure event if one is due (a hub session may exist now). */
  retryEvents(): void;
  report(report: PlaybackReport): void;
  showStatus(minutes: number): void;
  reloadContent(): void;
  nextItem(): void;
  telemetry(): Record<string, TelemetryValue>;
  dump(): ContentDump;
}

export function mediaRequestOf(item: ContentItem): MediaRequest | null {
  return item.type === 'web' ? null : { url: item.url, sha256: item.sha256, size: item.size };
}

export function createContentPlayer(deps: ContentPlayerDeps): ContentPlayer {
  const { clock, cache, logger } = deps;
  const playHealth = createItemHealth();
  const downloadHealth = createItemHealth();
  const proof = createProofOfPlay();
  let revision = 0;
  let skip = 0;
  let showStatusUntil = 0;
  let current: PlayPlan | null = null;
  let lastSent = '';
  let wake = new AbortController();
  let stopped = true;
  let downloading = false;
  let allowList = '';
  const webChecks = createWebChecks({
    clock,
    check: (url, signal) => deps.checkWebPage(url, signal),
    onFailed(url, failure) {
      failUrl(url, `web ${failure.code === 'http-status' ? failure.reason : failure.code}`);
      logger.warn('content web page failed its check', { url, code: failure.code, reason: failure.reason });
    },
    onChange: () => publish(),
  });

  const playKey = (itemId: string, item: ContentItem) => `${itemId}\n${item.url}`;
  const readiness = (item: ContentItem, itemId: string): ItemReadiness => {
    const now = clock.now();
    if (playHealth.isBenched(playKey(itemId, item), now)) return { kind: 'failed' };
    const request = mediaRequestOf(item);
    if (!request) return { kind: webChecks.readiness(item.url, now) };
    const cached = cache.lookup(request);
    if (cached) return { kind: 'ready', src: `/content/${cached.key}?v=${cached.sha256.slice(0, 12)}` };
    return downloadHealth.isBenched(mediaKey(request), now) ? { kind: 'failed' } : { kind: 'pending' };
  };

  function decide(): PlayPlan {
    const now = clock.now();
    const content = deps.content();
    const choice = choosePlaylist(content, now, deps.utcOffsetMin(now));
    return buildPlayPlan({ content, choice, claimed: deps.claimed(), showingStatus: showStatusUntil > now, readiness, revision, skip });
  }

  /** Items of the current and upcoming playlists, current playlist first. */
  function wantedItems(): ContentItem[] {
    const now = clock.now();
    const content = deps.content();
    const choice = choosePlaylist(content, now, deps.utcOffsetMin(now));
    const names = new Set([...(choice.kind === 'none' ? [] : [choice.playlist]), ...upcomingPlaylists(content, now, deps.utcOffsetMin(now))]);
    return [...names].flatMap((name) => content.playlists[name]?.items ?? []);
  }
  const webUrlsOf = (items: ContentItem[]) => [...new Set(items.flatMap((item) => (item.type === 'web' ? [item.url] : [])))];

  /** Media the current and upcoming playlists need, current playlist first. */
  function wantedMedia(items = wantedItems()): MediaRequest[] {
    const seen = new Set<string>();
    const requests: MediaRequest[] = [];
    for (const item of items) {
      const request = mediaRequestOf(item);
      if (request && !seen.has(mediaKey(request))) {
        seen.add(mediaKey(request));
        requests.push(request);
      }
    }
    return requests;
  }

  async function pumpDownloads(): Promise<void> {
    if (downloading || stopped) return;
    downloading = true;
    try {
      // bounded: every pass either caches a file or benches it, and the wanted list is finite
      for (let pass = 0; pass < 1000 && !stopped; pass += 1) {
        const now = clock.now();
        const next = wantedMedia().find((r) => !cache.lookup(r) && !downloadHealth.isBenched(mediaKey(r), now));
        if (!next) return;
        try {
          await cache.ensure(next);
          downloadHealth.succeed(mediaKey(next));
        } catch (error) {
          if (stopped) return;
          const code = error instanceof ContentCacheError ? error.code : 'internal';
          downloadHealth.fail(mediaKey(next), code, clock.now());
          failUrl(next.url, `download ${code}`);
          logger.warn('content download failed', { url: next.url, code, error });
        }
        publish();
      }
    } finally {
      downloading = false;
    }
  }

  /** Records a failure of the item that has `url` (first match) in the play log and the events. */
  const failUrl = (url: string, reason: string) => {
    const where = locateItem(deps.content(), url);
    proof.failed(where?.playlist ?? '-', where?.itemId ?? '-', reason, clock.now());
  };

  /** reload_content: re-fetches the cached files no sha256 pins, one at a time; a failure keeps the old file. */
  async function refetchMedia(): Promise<void> {
    for (const request of wantedMedia().filter((r) => r.sha256 === undefined && cache.lookup(r))) {
      if (stopped) return;
      await cache.refresh(request).then(publish, (error: unknown) => logger.warn('content re-fetch failed; the cached file stays', { url: request.url, error }));
    }
  }

  function publish(): void {
    const allowed = JSON.stringify(deps.content().web_allow_list);
    if (allowed !== allowList) webChecks.recheckAll(); // a verdict may depend on the allow-list
    allowList = allowed;
    current = decide();
    const items = wantedItems();
    cache.setWanted(wantedMedia(items));
    const text = JSON.stringify(current);
    if (text !== lastSent) {
      lastSent = text;
      deps.emitPlan(current);
    }
    void pumpDownloads();
    if (!stopped) webChecks.pump(webUrlsOf(items));
    void flushEvents();
    rearm();
  }

  /** One timer: the next schedule boundary, retry time or `show_status` expiry, whichever is first. */
  function rearm(): void {
    wake.abort(REARMED);
    if (stopped) return;
    wake = new AbortController();
    const now = clock.now();
    const content = deps.content();
    // no schedule entries: the choice never changes by itself, so no boundary to wait for
    const candidates = [
      content.schedule.length > 0 ? nextScheduleBoundary(content, now, deps.utcOffsetMin(now)) : Infinity,
      showStatusUntil > now ? showStatusUntil : Infinity,
      playHealth.nextRetryAt(now) ?? Infinity,
      downloadHealth.nextRetryAt(now) ?? Infinity,
      webChecks.nextDueAt(now) ?? Infinity,
    ];
    const due = Math.min(...candidates);
    if (due === Infinity) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, due - now));
    clock.sleep(delay, wake.signal).then(publish, (error: unknown) => {
      if (!isAbortError(error)) logger.warn('content timer failed', { error });
    });
  }

  async function flushEvents(): Promise<void> {
    if (!deps.sendEvent) return;
    const summary = proof.takeFailureEvent(clock.now());
    if (!summary) return;
    await deps
      .sendEvent({
        name: 'content_item_failed',
        category: 'content',
        int_key_1: summary.count,
        string_key_1: summary.samples.join('; ').slice(0, 255),
        timestamp: new Date(clock.now()).toISOString(),
      })
      .catch((error: unknown) => {
        proof.requeue(summary); // no hub session or the hub is down: kept for the next chance
        logger.warn('content failure event not sent', { error });
      });
  }

  return {
    start() {
      stopped = false;
      publish();
    },
    stop() {
      stopped = true;
      wake.abort();
      webChecks.stop();
      cache.close();
    },
    plan: () => current ?? decide(),
    refresh: () => publish(),
    retryEvents: () => void flushEvents(),
    report(report) {
      const plan = current;
      if (!plan || plan.screen.kind !== 'content') return;
      const playlist = plan.screen.playlist;
      const index = plan.screen.items.findIndex((i) => i.id === report.itemId);
      const item = deps.content().playlists[playlist]?.items[Number(report.itemId.split('/').pop()) - 1];
      if (index < 0 || !item) return; // a report for a plan that changed meanwhile
      const now = clock.now();
      if (report.outcome === 'started') {
        playHealth.succeed(playKey(report.itemId, item));
        proof.played(playlist, report.itemId, now);
        const request = mediaRequestOf(item);
        if (request) {
          const cached = cache.lookup(request);
          if (cached) cache.markPlayed(cached.key);
        }
        return;
      }
      playHealth.fail(playKey(report.itemId, item), report.reason ?? 'load-error', now);
      proof.failed(playlist, report.itemId, report.reason ?? 'load-error', now);
      logger.warn('content item failed to play', { playlist, itemId: report.itemId, reason: report.reason });
      publish();
    },
    showStatus(minutes) {
      const bounded = Number.isFinite(minutes) ? Math.min(MAX_SHOW_STATUS_MINUTES, Math.max(0, minutes)) : 0;
      showStatusUntil = clock.now() + bounded * 60_000;
      publish();
    },
    reloadContent() {
      playHealth.clear();
      downloadHealth.clear();
      webChecks.recheckAll();
      revision += 1;
      publish();
      void refetchMedia();
    },
    nextItem() {
      skip += 1;
      publish();
    },
    telemetry: () => proof.takeTelemetry(cache.usage()),
    dump: () => ({ plan: current ?? decide(), cache: cache.usage(), playLog: proof.playLog(clock.now()) }),
  };
}
