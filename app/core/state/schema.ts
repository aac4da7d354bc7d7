// Shapes of what the device keeps on disk (docs/PROTOCOL.md#persistence, docs/ARCHITECTURE.md#persistence). Validated on load;
// a file that fails validation is never silently reset (see durable-file / device-state-store).
import * as z from 'zod';
import { upgradeRecordSchema } from '../firmware/record';

/** Credentials from Register Device. Wiped on 401 (docs/PROTOCOL.md#unauthorized). */
export const identitySchema = z.object({
  deviceId: z.string().min(1),
  accessKey: z.string().min(1),
  hubUrl: z.string().min(1),
  hubUrlStaticCert: z.string().optional(),
  mqttHubUrl: z.string().optional(),
  registeredAt: z.string(),
});
export type Identity = z.infer<typeof identitySchema>;

/** Kept across a 401 wipe: who this machine is, not what the cloud called it. */
export const hardwareIdentitySchema = z.object({
  hardwareKey: z.string().min(1),
  sn: z.string().min(1),
  mac: z.string().optional(),
  cloudId: z.string().optional(),
});
export type HardwareIdentity = z.infer<typeof hardwareIdentitySchema>;

export const commandRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  parameters: z.record(z.string(), z.unknown()).default({}),
  startedAt: z.string(),
  /** What had happened when the record was last written; decides the result after a restart.
   *  'finished': `outcome` is decided and waits for the hub to take it. */
  phase: z.enum(['received', 'in_progress', 'executing', 'awaiting_restart', 'finished']),
  /** For reboot: process boot id / uptime marker at execution, to prove a reboot happened. */
  bootMarker: z.string().optional(),
  /** For update_firmware: the version that must be running for `done`. */
  targetVersion: z.string().optional(),
  /** The final result, written BEFORE it is sent: after a restart it is reported as is (exactly once). */
  outcome: z.object({ status: z.enum(['done', 'failed']), message: z.string().optional() }).optional(),
});
export type CommandRecord = z.infer<typeof commandRecordSchema>;

export const licenseSchema = z.object({
  id: z.string(),
  data: z.string(),
  expiresAt: z.string().nullable(),
  addedAt: z.string(),
});
export type License = z.infer<typeof licenseSchema>;

export const spaceStateSchema = z.object({
  name: z.string().optional(),
  maintenance: z.boolean().default(false),
  utcOffsetMin: z.number().int().optional(),
  temperatureUnits: z.string().optional(),
});
export type SpaceState = z.infer<typeof spaceStateSchema>;

export const deviceStateSchema = z.object({
  schemaVersion: z.literal(1).default(1),
  configVersion: z.number().int().nonnegative().default(0),
  /** The last config that validated and was applied (our config schema lives in agent/config). */
  config: z.record(z.string(), z.unknown()).default({}),
  spaceDataVersion: z.number().int().nonnegative().default(0),
  space: spaceStateSchema.default({ maintenance: false }),
  infoVersion: z.number().int().nonnegative().default(0),
  info: z.object({ name: z.string().optional(), details: z.record(z.string(), z.unknown()).optional() }).default({}),
  /** The last version already notified; initialised to the running version (docs/PROTOCOL.md#firmware-notice). */
  latestVer: z.string().optional(),
  licenses: z.array(licenseSchema).default([]),
  inflightCommand: commandRecordSchema.nullable().default(null),
  upgrade: upgradeRecordSchema.nullable().default(null),
  /** Versions that failed to confirm and must never be offered again automatically. */
  failedVersions: z.array(z.string()).default([]),
  postponed: z.object({ version: z.string(), until: z.string() }).nullable().default(null),
  openIncidents: z.array(z.object({ id: z.string(), issue: z.string() })).default([]),
  reportedFirmwareVersion: z.string().optional(),
  /**
   * The hub took a telemetry sample from these credentials: after a restart during an outage the
   * capped recovery back-off still applies (docs/PROTOCOL.md "Recovery after an outage"). A value
   * that is not a boolean reads as false (the long back-off), never as a corrupt file.
   */
  reachedHub: z.boolean().catch(false),
});
export type DeviceState = z.infer<typeof deviceStateSchema>;

/** Fields wiped with the identity on 401 (docs/PROTOCOL.md#persistence); the rest is device-local. */
export const CLOUD_SCOPED_FIELDS = [
  'configVersion',
  'spaceDataVersion',
  'space',
  'infoVersion',
  'info',
  'licenses',
  'inflightCommand',
  'openIncidents',
  'reportedFirmwareVersion',
  'reachedHub',
] as const satisfies readonly (keyof DeviceState)[];
