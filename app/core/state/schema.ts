// Shapes of what the device keeps on disk (docs/PROTOCOL.md#persistence, docs/ARCHITECTURE.md#persistence). Validated on load;
// a file that fails validation is never silently reset (see durable-file / device-state-store).
import * as z from '../zod-mini';
import { upgradeRecordSchema } from '../firmware/record';

/** Credentials from Register Device. Wiped on 401 (docs/PROTOCOL.md#unauthorized). */
export const identitySchema = z.object({
  deviceId: z.string().check(z.minLength(1)),
  accessKey: z.string().check(z.minLength(1)),
  hubUrl: z.string().check(z.minLength(1)),
  hubUrlStaticCert: z.optional(z.string()),
  mqttHubUrl: z.optional(z.string()),
  registeredAt: z.string(),
});
export type Identity = z.infer<typeof identitySchema>;

/** Kept across a 401 wipe: who this machine is, not what the cloud called it. */
export const hardwareIdentitySchema = z.object({
  hardwareKey: z.string().check(z.minLength(1)),
  sn: z.string().check(z.minLength(1)),
  mac: z.optional(z.string()),
  cloudId: z.optional(z.string()),
});
export type HardwareIdentity = z.infer<typeof hardwareIdentitySchema>;

export const commandRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  parameters: z._default(z.record(z.string(), z.unknown()), {}),
  startedAt: z.string(),
  /** What had happened when the record was last written; decides the result after a restart.
   *  'finished': `outcome` is decided and waits for the hub to take it. */
  phase: z.enum(['received', 'in_progress', 'executing', 'awaiting_restart', 'finished']),
  /** For reboot: process boot id / uptime marker at execution, to prove a reboot happened. */
  bootMarker: z.optional(z.string()),
  /** For update_firmware: the version that must be running for `done`. */
  targetVersion: z.optional(z.string()),
  /** The final result, written BEFORE it is sent: after a restart it is reported as is (exactly once). */
  outcome: z.optional(z.object({ status: z.enum(['done', 'failed']), message: z.optional(z.string()) })),
});
export type CommandRecord = z.infer<typeof commandRecordSchema>;

export const licenseSchema = z.object({
  id: z.string(),
  data: z.string(),
  expiresAt: z.nullable(z.string()),
  addedAt: z.string(),
});
export type License = z.infer<typeof licenseSchema>;

export const spaceStateSchema = z.object({
  name: z.optional(z.string()),
  maintenance: z._default(z.boolean(), false),
  utcOffsetMin: z.optional(z.number().check(z.int())),
  temperatureUnits: z.optional(z.string()),
});
export type SpaceState = z.infer<typeof spaceStateSchema>;

export const deviceStateSchema = z.object({
  schemaVersion: z._default(z.literal(1), 1),
  configVersion: z._default(z.number().check(z.int(), z.nonnegative()), 0),
  /** The last config that validated and was applied (our config schema lives in agent/config). */
  config: z._default(z.record(z.string(), z.unknown()), {}),
  spaceDataVersion: z._default(z.number().check(z.int(), z.nonnegative()), 0),
  space: z._default(spaceStateSchema, { maintenance: false }),
  infoVersion: z._default(z.number().check(z.int(), z.nonnegative()), 0),
  info: z._default(z.object({ name: z.optional(z.string()), details: z.optional(z.record(z.string(), z.unknown())) }), {}),
  /** The last version already notified; initialised to the running version (docs/PROTOCOL.md#firmware-notice). */
  latestVer: z.optional(z.string()),
  licenses: z._default(z.array(licenseSchema), []),
  inflightCommand: z._default(z.nullable(commandRecordSchema), null),
  upgrade: z._default(z.nullable(upgradeRecordSchema), null),
  /** Versions that failed to confirm and must never be offered again automatically. */
  failedVersions: z._default(z.array(z.string()), []),
  postponed: z._default(z.nullable(z.object({ version: z.string(), until: z.string() })), null),
  openIncidents: z._default(z.array(z.object({ id: z.string(), issue: z.string() })), []),
  reportedFirmwareVersion: z.optional(z.string()),
  /**
   * The hub took a telemetry sample from these credentials: after a restart during an outage the
   * capped recovery back-off still applies (docs/PROTOCOL.md "Recovery after an outage"). A value
   * that is not a boolean reads as false (the long back-off), never as a corrupt file.
   */
  reachedHub: z.catch(z.boolean(), false),
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
