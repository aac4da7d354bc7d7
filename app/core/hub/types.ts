// The Device API as the rest of the core sees it (xyte-device-api.md §4–§5). The implementation
// (client.ts & co.) validates every response with zod and must satisfy these interfaces exactly;
// the agent codes against these types only, so tests can pass a fake where that is simpler.

export type HubErrorKind = 'unauthorized' | 'rate-limited' | 'transient' | 'rejected' | 'invalid-response';

/** The only error type the hub clients throw. Its message never contains the access key. */
export class HubError extends Error {
  override readonly name = 'HubError';
  constructor(
    readonly kind: HubErrorKind,
    /** Endpoint name, e.g. "sendTelemetry". */
    readonly endpoint: string,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; serverMessage?: string; field?: string } = {},
  ) {
    super(`${endpoint}: ${message}`);
  }
  get status(): number | undefined {
    return this.details.status;
  }
}

export type JsonObject = Record<string, unknown>;
export type TelemetryValue = string | number | boolean | null;

export interface RegisterRequest {
  hardware_key: string;
  sn: string;
  firmware_version: string;
  mac?: string;
  cloud_id?: string;
  name?: string;
  details?: JsonObject;
  sub_model?: string;
  parent_id?: string;
}

export interface Registration {
  id: string;
  access_key: string;
  hub_url: string;
  hub_url_static_cert?: string;
  mqtt_hub_url?: string;
}

export interface TelemetryRequest {
  status: 'online' | 'offline' | 'error';
  timestamp?: string;
  telemetries?: Record<string, TelemetryValue>;
  override?: boolean;
  message?: string;
}

export interface TelemetryReply {
  config_version: number;
  command: boolean;
  new_licenses: boolean;
  info_version: number;
  latest_fw_version: string | null;
  latest_fw_file_id: string | null;
  space_data_version: number;
  success?: boolean;
  device_id?: string;
}

/** Get Config normalised: both the ≥1.0.5 `{config:{…}}` and the older flat shape become `config`. */
export interface DeviceConfigReply {
  version: number;
  last_updated?: string;
  name?: string;
  config: JsonObject;
}

export interface CommandRequest {
  id: string;
  name: string;
  status: 'pending' | 'in_progress';
  parameters: JsonObject;
  device_id?: string;
}

export interface UpdateCommandRequest {
  id: string;
  status: 'in_progress' | 'done' | 'failed';
  message?: string;
}

export interface LicenseChange {
  id: string;
  data: string;
  signature?: string;
  action: 'add' | 'remove' | 'update';
  expires_at?: string | null;
  current_time?: string;
  device_id?: string;
}

export interface UpdateLicenseRequest {
  id: string;
  state: 'inuse' | 'removed' | 'error';
  error?: string;
}

export interface UpdateDeviceRequest {
  firmware_version?: string;
  name?: string;
  sub_model?: string;
  details?: JsonObject;
  space_version?: string;
  config_version?: string;
  parent_id?: string;
  host_address?: string;
}

export interface SpaceInfo {
  location?: { coordinates?: { lat: number; lng: number }; utc_offset?: number; name?: string } | null;
  temperature_units?: string;
  maintenance?: boolean;
  name?: string;
  local_time?: string;
  device_id?: string;
}

export interface DeviceInfo {
  id?: string;
  name?: string;
  details?: JsonObject;
  [key: string]: unknown;
}

export interface FileInfo {
  id: string;
  name: string;
  url: string;
  desc?: string;
  file_type?: string;
  version?: string;
  checksum?: string | null;
  signature?: string | null;
  created_at?: string;
  public_notes?: string | null;
  size?: number;
}

export interface IncidentRequest {
  title: string;
  issue: string;
  priority: number | string;
  description?: string;
}

export interface Incident {
  id: string;
  status: 'active' | 'closed';
  priority: string;
  title: string;
  issue: string;
  description?: string | null;
  created_at?: string;
  updated_at?: string;
}

export interface EventRequest {
  name: string;
  category: string;
  int_key_1?: number;
  int_key_2?: number;
  string_key_1?: string;
  string_key_2?: string;
  timestamp?: string;
}

export interface ChildRegisterRequest {
  model_id: string;
  firmware_version: string;
  sn?: string;
  mac?: string;
  name?: string;
  details?: JsonObject;
}

/** Calls to the provisioning server ("entry"); no Authorization header except child registration. */
export interface EntryClient {
  registerDevice(body: RegisterRequest): Promise<Registration>;
  bulkRegister(bodies: RegisterRequest[]): Promise<unknown[]>;
  registerChild(parentId: string, parentKey: string, body: ChildRegisterRequest): Promise<{ id: string; access_key: string }>;
}

/** Calls to the device's hub; every one sends `Authorization: <access_key>` to the hub origin only. */
export interface HubClient {
  sendTelemetry(body: TelemetryRequest): Promise<TelemetryReply>;
  sendChildTelemetries(byChildId: Record<string, TelemetryRequest>): Promise<Record<string, TelemetryReply | { error: string }>>;
  sendMassTelemetry(entries: Array<TelemetryRequest & { id: string; access_token: string }>): Promise<Record<string, TelemetryReply | { error: string }>>;
  getConfig(): Promise<DeviceConfigReply>;
  setConfig(config: JsonObject): Promise<{ version: number }>;
  getDeviceInfo(): Promise<DeviceInfo>;
  updateDevice(fields: UpdateDeviceRequest): Promise<void>;
  getSpace(): Promise<SpaceInfo>;
  spaceMove(target: 'follow_parent' | 'unsorted'): Promise<SpaceInfo>;
  setCloudSettings(settings: JsonObject): Promise<void>;
  /** null = nothing pending (a body without `id`, `{}`, `null` or an empty 204). */
  getCommand(): Promise<CommandRequest | null>;
  getPendingCommands(): Promise<CommandRequest[]>;
  updateCommand(body: UpdateCommandRequest): Promise<void>;
  /** null = nothing pending (`{}`). */
  getLicense(): Promise<LicenseChange | null>;
  getLicenses(): Promise<unknown[]>;
  updateLicense(body: UpdateLicenseRequest): Promise<void>;
  getFiles(): Promise<FileInfo[]>;
  getFile(fileId: string): Promise<FileInfo>;
  /** Returns the dump id (accepts a bare string or `{id}` reply). */
  sendDump(mime: string, filename: string, body: Buffer | string): Promise<string>;
  appendDump(dumpId: string, body: Buffer | string): Promise<void>;
  openIncident(body: IncidentRequest): Promise<{ incident_id: string }>;
  getIncidents(): Promise<Incident[]>;
  closeIncident(incidentId: string): Promise<void>;
  closeIncidents(): Promise<void>;
  addEvent(body: EventRequest): Promise<void>;
  getChildren(): Promise<unknown[]>;
  deleteDevice(): Promise<void>;
  /** The hub origin, e.g. "http://127.0.0.1:4100": downloads to another origin get no Authorization. */
  readonly origin: string;
}

export interface HubClientOptions {
  hubUrl: string;
  deviceId: string;
  accessKey: string;
  /** Per-request timeout; default 15 000 ms (DESIGN §3.14). */
  timeoutMs?: number;
  /** Epoch ms; only used to turn an HTTP-date Retry-After into a wait when the reply has no Date header. */
  now?: () => number;
}

export interface EntryClientOptions {
  entryUrl: string;
  timeoutMs?: number;
  /** As in HubClientOptions. */
  now?: () => number;
}
