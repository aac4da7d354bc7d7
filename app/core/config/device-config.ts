// What the cloud configuration may contain (docs/PROTOCOL.md#config). Every field is optional with a default,
// so an empty config is valid. Unknown top-level keys are tolerated (a newer portal schema must not
// brick older kiosks) but reported so the operator can spot typos.
import { createPublicKey } from 'node:crypto';
import * as z from '../zod-mini';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
// A bare host name (optionally with a port): it is pasted into https://<domain>/c/<cloud_id>.
const HOST_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i;

function isPublicKeyPem(pem: string): boolean {
  try {
    createPublicKey(pem);
    return true;
  } catch {
    return false;
  }
}

const publicKeyPem = z
  .string()
  .check(z.maxLength(16_384), z.refine(isPublicKeyPem, { error: 'must be a PEM public key (-----BEGIN PUBLIC KEY-----)' }));

const timeOfDay = z.string().check(z.regex(HH_MM, { error: 'must be a time of day HH:MM (00:00–23:59)' }));

const telemetrySchema = z.object({
  interval_sec: z._default(z.number().check(z.int(), z.gte(5), z.lte(120)), 30),
});

const upgradeSchema = z.object({
  policy: z._default(z.enum(['prompt', 'auto', 'off']), 'prompt'),
  window: z.prefault(z.object({ start: z._default(timeOfDay, '02:00'), end: z._default(timeOfDay, '04:00') }), {}),
  allow_unverified: z._default(z.boolean(), false),
  max_size_mb: z._default(z.number().check(z.int(), z.gte(1), z.lte(65_536)), 2048),
  public_key_pem: z.optional(publicKeyPem),
  postpone_hours: z._default(z.number().check(z.gte(0.25), z.lte(168)), 4),
  /**
   * Seconds the "new version" dialog stays up before it closes itself as "Later" (a kiosk usually
   * has no keyboard and nobody to answer it). 10–600, default 60.
   */
  prompt_timeout_sec: z._default(z.number().check(z.int(), z.gte(10), z.lte(600)), 60),
});


// ---- content: what the screen plays (see README "Showing content"). Every count, length and
// number is bounded here because the config comes from the network.
const MAX_URL = 2048;
const NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** An absolute http(s) URL without credentials; other schemes (file:, data:, javascript:) are refused. */
const httpUrl = z.string().check(z.maxLength(MAX_URL), z.refine(isHttpUrl, { error: 'must be an http(s) URL without user:password' }));
const playlistName = z.string().check(z.regex(NAME, { error: 'must be a name of 1–64 letters, digits, spaces, _ . -' }));
/** Lower-case hex sha256 of the file; the cached copy must match it before it is ever shown. */
const sha256Hex = z.pipe(
  z.string().check(z.regex(/^[0-9a-fA-F]{64}$/, { error: 'must be 64 hex digits' })),
  z.transform((s) => s.toLowerCase()),
);
/** Expected size in bytes (also a cap: a download growing past it is cut off). Up to 8 GiB. */
const fileSize = z.number().check(z.int(), z.gte(1), z.lte(8 * 1024 ** 3));
const label = z.optional(z.string().check(z.maxLength(80)));

/** A web page shown for `duration_sec`; `reload_sec` reloads it periodically while shown. */
const webItem = z.object({
  type: z.literal('web'),
  url: httpUrl,
  name: label,
  duration_sec: z._default(z.number().check(z.int(), z.gte(1), z.lte(86_400)), 30),
  reload_sec: z.optional(z.number().check(z.int(), z.gte(10), z.lte(86_400))),
});
/** An image downloaded into the cache, shown for `duration_sec`, letter-boxed (contain) or cropped (cover). */
const imageItem = z.object({
  type: z.literal('image'),
  url: httpUrl,
  name: label,
  sha256: z.optional(sha256Hex),
  size: z.optional(fileSize),
  duration_sec: z._default(z.number().check(z.int(), z.gte(1), z.lte(86_400)), 10),
  fit: z._default(z.enum(['contain', 'cover']), 'contain'),
});
/** A video downloaded into the cache; plays to its end unless `duration_sec` cuts it. Muted by default so autoplay works. */
const videoItem = z.object({
  type: z.literal('video'),
  url: httpUrl,
  name: label,
  sha256: z.optional(sha256Hex),
  size: z.optional(fileSize),
  duration_sec: z.optional(z.number().check(z.int(), z.gte(1), z.lte(86_400))),
  fit: z._default(z.enum(['contain', 'cover']), 'contain'),
  muted: z._default(z.boolean(), true),
});
const contentItem = z.discriminatedUnion('type', [webItem, imageItem, videoItem]);

