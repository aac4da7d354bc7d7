// Get Device Info, Update Device (strict fields, 10/hour), Delete Device, Set Cloud Settings (docs/PROTOCOL.md#endpoints, #device-info, #update-device).
import { HttpError } from '../http-util';
import { ok, type RouteDef } from '../route-types';
import { apiAtLeast, isoAt, liveDevice, withDeviceId, type DeviceRecord, type HubState } from '../state';
import type { JsonObject } from '../types';
import {
  bad, checkFirmwareVersion, optionalObject, optionalString, parseVersionAck, requireObject, UUID_RE,
} from '../validate';

const UPDATE_FIELDS = [
  'firmware_version', 'name', 'sub_model', 'details', 'space_version', 'config_version', 'parent_id', 'host_address',
];
export const UPDATE_LIMIT_PER_HOUR = 10;
const HOUR = 3_600_000;

export function deviceInfo(state: HubState, d: DeviceRecord): JsonObject {
  return withDeviceId(state, d, {
    id: d.id,
    name: d.name,
    details: structuredClone(d.details),
    sn: d.sn,
    mac: d.mac,
    cloud_id: d.cloud_id,
    model_id: d.model_id,
    sub_model: d.sub_model,
    parent_id: d.parent_id,
    host_address: d.host_address,
    state: { status: d.status, firmware_version: d.firmware_version },
    last_seen: d.last_seen,
    info_version: d.info_version,
    config_version: d.config_version,
    space_data_version: d.space_data_version,
    created_at: d.created_at,
  });
}

/** Counts the call against the 10/hour window; throws 429 (update not applied) when over. */
function takeUpdateSlot(state: HubState, d: DeviceRecord): void {
  const now = state.now();
  d.updateDeviceCalls = d.updateDeviceCalls.filter((t) => now - t < HOUR);
  if (d.updateDeviceCalls.length >= UPDATE_LIMIT_PER_HOUR) {
    const retryAfter = Math.max(1, Math.ceil(((d.updateDeviceCalls[0] ?? now) + HOUR - now) / 1000));
    throw new HttpError(429, 'Too many requests', { 'Retry-After': String(retryAfter) });
  }
  d.updateDeviceCalls.push(now);
}

function updateDevice(state: HubState, d: DeviceRecord, input: unknown): JsonObject {
  takeUpdateSlot(state, d); // every call counts, even one that is then rejected
  const body = requireObject(input);
  const unknown = Object.keys(body).filter((k) => !UPDATE_FIELDS.includes(k));
  if (unknown.length > 0 && apiAtLeast(state, '1.0.6')) throw bad(`Unknown parameter: ${unknown.join(', ')}`);
  const firmware = optionalString(body, 'firmware_version');
  if (firmware !== undefined) checkFirmwareVersion(state, firmware);
  const name = optionalString(body, 'name');
  const subModel = optionalString(body, 'sub_model');
  const details = optionalObject(body, 'details');
  const hostAddress = optionalString(body, 'host_address', 255);
  const configAck = parseVersionAck(body, 'config_version');
  const spaceAck = parseVersionAck(body, 'space_version');
  if (configAck !== undefined && configAck > d.config_version) throw bad('config_version is newer than the server version');
  if (spaceAck !== undefined && spaceAck > d.space_data_version) throw bad('space_version is newer than the server version');
  const parentId = optionalString(body, 'parent_id');
  if (parentId !== undefined) checkParent(state, d, parentId);
  // Everything validated: apply all fields at once (a rejected update changes nothing).
  if (firmware !== undefined) d.firmware_version = firmware;
  if (name !== undefined) d.name = name;
  if (subModel !== undefined) d.sub_model = subModel;
  if (details !== undefined) d.details = structuredClone(details);
  if (hostAddress !== undefined) d.host_address = hostAddress;
  if (configAck !== undefined) d.acked_config_version = configAck;
  if (spaceAck !== undefined) d.acked_space_version = spaceAck;
  if (parentId !== undefined) reparent(state, d, parentId);
  d.last_seen = isoAt(state.now());
  return withDeviceId(state, d, { success: true });
}

function checkParent(state: HubState, d: DeviceRecord, parentId: string): void {
  const parent = UUID_RE.test(parentId) ? liveDevice(state, parentId) : undefined;
  if (!parent || parent.id === d.id) throw bad('parent_id is not a registered device');
  if (parent.claimed !== d.claimed) throw new HttpError(422, 'Parent and child must both be unclaimed or claimed by the same customer');
}

function reparent(state: HubState, d: DeviceRecord, parentId: string): void {
  const old = d.parent_id ? state.devices.get(d.parent_id) : undefined;
  if (old) old.children = old.children.filter((c) => c !== d.id);
  d.parent_id = parentId;
  state.devices.get(parentId)?.children.push(d.id);
}

function setCloudSettings(d: DeviceRecord, input: unknown): JsonObject {
  const body = requireObject(input);
  const keys = Object.keys(body);
  if (keys.length === 0) throw bad('No settings given');
  // Both documented shapes: {"incidents.suspend_creation":true} and {property, value}.
  const entries: Array<[string, unknown]> = keys.length === 2 && typeof body.property === 'string' && 'value' in body
    ? [[body.property, body.value]]
    : Object.entries(body);
  for (const [key, value] of entries) {
    if (value !== null && typeof value === 'object') throw bad(`${key} must be a string, number or boolean`);
    d.cloud_settings[key] = value;
  }
  return { success: true };
}

export const deviceRoutes: RouteDef[] = [
  {
    name: 'getDeviceInfo', listener: 'hub', method: 'GET', path: '/v1/devices/:id', auth: 'device', body: 'none',
    handle: ({ state, device }) => ok(deviceInfo(state, device)),
  },
  {
    name: 'updateDevice', listener: 'hub', method: 'PUT', path: '/v1/devices/:id', auth: 'device', body: 'json',
    handle: ({ state, device, body }) => ok(updateDevice(state, device, body)),
  },
  {
    name: 'deleteDevice', listener: 'hub', method: 'DELETE', path: '/v1/devices/:id', auth: 'device', body: 'none',
    handle: ({ device }) => {
      device.deleted = true;
      return ok({ success: true });
    },
  },
  {
    name: 'setCloudSettings', listener: 'hub', method: 'PUT', path: '/v1/devices/:id/cloud_settings', auth: 'device',
    body: 'json', handle: ({ device, body }) => ok(setCloudSettings(device, body)),
  },
];
