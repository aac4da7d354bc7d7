// The signage player's shapes across the process boundary: the play plan the core hands the
// renderer, and the playback reports the renderer sends back. Cached media travel as a path on the
// shell's own origin (`/content/<key>`), never as a file path or a remote URL.
import { z } from 'zod';

const itemId = z.string().min(1).max(100);
const durationMs = z.number().int().min(1000).max(86_400_000);
/** A cached file, served by the shell (browser shell HTTP, Electron app protocol). */
export const CONTENT_PATH_PREFIX = '/content/';
const cachedSrc = z.string().regex(/^\/content\/[0-9a-f]{40}$/);
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
