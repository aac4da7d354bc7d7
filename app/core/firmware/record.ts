// The persisted upgrade record: the firmware pipeline writes it at every step so a power cut at
// any point resumes or rolls back, never leaves a mixed install (docs/PROTOCOL.md#firmware-notice, #firmware-integrity).
import * as z from 'zod';

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
  z.object({ kind: z.literal('command'), commandId: z.string(), fileId: z.string().optional() }),
]);
export type UpgradeSource = z.infer<typeof upgradeSourceSchema>;

export const firmwareFileSchema = z.object({
  url: z.string(),
  version: z.string(),
  name: z.string().optional(),
  checksum: z.string().nullable().optional(),
  signature: z.string().nullable().optional(),
  size: z.number().int().nonnegative().nullable().optional(),
  notes: z.string().nullable().optional(),
});
export type FirmwareFile = z.infer<typeof firmwareFileSchema>;

export const upgradeRecordSchema = z.object({
  step: upgradeStepSchema,
  fromVersion: z.string(),
  toVersion: z.string(),
  source: upgradeSourceSchema,
  file: firmwareFileSchema.optional(),
  stagedPath: z.string().optional(),
  /** Starts of the new version that have not yet been confirmed healthy. */
  unconfirmedStarts: z.number().int().nonnegative().default(0),
  reason: z.string().optional(),
  /** FirmwareErrorCode of the failure that ended this upgrade (step 'failed'). */
  code: z.string().optional(),
  /** Set when `toVersion` must never be offered again automatically (agent adds it to failedVersions). */
  failedVersion: z.string().optional(),
  /** The command named this exact version: a lower or equal version is allowed (docs/PROTOCOL.md#firmware-integrity). */
  exactVersionRequested: z.boolean().optional(),
  /** The agent has reported this terminal outcome (command status); see FirmwareUpdater.markReported. */
  reported: z.boolean().optional(),
  /** Which installer strategy handled the install (for diagnostics and rollback). */
  installer: z.string().optional(),
  startedAt: z.string(),
  updatedAt: z.string(),
});
export type UpgradeRecord = z.infer<typeof upgradeRecordSchema>;
