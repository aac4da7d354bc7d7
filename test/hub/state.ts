// In-memory state of the simulated cloud: devices (with their queues and stores), the firmware
// catalogue, faults and request logs. Route handlers and the control API both work on this object.
import { randomBytes, randomUUID } from 'node:crypto';
import semver from 'semver';
import type { FileContent } from './file-content';
import type { MqttBroker, PushReply } from './mqtt-broker';
import type {
  FaultSpec, JsonObject, SimCommand, SimDevice, SimDump, SimEvent, SimIncident, SimLicenseRecord,
  SimRequest, SimSpace,
} from './types';

export interface DeviceRecord extends SimDevice {
  hardwareKeyModel: string; // the model key firmware is matched against (hardware key or child model id)
  deleted: boolean;
  commandQueue: SimCommand[];
  licenseQueue: SimLicenseRecord[];
  incidentList: SimIncident[];
  eventList: SimEvent[];
  dumpList: SimDump[];
  updateDeviceCalls: number[]; // accepted-attempt timestamps, for the 10/hour limit
  eventDay: { day: number; count: number };
  rateWindow: { start: number; count: number };
}

export interface FirmwareFile {
  id: string;
  name: string;
  version: string;
  notes: string;
  model: string | null;
  fileType: string;
  checksum: string | null;
  signature: string | null;
  size: number;
  createdAt: string;
  content: FileContent; // what the file origin serves
}

export interface ActiveFault extends FaultSpec {
  id: string;
  remaining: number;
}

export interface HubUrls {
  entryUrl: string;
  hubUrl: string;
  fileUrl: string;
  /** The MQTT broker, when the simulator runs one (registration then returns it as mqtt_hub_url). */
  mqttUrl?: string;
}

export interface HubState {
  now: () => number;
  apiVersion: string;
  /** Known model hardware keys, lower-case; registration with any other key is refused. */
  hardwareKeys: Set<string>;
  rateLimitPerWindow: number;
  urls: HubUrls;
  devices: Map<string, DeviceRecord>;
  models: Map<string, string>; // hardware key → model id
  files: FirmwareFile[];
  faults: ActiveFault[];
  requests: SimRequest[];
  fileRequests: SimRequest[];
  log: (line: string) => void;
  /** The broker's control, when the simulator runs one. */
  mqtt?: Pick<MqttBroker, 'dropConnections' | 'refuseAuth' | 'withholdPubacks'>;
  /** A device's queue or counters changed: the MQTT broker pushes on these topic suffixes (a command or license push names its reply). */
  push: (deviceId: string, suffix: string, payload: unknown, reply?: PushReply) => void;
}

/**
 * The model key the README's curl example and the demos register with: known to every simulator,
 * as a model created in the Xyte portal is known to the real hub.
 */
export const DEMO_HARDWARE_KEY = '6f1c2a8e-3b7d-4c1e-9a2f-5d8e7b6c4a10';

export function createState(opts: {
  now: () => number; apiVersion: string; hardwareKeys?: string[] | undefined; rateLimitPerWindow?: number | undefined;
  log?: ((line: string) => void) | undefined;
}): HubState {
  return {
    now: opts.now,
    apiVersion: opts.apiVersion,
    hardwareKeys: new Set([DEMO_HARDWARE_KEY, ...(opts.hardwareKeys ?? [])].map((k) => k.toLowerCase())),
    rateLimitPerWindow: opts.rateLimitPerWindow ?? Infinity,
    urls: { entryUrl: '', hubUrl: '', fileUrl: '' },
    devices: new Map(),
    models: new Map(),
    files: [],
    faults: [],
    requests: [],
    fileRequests: [],
    log: opts.log ?? (() => {}),
    push: () => {},
  };
}

/** True when the configured Model API version is at least `v` (e.g. '1.0.5'). */
export function apiAtLeast(state: HubState, v: string): boolean {
  return semver.gte(state.apiVersion, v);
}

export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

export function modelIdFor(state: HubState, hardwareKey: string): string {
  const key = hardwareKey.toLowerCase();
  let id = state.models.get(key);
  if (!id) {
    id = randomUUID();
    state.models.set(key, id);
  }
  return id;
}

export function defaultSpace(): SimSpace {
  return {
    name: 'Lobby',
    location: { coordinates: { lat: 51.165691, lng: 10.451526 }, utc_offset: 60, name: 'Germany' },
    temperature_units: 'celsius',
    maintenance: false,
  };
}

export interface NewDevice {
  id?: string | undefined;
  accessKey?: string | undefined;
  hardwareKey: string | null;
  modelKey: string;
  modelId: string;
  parentId?: string | null | undefined;
  sn?: string | null | undefined;
  mac?: string | null | undefined;
  cloudId?: string | null | undefined;
  name?: string | undefined;
  details?: JsonObject | undefined;
  subModel?: string | null | undefined;
  firmwareVersion: string;
}