/**
 * One schedule entry: plays `playlist` on the given `weekdays` (default every day) between `start`
 * and `end` local time (end before start = overnight, 22:00–06:00; start === end or both absent =
 * all day), optionally only from `from` to `until` (inclusive dates). Weekdays and dates name the
 * day the window STARTS. The highest `priority` wins; a tie goes to the earlier entry.
 */
const scheduleEntry = z.object({
  playlist: playlistName,
  weekdays: z.optional(z.array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).check(z.minLength(1), z.maxLength(7))),
  start: z.optional(timeOfDay),
  end: z.optional(timeOfDay),
  from: z.optional(z.string().check(z.regex(DATE, { error: 'must be a date YYYY-MM-DD' }))),
  until: z.optional(z.string().check(z.regex(DATE, { error: 'must be a date YYYY-MM-DD' }))),
  priority: z._default(z.number().check(z.int(), z.gte(0), z.lte(1000)), 0),
});

const contentSchema = z
  .object({
    /** Named playlists (up to 32), each 1–100 items played in order, looping. */
    playlists: z._default(
      z
        .record(playlistName, z.object({ items: z.array(contentItem).check(z.minLength(1), z.maxLength(100)) }))
        .check(z.refine((r) => Object.keys(r).length <= 32, { error: 'must have at most 32 playlists' })),
      {},
    ),
    /** Up to 64 entries choosing a playlist by time; `default_playlist` plays when none matches. */
    schedule: z._default(z.array(scheduleEntry).check(z.maxLength(64)), []),
    default_playlist: z.optional(playlistName),
    /** Origins (scheme://host[:port]) web items may navigate to besides their own. Up to 64. */
    web_allow_list: z._default(z.array(httpUrl).check(z.maxLength(64)), []),
    /** Disk space the media cache may use, in MB (16 MB – 1 TB). */
    cache_budget_mb: z._default(z.number().check(z.int(), z.gte(16), z.lte(1_048_576)), 2048),
    /** `offline_badge`: a small corner badge while the hub is unreachable (default on). */
    status: z.prefault(z.object({ offline_badge: z._default(z.boolean(), true) }), {}),
  })
  .check(
    z.superRefine((content, ctx) => {
      const names = new Set(Object.keys(content.playlists));
      content.schedule.forEach((entry, index) => {
        if (!names.has(entry.playlist)) ctx.addIssue({ code: 'custom', path: ['schedule', index, 'playlist'], message: `names no playlist "${entry.playlist}"` });
        if (entry.from && entry.until && entry.from > entry.until) ctx.addIssue({ code: 'custom', path: ['schedule', index, 'until'], message: 'must not be before `from`' });
      });
      if (content.default_playlist !== undefined && !names.has(content.default_playlist)) {
        ctx.addIssue({ code: 'custom', path: ['default_playlist'], message: `names no playlist "${content.default_playlist}"` });
      }
    }),
  );

export type ContentConfig = z.infer<typeof contentSchema>;
export type ContentItem = z.infer<typeof contentItem>;
export type ScheduleEntry = z.infer<typeof scheduleEntry>;

