// The signage player's shapes across the process boundary: the play plan the core hands the
// renderer, and the playback reports the renderer sends back. Cached media travel as a path on the
// shell's own origin (`/content/<key>`), never as a file path or a remote URL.
import * as z from 'zod';

const itemId = z.string().min(1).max(100);
const durationMs = z.number().int().min(1000).max(86_400_000);
/** A cached file, served by the shell (browser shell HTTP, Electron app protocol). */
export const CONTENT_PATH_PREFIX = '/content/';
/** A cached file's key, and a version of its bytes so a re-fetched file is never a stale browser-cache hit. */
const cachedSrc = z.string().regex(/^\/content\/[0-9a-f]{40}(\?v=[0-9a-f]{12})?$/);
const httpUrl = z
  .string()
  .max(2048)
  .refine((text) => /^https?:\/\//i.test(text) && URL.canParse(text), { error: 'must be an http(s) URL' });

export const planItemSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('image'), id: itemId, src: cachedSrc, durationMs, fit: z.enum(['contain', 'cover']) }),
  z.object({ type: z.literal('video'), id: itemId, src: cachedSrc, durationMs: durationMs.nullable(), fit: z.enum(['contain', 'cover']), muted: z.boolean() }),
  z.object({ type: z.literal('web'), id: itemId, url: httpUrl, durationMs, reloadMs: durationMs.nullable() }),
]);
export type PlanItem = z.infer<typeof planItemSchema>;

/** Why the status screen shows instead of content (the renderer words it for the audience). */
export const statusReasonSchema = z.enum(['unclaimed', 'no-content', 'preparing', 'nothing-playable', 'show-status']);
export type StatusReason = z.infer<typeof statusReasonSchema>;

export const playPlanSchema = z.object({
  /** Bumped by `reload_content`: the renderer restarts the playlist from its first item. */
  revision: z.number().int().nonnegative(),
  /** Bumped by `next_item`: the renderer switches to the next item now. */
  skip: z.number().int().nonnegative(),
  screen: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('content'), playlist: z.string().min(1).max(64), items: z.array(planItemSchema).min(1).max(100) }),
    z.object({ kind: z.literal('status'), reason: statusReasonSchema }),
  ]),
  /** Show a small corner badge while the hub is unreachable. */
  offlineBadge: z.boolean(),
  /** Origins a web item may navigate to besides its own. */
  allowOrigins: z.array(z.string().max(2048)).max(64),
});
export type PlayPlan = z.infer<typeof playPlanSchema>;

export const playbackReportSchema = z.object({
  itemId,
  /** `started`: the item's first frame is on screen. `failed`: it could not be shown. */
  outcome: z.enum(['started', 'failed']),
  reason: z.enum(['load-error', 'decode-error', 'timeout', 'crash']).optional(),
});
export type PlaybackReport = z.infer<typeof playbackReportSchema>;

/**
 * A rectangle of the kiosk window in CSS pixels (Electron: DIPs). Bounded where it enters: no
 * screen is wider or taller than 16384 px.
 */
const px = z.number().int().min(0).max(16_384);
export const viewBoundsSchema = z.object({ x: px, y: px, width: px, height: px });
export type ViewBounds = z.infer<typeof viewBoundsSchema>;

/** Where the live web item's view sits: `visible: false` while the kiosk's own UI covers the content. */
export const viewLayoutSchema = z.object({ visible: z.boolean(), bounds: viewBoundsSchema });
export type ViewLayout = z.infer<typeof viewLayoutSchema>;

/** The renderer's own number for one view (unique per page load; main closes every view when the page reloads). */
const viewId = z.number().int().nonnegative().max(2_147_483_647);
const failReason = z.enum(['load-error', 'decode-error', 'timeout', 'crash']);

/**
 * Electron only: the renderer drives the isolated views that show web items (docs/ARCHITECTURE.md#web-item-views).
 * It names an item of the current plan, never a URL: main takes the URL from its own copy of the plan.
 */
export const webViewRequestSchema = z.discriminatedUnion('op', [
  /** Load the item in a new hidden view; the answer says whether it loaded. */
  z.object({ op: z.literal('prepare'), viewId, itemId }),
  /** Put the prepared view on screen, above the previous one (which the renderer then releases). */
  z.object({ op: z.literal('show'), viewId }),
  /** The item's reload period came round. */
  z.object({ op: z.literal('reload'), viewId }),
  /** Close the view (the next item has painted, or the item was dropped). */
  z.object({ op: z.literal('release'), viewId }),
  /** The kiosk UI changed: where the live view may show, or that it must hide. */
  z.object({ op: z.literal('layout'), layout: viewLayoutSchema }),
]);
export type WebViewRequest = z.infer<typeof webViewRequestSchema>;

export const webViewResultSchema = z.object({ ok: z.boolean(), reason: failReason.optional() });
export type WebViewResult = z.infer<typeof webViewResultSchema>;

/** main → renderer (Electron): a prepared or live view failed (crash, hang, error page); report it and move on. */
export const webViewFailedSchema = z.object({ viewId, itemId, reason: failReason });
export type WebViewFailed = z.infer<typeof webViewFailedSchema>;
