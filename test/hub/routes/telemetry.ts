// Send Telemetry, Send Child Telemetries, Send Mass Telemetry (docs/PROTOCOL.md#telemetry).
import { HttpError } from '../http-util';
import { ok, type RouteDef } from '../route-types';
import {
  expireCommands, isoAt, latestFirmwareFor, liveDevice, openCommands, pendingLicenses, withDeviceId,
  type DeviceRecord, type HubState,
} from '../state';
import type { JsonObject, RouteName } from '../types';
import { bad, checkIsoTime, checkTelemetries, optionalString, rejectUnknown, requireObject } from '../validate';

export const TELEMETRY_LIMIT = 128 * 1024;
const STATUSES = ['online', 'offline', 'error'];
const FIELDS = ['status', 'timestamp', 'telemetries', 'override', 'message'];

/** The flags every telemetry reply carries, computed from the device's queues and counters. */
export function telemetryFlags(state: HubState, d: DeviceRecord): JsonObject {
  expireCommands(state, d);
  const fw = latestFirmwareFor(state, d);
  return withDeviceId(state, d, {
    config_version: d.config_version,
    command: openCommands(d).length > 0,
    info_version: d.info_version,
    new_licenses: pendingLicenses(d).length > 0,
    latest_fw_version: fw?.version ?? null,
    latest_fw_file_id: fw?.id ?? null,
    space_data_version: d.space_data_version,
    success: true,
  });
}

/** Validates one telemetry message, then merges it into the device state. */
export function applyTelemetry(state: HubState, d: DeviceRecord, input: unknown, extraFields: string[] = []): JsonObject {
  const body = requireObject(input);
  rejectUnknown(body, [...FIELDS, ...extraFields]);
  const status = body.status;
  if (typeof status !== 'string' || !STATUSES.includes(status)) throw bad('status must be one of online, offline, error');
  checkIsoTime(body, 'timestamp');
  const telemetries = checkTelemetries(body.telemetries);
  if (body.override !== undefined && typeof body.override !== 'boolean') throw bad('override must be a boolean');
  const message = optionalString(body, 'message', 1000);
  const next = body.override === true ? {} : { ...d.telemetry };
  for (const [key, value] of Object.entries(telemetries)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  next.status = status;
  d.telemetry = next;
  d.status = status as DeviceRecord['status'];
  d.status_message = message ?? null;
  d.telemetry_count += 1;
  d.last_seen = isoAt(state.now());
  return telemetryFlags(state, d);
}

function perEntry(run: () => JsonObject): JsonObject {
  try {
    return run();
  } catch (e) {
    if (e instanceof HttpError) return { error: e.message };
    throw e;
  }
}

function checkBatchSize(n: number): void {
  if (n === 0 || n > 100) throw bad('Between 1 and 100 entries per call');
}

/** Mass telemetry = an array of entries (or a map of entries) each carrying its own access_token. */
export function isMassTelemetry(body: unknown): boolean {
  if (Array.isArray(body)) return true;
  if (typeof body !== 'object' || body === null) return false;
  const values = Object.values(body as JsonObject);
  return values.length > 0 && values.every((v) => typeof v === 'object' && v !== null && 'access_token' in v);
}

function childTelemetries(state: HubState, parent: DeviceRecord, input: unknown): JsonObject {
  const body = requireObject(input);
  const entries = Object.entries(body);
  checkBatchSize(entries.length);
  const out: JsonObject = {};
  for (const [childId, telemetry] of entries) {
    const child = liveDevice(state, childId);
    out[childId] = child && child.parent_id === parent.id
      ? perEntry(() => applyTelemetry(state, child, telemetry))
      : { error: 'Not found' };
  }
  return out;
}

function massTelemetry(state: HubState, input: unknown): JsonObject {
  const entries: Array<[string, unknown]> = Array.isArray(input)
    ? input.map((e, i) => [typeof (e as JsonObject)?.id === 'string' ? String((e as JsonObject).id) : String(i), e])
    : Object.entries(requireObject(input)).map(([id, e]) => [id, { ...requireObject(e, id), id }]);
  checkBatchSize(entries.length);
  const out: JsonObject = {};
  for (const [id, entry] of entries) {
    const e = typeof entry === 'object' && entry !== null ? (entry as JsonObject) : {};
    const d = liveDevice(state, id);
    out[id] = d && typeof e.access_token === 'string' && e.access_token === d.access_key
      ? perEntry(() => applyTelemetry(state, d, e, ['id', 'access_token']))
      : { error: 'Invalid access token' };
  }
  return out;
}

export const telemetryRoutes: RouteDef[] = [
  {
    name: 'sendTelemetry', listener: 'hub', method: 'POST', path: '/v1/devices/:id/telemetry', auth: 'device',
    body: 'json', limit: TELEMETRY_LIMIT,
    handle: ({ state, device, body }) => ok(applyTelemetry(state, device, body)),
  },
  {
    // Child and mass telemetry share this path (xyte-cli); the body tells them apart.
    name: 'sendChildTelemetries', listener: 'hub', method: 'POST', path: '/v1/devices/:id/children/telemetries',
    auth: 'device', body: 'json', limit: 100 * TELEMETRY_LIMIT,
    nameFor: (body): RouteName => (isMassTelemetry(body) ? 'sendMassTelemetry' : 'sendChildTelemetries'),
    handle: ({ state, device, body }) =>
      ok(isMassTelemetry(body) ? massTelemetry(state, body) : childTelemetries(state, device, body)),
  },
];
