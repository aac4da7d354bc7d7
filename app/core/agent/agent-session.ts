// The feature work the agent drives for one set of credentials. The runtime builds one per hub
// client (app/core/composition/build-session.ts) from the config / commands / licenses / telemetry modules;
// the agent only knows this shape, so it stays small and its tests can swap one piece.
import type { HubClient, TelemetryValue, UpdateDeviceRequest } from '../hub';

export type ConfigOutcome =
  | { kind: 'applied'; version: number; message?: string }
  | { kind: 'refused'; version: number; message?: string }
  | { kind: 'unchanged'; version: number; message?: string };

export interface AgentSession {
  readonly hub: HubClient;
  /** The telemetry map for one send (flat scalars). */
  collectTelemetry(): Record<string, TelemetryValue>;
  /**
   * Bring the applied config up to `serverVersion` (docs/PROTOCOL.md#config). `force` re-reads it even when
   * the versions match: the start-up pass pulls the config to resynchronise.
   */
  syncConfig(serverVersion: number, options?: { force?: boolean }): Promise<ConfigOutcome>;
  /** Start-up: report the outcome of a command a restart interrupted; never re-run it (docs/PROTOCOL.md#interrupted-commands). */
  reportInterrupted(): Promise<void>;
  /** Get Command until nothing is pending, running each. */
  drainCommands(): Promise<void>;
  /** Get License until `{}`. */
  syncLicenses(): Promise<void>;
  /** Update Device goes through the coalescer (10/h, send only on change, docs/PROTOCOL.md#update-device). */
  queueDeviceUpdate(fields: UpdateDeviceRequest): void;
  /** Sends what is queued if the throttle allows; throws only on 401. */
  flushDeviceUpdates(): Promise<void>;
  /**
   * The one way `firmware_version` reaches the hub (Update Device through the coalescer); the
   * state records it as reported only once the hub has it. Throws like flushDeviceUpdates.
   */
  reportFirmwareVersion(version: string): Promise<void>;
  /**
   * True while the running version may not be reported: a new one still unproven, or one already
   * rolled back on disk. The start-up pass leaves the report to the upgrade then.
   */
  holdFirmwareReport(): boolean;
  /** The config version this session refused (not fetched again until the hub names another). */
  refusedConfigVersion(): number | null;
  /** Release timers / sockets; called when the credentials are dropped or the agent stops. */
  close?(): void;
}

export type OpenSession = (hub: HubClient) => AgentSession;
