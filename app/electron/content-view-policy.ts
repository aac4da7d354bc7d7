// The decisions behind the isolated views that show web items in Electron
// (docs/ARCHITECTURE.md#web-item-views): which session partition a web item gets, the view's
// locked-down preferences, where its frames may navigate, and which of its events mean "this item
// failed". Pure, so each rule is pinned by a table test; content-views.ts wires them to Electron.
import { createHash } from 'node:crypto';
import type { WebPreferences } from 'electron';
import { httpOriginOf, isWebNavigationAllowed } from '../ipc/content-policy';
import type { PlanItem, PlaybackReport, PlayPlan, ViewBounds } from '../ipc/contract';
import { LOCKED_DOWN_PREFERENCES } from './window-options';

export type WebPlanItem = Extract<PlanItem, { type: 'web' }>;
export type ViewFailure = NonNullable<PlaybackReport['reason']>;

/**
 * One persistent session per origin: a page keeps its cookies and storage across restarts (a
 * dashboard stays logged in), but never shares them with another operator's origin or with the
 * kiosk's own session. The name is a stable hash, so no URL text ends up in a directory name.
 */
export function contentPartition(itemUrl: string): string {
  const origin = httpOriginOf(itemUrl) ?? 'invalid';
  return `persist:content-${createHash('sha256').update(origin).digest('hex').slice(0, 24)}`;
}

/** The view's preferences: a plain sandboxed page with no preload and nothing of the kiosk's. */
export function contentViewPreferences(partition: string): WebPreferences {
  return {
    ...LOCKED_DOWN_PREFERENCES,
    partition,
    javascript: true,
    devTools: false,
    // Autoplaying muted video in a dashboard needs no gesture; sound stays the page's choice.
    autoplayPolicy: 'no-user-gesture-required',
  };
}

/** The web item `itemId` of `plan`, or null (gone from the plan, or not a web item). */
export function findWebItem(plan: PlayPlan | null, itemId: string): WebPlanItem | null {
  if (!plan || plan.screen.kind !== 'content') return null;
  const item = plan.screen.items.find((candidate) => candidate.id === itemId);
  return item?.type === 'web' ? item : null;
}

/**
 * May a frame of the item's view go to `url`? The main frame stays within the item's origin plus
 * the allow-list (the browser shell enforces the same with the wrapper's frame-src). A page's own
 * sub-frames (an embedded map, a video player) may load any http(s) page, as they may in the
 * browser shell; never a file, the kiosk's app:// scheme or anything else.
 */
export function isAllowedViewNavigation(url: unknown, isMainFrame: boolean, item: WebPlanItem, allowOrigins: readonly string[]): boolean {
  if (typeof url !== 'string') return false;
  if (isMainFrame) return isWebNavigationAllowed(url, item.url, allowOrigins);
  return httpOriginOf(url) !== null || url === 'about:blank' || url === 'about:srcdoc';
}

/** Chromium's net::ERR_ABORTED: our own refusal of a navigation, or a page replacing its own load. */
const ERR_ABORTED = -3;

/** `did-fail-load`: a main-frame load that really failed is a failed item; aborts and sub-frames are not. */
export function failureOfLoad(errorCode: number, isMainFrame: boolean): ViewFailure | null {
  if (!isMainFrame || errorCode === ERR_ABORTED) return null;
  return errorCode === -7 /* ERR_TIMED_OUT */ ? 'timeout' : 'load-error';
}

/** `did-navigate`: an error page (404, 500, …) of the main frame is a failed item, not content. */
export function failureOfResponse(httpResponseCode: number): ViewFailure | null {
  // 0: not an HTTP response (about:blank); 304: revalidated from the cache.
  if (httpResponseCode === 0 || httpResponseCode === 304) return null;
  return httpResponseCode >= 200 && httpResponseCode < 300 ? null : 'load-error';
}

/** `render-process-gone` / `unresponsive`: the page is gone or hung. */
export function failureOfProcess(event: 'gone' | 'unresponsive', reason?: string): ViewFailure | null {
  if (event === 'unresponsive') return 'timeout';
  // 'clean-exit' happens when we close the view ourselves.
  return reason === 'clean-exit' ? null : 'crash';
}

/** Every permission a web page may ask for is refused; the check handler answers the same. */
export function contentPermissionDecision(): false {
  return false;
}

/** The bounds the renderer asked for, cut to the window's content area (never off-screen). */
export function clampViewBounds(bounds: ViewBounds, area: { width: number; height: number }): ViewBounds {
  const side = (n: number) => (Number.isFinite(n) ? Math.min(16_384, Math.max(0, Math.floor(n))) : 0);
  const width = side(area.width);
  const height = side(area.height);
  const x = Math.min(bounds.x, width);
  const y = Math.min(bounds.y, height);
  return { x, y, width: Math.min(bounds.width, width - x), height: Math.min(bounds.height, height - y) };
}
