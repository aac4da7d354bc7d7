// Public types of the hub simulator. Other test suites (client, agent, firmware downloader) code
// against these, so changes here are contract changes: add, don't rename. The simulator declares
// its own wire shapes on purpose and imports nothing from app/core/hub: a stand-in that shared the
// client's schemas would agree with the client's mistakes instead of catching them.

import type { MqttBroker } from './mqtt-broker';

export type JsonObject = Record<string, unknown>;
export type TelemetryScalar = string | number | boolean;

export type RouteName =
  | 'registerDevice' | 'bulkRegister' | 'registerChild' | 'getChildren' | 'deleteDevice'
  | 'sendTelemetry' | 'sendChildTelemetries' | 'sendMassTelemetry' | 'getConfig' | 'setConfig'
  | 'getDeviceInfo' | 'updateDevice' | 'getSpace' | 'spaceMove' | 'setCloudSettings'
  | 'getCommand' | 'getPendingCommands' | 'updateCommand' | 'getLicense' | 'getLicenses'
  | 'updateLicense' | 'getFiles' | 'getFile' | 'sendDump' | 'appendDump' | 'openIncident'
  | 'getIncidents' | 'closeIncident' | 'closeIncidents' | 'addEvent' | 'download';

export interface FaultSpec {
  route?: RouteName | '*';
  times?: number;
  status?: number;
  body?: unknown;
  retryAfterSec?: number;
  /** A raw Retry-After header value (an HTTP date, junk, a 400-digit number…); wins over retryAfterSec. */
  retryAfter?: string;
  delayMs?: number;
  reset?: boolean;
  hang?: boolean;
  malformedJson?: boolean;
  schemaViolation?: boolean;
  slowDripBytesPerSec?: number;
  oversizedBytes?: number;
  cutAfterBytes?: number;
  redirectTo?: string;
  endless?: boolean;
}

export interface PublishFirmware {
  version: string;
  name?: string | undefined;
  notes?: string | undefined;
  /** Hardware key (or child model id); default: every model. */
  model?: string | undefined;
  data?: Buffer | undefined;
  /** Generated deterministic content of this size, streamed (never held in memory). */
  size?: number | undefined;
  /** Default: 'sha256:<hex>' of the content; null = omitted from Get File; a string = served as is. */
  checksum?: string | null | undefined;
  signature?: string | null | undefined;
  /** Bytes the file origin serves instead of `data` (a tampered file). */
  servedData?: Buffer | undefined;
  fileType?: string | undefined;
}

export interface SimSpace {
  name: string;
  location: { coordinates?: { lat: number; lng: number }; utc_offset?: number; name?: string } | null;
  temperature_units: 'celsius' | 'fahrenheit';
  maintenance: boolean;
}

export interface SimDevice {
  id: string;
  access_key: string;
  hardware_key: string | null;
  model_id: string;
  parent_id: string | null;
  sn: string | null;
  mac: string | null;
  cloud_id: string | null;
  name: string;
  details: JsonObject;
  sub_model: string | null;
  host_address: string | null;
  firmware_version: string;
  /** Last telemetry status and message. */
  status: 'online' | 'offline' | 'error' | null;
  status_message: string | null;
  /** Current telemetry state (merged; `status` is copied in as a key, as the hub does). */
  telemetry: Record<string, TelemetryScalar>;
  telemetry_count: number;
  last_seen: string | null;
  config: JsonObject;
  config_version: number;
  config_last_updated: string;
  /** Last `config_version` / `space_version` acknowledged through Update Device. */
  acked_config_version: number | null;
  acked_space_version: number | null;
  info_version: number;
  space_data_version: number;
  claimed: boolean;
  space: SimSpace;
  cloud_settings: JsonObject;
  created_at: string;
  children: string[];
}

export type CommandStatus = 'pending' | 'in_progress' | 'done' | 'failed';

export interface SimCommand {
  id: string;
  device_id: string;
  name: string;
  parameters: JsonObject;
  status: CommandStatus;
  message: string | null;
  created_at: string;
  timeout_ms: number | null;
  history: Array<{ at: string; status: CommandStatus; message: string | null; by: 'server' | 'device' }>;
}

export type LicenseState = 'pending' | 'inuse' | 'removed' | 'error';

export interface SimLicenseRecord {
  id: string;
  device_id: string;
  action: 'add' | 'remove' | 'update';
  data: string;
  signature: string | null;
  expires_at: string | null;
  /** 'pending' until the device reports it with Update License. */
  state: LicenseState;
  error: string | null;
  created_at: string;
  reported_at: string | null;
}

export interface SimIncident {
  id: string;
  device_id: string;
  status: 'active' | 'closed';
  priority: string;
  title: string;
  issue: string;
  description: string | null;
  source: 'device' | 'customer' | 'rule';
  created_at: string;
  updated_at: string;
}

