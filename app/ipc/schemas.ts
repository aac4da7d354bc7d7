// Data shapes that cross the process boundary (main → renderer and back). Everything here is
// safe to show on screen: no schema has a place for a secret (docs/ARCHITECTURE.md#persistence).
import * as z from 'zod';

const isoTime = z.string().max(64);
const shortText = z.string().max(2000);
const version = z.string().min(1).max(64);

export const connectionStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('unregistered') }),
  z.object({ state: z.literal('registering'), attempt: z.number().int().nonnegative(), nextRetryAt: isoTime.optional(), message: shortText.optional() }),
  z.object({ state: z.literal('already-registered'), message: shortText, nextRetryAt: isoTime.optional() }),
  /** `issue`: a standing problem the hub hears about (e.g. a refused config); technical text. */
  z.object({ state: z.literal('online'), issue: shortText.optional() }),
  z.object({ state: z.literal('offline'), message: shortText, nextRetryAt: isoTime.optional() }),
  z.object({ state: z.literal('error'), message: shortText, nextRetryAt: isoTime.optional() }),
]);
export type ConnectionState = z.infer<typeof connectionStateSchema>;

export const upgradePhaseSchema = z.enum(['resolve', 'download', 'verify', 'stage', 'install', 'restart', 'confirm', 'commit', 'rollback']);
export type UpgradePhase = z.infer<typeof upgradePhaseSchema>;

export const upgradeProgressSchema = z.object({
  phase: upgradePhaseSchema,
  version: version,
  bytesDone: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative().nullable(),
  rateBytesPerSec: z.number().nonnegative(),
  etaSec: z.number().nonnegative().nullable(),
});
export type UpgradeProgress = z.infer<typeof upgradeProgressSchema>;

/** What the upgrade dialog / progress view shows. */
export const upgradeViewSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('idle') }),
  z.object({ kind: z.literal('notice'), current: version, available: version, notes: shortText.optional(), source: z.enum(['notice', 'command']) }),
  z.object({ kind: z.literal('in-progress'), current: version, target: version, progress: upgradeProgressSchema }),
  z.object({ kind: z.literal('succeeded'), version, at: isoTime }),
  z.object({ kind: z.literal('failed'), target: version, reason: shortText, at: isoTime }),
]);
export type UpgradeView = z.infer<typeof upgradeViewSchema>;

export const licenseSummarySchema = z.object({
  active: z.number().int().nonnegative(),
  items: z.array(z.object({ id: z.string().max(100), expiresAt: isoTime.nullable() })).max(500),
});
export type LicenseSummary = z.infer<typeof licenseSummarySchema>;

export const statusSnapshotSchema = z.object({
  connection: connectionStateSchema,
  device: z.object({
    name: shortText.optional(),
    deviceId: z.string().max(100).optional(),
    cloudId: z.string().max(100).optional(),
    sn: z.string().max(200),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
  claim: z.object({ claimed: z.boolean(), claimUrl: z.string().max(500).optional() }),
  versions: z.object({ app: version, config: z.number().int().nonnegative(), latestKnown: version }),
  lastTelemetryAt: isoTime.nullable(),
  /** MQTT mixed mode: instant delivery of commands and changes (absent = off). */
  push: z.enum(['connected', 'disconnected', 'off']).optional(),
  space: z.object({
    name: shortText.optional(),
    maintenance: z.boolean(),
    utcOffsetMin: z.number().int().optional(),
    temperatureUnits: z.string().max(40).optional(),
  }),
  licenses: licenseSummarySchema,
  upgrade: upgradeViewSchema,
  /** Operator-facing settings from the cloud config that the screen uses. */
  display: z.object({
    title: shortText.optional(),
    theme: z.enum(['dark', 'light']).default('dark'),
    /** The upgrade dialog closes itself as "Later" after this many seconds (cloud `upgrade.prompt_timeout_sec`; absent: 60). */
    promptTimeoutSec: z.number().int().min(10).max(600).optional(),
  }),
});
export type StatusSnapshot = z.infer<typeof statusSnapshotSchema>;

export const commandEventSchema = z.object({
  phase: z.enum(['started', 'progress', 'finished']),
  id: z.string().max(100),
  name: z.string().max(100),
  /** Human text for the toast, e.g. "Rebooting…". */
  label: shortText,
  ok: z.boolean().optional(),
  message: shortText.optional(),
});
export type CommandEvent = z.infer<typeof commandEventSchema>;

export const configEventSchema = z.object({
  outcome: z.enum(['applied', 'refused']),
  version: z.number().int().nonnegative(),
  /** Top-level keys that changed, for the toast. */
  changed: z.array(z.string().max(200)).max(100),
  message: shortText.optional(),
});
export type ConfigEvent = z.infer<typeof configEventSchema>;

export const heartbeatSchema = z.object({
  /** Which screen the renderer shows ("status", "upgrade-dialog", "upgrade-progress", …). */
  screen: z.string().min(1).max(40),
  /** Renderer-side monotonic ms; only used to spot a stuck clock, not trusted as time. */
  seq: z.number().int().nonnegative(),
});
export type Heartbeat = z.infer<typeof heartbeatSchema>;

export const upgradeDecisionSchema = z.object({ version });
export type UpgradeDecision = z.infer<typeof upgradeDecisionSchema>;

export const ackSchema = z.object({ ok: z.boolean(), message: shortText.optional() });
export type Ack = z.infer<typeof ackSchema>;

export const postponeResultSchema = z.object({ ok: z.boolean(), remindAt: isoTime.nullable() });
export type PostponeResult = z.infer<typeof postponeResultSchema>;