export const deviceConfigSchema = z.object({
  telemetry: z.prefault(telemetrySchema, {}),
  upgrade: z.prefault(upgradeSchema, {}),
  licenses: z.prefault(z.object({ public_key_pem: z.optional(publicKeyPem) }), {}),
  display: z.prefault(
    z.object({ title: z.optional(z.string().check(z.maxLength(80))), theme: z._default(z.enum(['dark', 'light']), 'dark') }),
    {},
  ),
  claim: z.prefault(
    z.object({
      domain: z._default(z.string().check(z.maxLength(253), z.regex(HOST_NAME, { error: 'must be a host name such as app.xyte.io' })), 'app.xyte.io'),
    }),
    {},
  ),
  commands: z.prefault(
    z.object({ reboot_command: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(4096))).check(z.minLength(1), z.maxLength(32))) }),
    {},
  ),
  content: z.prefault(contentSchema, {}),
  /** MQTT mixed mode: `enabled: false` turns push off; telemetry slows to `telemetry_interval_sec` while connected. */
  push: z.prefault(
    z.object({ enabled: z._default(z.boolean(), true), telemetry_interval_sec: z._default(z.number().check(z.int(), z.gte(5), z.lte(300)), 60) }),
    {},
  ),
});

export type DeviceConfig = z.infer<typeof deviceConfigSchema>;

export type ParseDeviceConfigResult =
  | { ok: true; config: DeviceConfig; unknownKeys: string[] }
  | { ok: false; error: string };

const KNOWN_KEYS = new Set(Object.keys(deviceConfigSchema.shape));

export function defaultDeviceConfig(): DeviceConfig {
  return deviceConfigSchema.parse({});
}

/** Validates a cloud config. The error names the offending path, e.g. "telemetry.interval_sec: must be ≤ 120". */
export function parseDeviceConfig(raw: unknown): ParseDeviceConfigResult {
  const input = raw ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, error: `config: must be an object, got ${describeType(input)}` };
  }
  const parsed = deviceConfigSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: formatIssues(parsed.error.issues) };
  const unknownKeys = Object.keys(input).filter((key) => !KNOWN_KEYS.has(key));
  return { ok: true, config: parsed.data, unknownKeys };
}

/** Top-level sections whose content differs, for the "configuration updated" toast. */
export function changedTopLevelKeys(prev: DeviceConfig, next: DeviceConfig): string[] {
  const keys = new Set([...Object.keys(prev), ...Object.keys(next)]);
  const prevRecord = prev as Record<string, unknown>;
  const nextRecord = next as Record<string, unknown>;
  return [...keys].filter((key) => stableJson(prevRecord[key]) !== stableJson(nextRecord[key])).sort();
}

type Issue = z.core.$ZodIssue;

function formatIssues(issues: readonly Issue[]): string {
  const shown = issues.slice(0, 3).map(formatIssue);
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  return shown.join('; ') + more;
}

function formatIssue(issue: Issue): string {
  const path = issue.path.length ? issue.path.map(String).join('.') : 'config';
  return `${path}: ${describeIssue(issue)}`;
}

function describeIssue(issue: Issue): string {
  switch (issue.code) {
    case 'too_big':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `must have at most ${countOf(Number(issue.maximum), issue.origin)}`
        : `must be ≤ ${String(issue.maximum)}`;
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `must have at least ${countOf(Number(issue.minimum), issue.origin)}`
        : `must be ≥ ${String(issue.minimum)}`;
    case 'invalid_type':
      return issue.expected === 'int' ? 'must be an integer' : `must be ${article(issue.expected)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      // Custom messages (regex, refine) are already worded for the operator.
      return issue.message;
  }
}

function countOf(count: number, origin: string): string {
  const unit = origin === 'string' ? 'character' : 'item';
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/** JSON with sorted object keys, so key order never counts as a change. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const record = item as Record<string, unknown>;
    return Object.fromEntries(Object.keys(record).sort().map((key) => [key, record[key]]));
  }) ?? 'undefined';
}
