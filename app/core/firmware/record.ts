// The persisted upgrade record: the firmware pipeline writes it at every step so a power cut at
// any point resumes or rolls back, never leaves a mixed install (docs/PROTOCOL.md#firmware-notice, #firmware-integrity).
import * as z from '../zod-mini';

export const upgradeStepSchema = z.enum([
  'resolve',
  'download',
  'verify',
  'stage',
  'install',
  'restart',
  'confirm',
  'commit',
  'rollback',
  'failed',
]);
export type UpgradeStep = z.infer<typeof upgradeStepSchema>;

export const upgradeSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('notice'), fileId: z.string() }),
  z.object({ kind: z.literal('command'), commandId: z.string(), fileId: z.optional(z.string()) }),
]);
export type UpgradeSource = z.infer<typeof upgradeSourceSchema>;

export const firmwareFileSchema = z.object({
  url: z.string(),
  version: z.string(),
  name: z.optional(z.string()),
  checksum: z.optional(z.nullable(z.string())),
  signature: z.optional(z.nullable(z.string())),
  size: z.optional(z.nullable(z.number().check(z.int(), z.nonnegative()))),
  notes: z.optional(z.nullable(z.string())),
});
export type FirmwareFile = z.infer<typeof firmwareFileSchema>;

export const upgradeRecordSchema = z.object({
  step: upgradeStepSchema,
  fromVersion: z.string(),
  toVersion: z.string(),
  source: upgradeSourceSchema,
  file: z.optional(firmwareFileSchema),
  stagedPath: z.optional(z.string()),
  /** Starts of the new version that have not yet been confirmed healthy. */
  unconfirmedStarts: z._default(z.number().check(z.int(), z.nonnegative()), 0),
  reason: z.optional(z.string()),
  /** FirmwareErrorCode of the failure that ended this upgrade (step 'failed'). */
  code: z.optional(z.string()),
  /** Set when `toVersion` must never be offered again automatically (agent adds it to failedVersions). */
  failedVersion: z.optional(z.string()),
  /** The command named this exact version: a lower or equal version is allowed (docs/PROTOCOL.md#firmware-integrity). */
  exactVersionRequested: z.optional(z.boolean()),
  /** The agent has reported this terminal outcome (command status); see FirmwareUpdater.markReported. */
  reported: z.optional(z.boolean()),
  /** Which installer strategy handled the install (for diagnostics and rollback). */
  installer: z.optional(z.string()),
  startedAt: z.string(),
  updatedAt: z.string(),
});
export type UpgradeRecord = z.infer<typeof upgradeRecordSchema>;