export interface SimEvent {
  name: string;
  category: string;
  int_key_1?: number;
  int_key_2?: number;
  string_key_1?: string;
  string_key_2?: string;
  timestamp: string;
  received_at: string;
}

export interface SimDump {
  id: string;
  mime: string;
  filename: string;
  body: Buffer;
}

export interface SimRequest {
  at: number;
  listener: 'entry' | 'hub' | 'file';
  method: string;
  path: string;
  route: RouteName | null;
  device_id: string | null;
  status: number;
  /** Request headers; `authorization` is replaced by '[present]' when sent. */
  headers: Record<string, string>;
  /** The raw Authorization header (for tests only), undefined when absent. */
  authorization: string | undefined;
  /** Parsed JSON, a short text, or `{ bytes: n }` for binary bodies; null when empty. */
  body: unknown;
}

export interface SeedDevice {
  id?: string;
  access_key?: string;
  hardware_key: string;
  sn: string;
  firmware_version: string;
  mac?: string;
  cloud_id?: string;
  name?: string;
  details?: JsonObject;
  config?: JsonObject;
  claimed?: boolean;
  space?: Partial<SimSpace>;
}

export interface SeedFirmware extends Omit<PublishFirmware, 'data' | 'servedData'> {
  /** JSON-friendly content for --seed-file. */
  dataBase64?: string;
  servedDataBase64?: string;
}

export interface HubSeed {
  /** Model hardware keys the hub knows (seeded devices' keys are known too). */
  hardware_keys?: string[];
  devices?: SeedDevice[];
  firmware?: SeedFirmware[];
}

export interface StartHubOptions {
  host?: string | undefined;
  fileHost?: string | undefined;
  entryPort?: number | undefined;
  hubPort?: number | undefined;
  filePort?: number | undefined;
  modelApiVersion?: string | undefined;
  now?: (() => number) | undefined;
  seed?: HubSeed | undefined;
  /**
   * Model hardware keys the hub knows, besides DEMO_HARDWARE_KEY and the seeded devices' keys.
   * Like the real hub, registration with any other key is refused (404 "Hardware key not found").
   */
  hardwareKeys?: string[] | undefined;
  rateLimitPerWindow?: number | undefined;
  log?: ((line: string) => void) | undefined;
  /** Run an MQTT v5 broker on `host` too (registration returns it as mqtt_hub_url). */
  mqtt?: boolean | undefined;
  mqttPort?: number | undefined;
}

export interface HubControl {
  devices(): SimDevice[];
  device(id: string): SimDevice | undefined;
  findDevice(q: { cloudId?: string | undefined; sn?: string | undefined; mac?: string | undefined }): SimDevice | undefined;
  claim(id: string, space?: Partial<SimSpace>): void;
  unclaim(id: string): void;
  setSpace(id: string, patch: Partial<SimSpace>): void;
  setConfig(id: string, config: Record<string, unknown>): number;
  setInfo(id: string, patch: { name?: string | undefined; details?: Record<string, unknown> | undefined }): number;
  enqueueCommand(id: string, cmd: { name: string; parameters?: Record<string, unknown> | undefined; timeoutMs?: number | undefined; commandId?: string | undefined }): string;
  commands(id: string): SimCommand[];
  enqueueLicense(id: string, change: { action: 'add' | 'remove' | 'update'; data: string; signature?: string | undefined; expiresAt?: string | null | undefined; licenseId?: string | undefined }): string;
  licenses(id: string): SimLicenseRecord[];
  publishFirmware(f: PublishFirmware): { fileId: string; url: string; checksum: string | null; size: number };
  deleteDevice(id: string): void;
  setModelApiVersion(v: string): void;
  /** Makes a model hardware key known (registration with an unknown key is refused). */
  addHardwareKey(key: string): void;
  modelApiVersion(): string;
  requestLog(id?: string): SimRequest[];
  fileRequestLog(): SimRequest[];
  injectFault(f: FaultSpec): string;
  clearFaults(): void;
  events(id: string): SimEvent[];
  incidents(id: string): SimIncident[];
  /** Simulator extra: an incident opened by the customer or a rule (Close Incidents must not close it). */
  openIncident(id: string, i: { title: string; issue: string; priority?: string | undefined; source?: 'customer' | 'rule' | undefined }): string;
  dumps(id: string): SimDump[];
}

export interface HubHandle {
  entryUrl: string;
  hubUrl: string;
  fileUrl: string;
  controlUrl: string;
  control: HubControl;
  /** The broker, when started with `mqtt: true`. */
  mqtt?: MqttBroker;
  close(): Promise<void>;
}
