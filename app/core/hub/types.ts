// The Device API as the rest of the core sees it (docs/PROTOCOL.md#endpoints). Reply types are
// inferred from the zod schemas the clients (client-hub.ts, client-entry.ts) validate every
// response with; request types are declared here. The agent codes against these types only, so
// tests can pass a fake where that is simpler.
import type * as z from '../zod-mini';
import type { ProxyEnv } from '../net/proxy';
import type {
  commandSchema, deviceConfigSchema, deviceInfoSchema, fileInfoSchema, incidentSchema, licenseSchema, registrationSchema,
  spaceInfoSchema, telemetryReplySchema,
} from './schemas';

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

/**
 * A loose schema's output without its `[key: string]: unknown` index signature: unknown reply
 * fields are kept at run time (newer hubs add some) but the code only reads the declared ones.
 */
type Declared<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };

export type Registration = Declared<z.output<typeof registrationSchema>>;
export type TelemetryReply = Declared<z.output<typeof telemetryReplySchema>>;
/** Get Config normalised: both the ≥1.0.5 `{config:{…}}` and the older flat shape become `config`. */
export type DeviceConfigReply = z.output<typeof deviceConfigSchema>;
export type CommandRequest = Declared<z.output<typeof commandSchema>>;
export type LicenseChange = Declared<z.output<typeof licenseSchema>>;
export type SpaceInfo = Declared<z.output<typeof spaceInfoSchema>>;
/** Get Device Info: any field the portal shows may be read (device details), so it stays open. */
export type DeviceInfo = z.output<typeof deviceInfoSchema>;
export type FileInfo = Declared<z.output<typeof fileInfoSchema>>;
export type Incident = Declared<z.output<typeof incidentSchema>>;

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

export interface TelemetryRequest {
  status: 'online' | 'offline' | 'error';
  timestamp?: string;
  telemetries?: Record<string, TelemetryValue>;
  override?: boolean;
  message?: string;
}

export interface UpdateCommandRequest {
  id: string;
  status: 'in_progress' | 'done' | 'failed';
  message?: string;
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

export interface IncidentRequest {
  title: string;
  issue: string;
  priority: number | string;
  description?: string;
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
  /** Per-request timeout; default 15 000 ms (docs/PROTOCOL.md#timing-and-backoff). */
  timeoutMs?: number | undefined;
  /** Epoch ms; only used to turn an HTTP-date Retry-After into a wait when the reply has no Date header. */
  now?: () => number;
  /** HTTP(S)_PROXY / NO_PROXY for hub calls (docs/PROTOCOL.md#outbound-proxy); default: the process environment. */
  proxyEnv?: ProxyEnv | undefined;
}

export interface EntryClientOptions {
  entryUrl: string;
  timeoutMs?: number | undefined;
  /** As in HubClientOptions. */
  now?: () => number;
  /** As in HubClientOptions. */
  proxyEnv?: ProxyEnv | undefined;
}