export function addDevice(state: HubState, d: NewDevice): DeviceRecord {
  const at = isoAt(state.now());
  const parent = d.parentId ? state.devices.get(d.parentId) : undefined;
  const record: DeviceRecord = {
    id: d.id ?? randomUUID(),
    access_key: d.accessKey ?? randomBytes(16).toString('hex'),
    hardware_key: d.hardwareKey,
    model_id: d.modelId,
    parent_id: d.parentId ?? null,
    sn: d.sn ?? null,
    mac: d.mac ? d.mac.toLowerCase() : null,
    cloud_id: d.cloudId ?? null,
    name: d.name ?? d.sn ?? 'Device',
    details: d.details ?? {},
    sub_model: d.subModel ?? null,
    host_address: null,
    firmware_version: d.firmwareVersion,
    status: null,
    status_message: null,
    telemetry: {},
    telemetry_count: 0,
    last_seen: null,
    config: {},
    config_version: 0,
    config_last_updated: at,
    acked_config_version: null,
    acked_space_version: null,
    info_version: 0,
    // A child registered under a claimed parent is claimed into the same space (docs/PROTOCOL.md#endpoints).
    space_data_version: parent?.claimed ? 1 : 0,
    claimed: parent?.claimed ?? false,
    space: parent ? structuredClone(parent.space) : defaultSpace(),
    cloud_settings: {},
    created_at: at,
    children: [],
    hardwareKeyModel: d.modelKey,
    deleted: false,
    commandQueue: [],
    licenseQueue: [],
    incidentList: [],
    eventList: [],
    dumpList: [],
    updateDeviceCalls: [],
    eventDay: { day: -1, count: 0 },
    rateWindow: { start: -1, count: 0 },
  };
  state.devices.set(record.id, record);
  if (parent) parent.children.push(record.id);
  return record;
}

/** A live (not deleted) device, or undefined. */
export function liveDevice(state: HubState, id: string): DeviceRecord | undefined {
  const d = state.devices.get(id);
  return d && !d.deleted ? d : undefined;
}

/** The public snapshot of a device: a deep copy without the simulator's bookkeeping. */
export function toSimDevice(d: DeviceRecord): SimDevice {
  const {
    hardwareKeyModel: _m, deleted: _d, commandQueue: _c, licenseQueue: _l, incidentList: _i,
    eventList: _e, dumpList: _u, updateDeviceCalls: _x, eventDay: _y, rateWindow: _r, ...pub
  } = d;
  return structuredClone(pub);
}

/** Fails queued commands whose timeout has passed (the server does this, not the device). */
export function expireCommands(state: HubState, d: DeviceRecord): void {
  const now = state.now();
  for (const c of d.commandQueue) {
    if (c.timeout_ms === null || (c.status !== 'pending' && c.status !== 'in_progress')) continue;
    if (now >= Date.parse(c.created_at) + c.timeout_ms) {
      c.status = 'failed';
      c.message = 'timeout';
      c.history.push({ at: isoAt(now), status: 'failed', message: 'timeout', by: 'server' });
    }
  }
}

export function openCommands(d: DeviceRecord): SimCommand[] {
  return d.commandQueue.filter((c) => c.status === 'pending' || c.status === 'in_progress');
}

export function pendingLicenses(d: DeviceRecord): SimLicenseRecord[] {
  return d.licenseQueue.filter((l) => l.state === 'pending');
}

/** Firmware files visible to a device's model. */
export function filesFor(state: HubState, d: DeviceRecord): FirmwareFile[] {
  const keys = [d.hardwareKeyModel, d.model_id.toLowerCase()];
  return state.files.filter((f) => f.model === null || keys.includes(f.model));
}

/** The highest published firmware that is semver-greater than the device's reported version. */
export function latestFirmwareFor(state: HubState, d: DeviceRecord): FirmwareFile | null {
  const current = semver.valid(d.firmware_version) ?? semver.valid(semver.coerce(d.firmware_version));
  let best: FirmwareFile | null = null;
  for (const f of filesFor(state, d)) {
    if (f.fileType !== 'firmware' || !semver.valid(f.version)) continue;
    if (current && !semver.gt(f.version, current)) continue;
    if (!best || semver.gt(f.version, best.version)) best = f;
  }
  return best;
}

/** Adds `device_id` to a reply object on Model API 1.0.7+. */
export function withDeviceId<T extends JsonObject>(state: HubState, d: DeviceRecord, body: T): T {
  return apiAtLeast(state, '1.0.7') ? { ...body, device_id: d.id } : body;
}
