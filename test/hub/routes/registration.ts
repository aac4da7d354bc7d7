// Provisioning server ("entry"): Register Device, Bulk Register, Register Child (docs/PROTOCOL.md#registration).
import { HttpError } from '../http-util';
import { ok, type RouteDef } from '../route-types';
import { addDevice, apiAtLeast, modelIdFor, type DeviceRecord, type HubState } from '../state';
import type { JsonObject } from '../types';
import {
  bad, checkFirmwareVersion, checkMac, CLOUD_ID_RE, optionalObject, optionalString, requireObject,
  requireString, UUID_RE,
} from '../validate';

const REGISTER_FIELDS = [
  'hardware_key', 'sn', 'firmware_version', 'mac', 'cloud_id', 'name', 'details', 'sub_model', 'parent_id',
  // Bulk (cloud-to-cloud) extras, harmless on the single call.
  'custom_partner_name', 'custom_model_name',
] as const;

export function registrationReply(state: HubState, d: DeviceRecord): JsonObject {
  const hub = state.urls.hubUrl;
  return {
    id: d.id,
    access_key: d.access_key,
    hub_url: hub,
    hub_url_static_cert: hub,
    // Only when the simulator runs its broker: an HTTPS-only model has no MQTT URL.
    ...(state.urls.mqttUrl ? { mqtt_hub_url: state.urls.mqttUrl } : {}),
  };
}

/** Validates and registers one device; throws HttpError (400/404/422) on rejection. */
export function registerOne(state: HubState, input: unknown): DeviceRecord {
  const body = requireObject(input);
  const unknown = Object.keys(body).filter((k) => !(REGISTER_FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) throw bad(`Unknown parameter: ${unknown.join(', ')}`);
  const hardwareKey = requireString(body, 'hardware_key');
  if (!UUID_RE.test(hardwareKey)) throw bad('hardware_key must be a UUID');
  if (!state.hardwareKeys.has(hardwareKey.toLowerCase())) {
    throw new HttpError(404, 'Hardware key not found');
  }
  const sn = apiAtLeast(state, '1.0.2') ? requireString(body, 'sn') : optionalString(body, 'sn');
  const firmwareVersion = requireString(body, 'firmware_version');
  checkFirmwareVersion(state, firmwareVersion);
  const mac = optionalString(body, 'mac');
  if (mac !== undefined) checkMac(mac);
  const cloudId = optionalString(body, 'cloud_id');
  if (cloudId !== undefined && !CLOUD_ID_RE.test(cloudId)) {
    throw bad('cloud_id must be the partner short code followed by 16-36 letters or digits');
  }
  if (cloudId === undefined && mac === undefined) throw bad('cloud_id or mac is required');
  const name = optionalString(body, 'name');
  const details = optionalObject(body, 'details');
  const subModel = optionalString(body, 'sub_model');
  const parentId = optionalString(body, 'parent_id');
  optionalString(body, 'custom_partner_name');
  optionalString(body, 'custom_model_name');
  if (parentId !== undefined && !isLiveDevice(state, parentId)) throw bad('parent_id is not a registered device');
  rejectDuplicate(state, hardwareKey, cloudId, mac, sn);
  return addDevice(state, {
    hardwareKey, modelKey: hardwareKey.toLowerCase(), modelId: modelIdFor(state, hardwareKey),
    sn, mac, cloudId, name, details, subModel, firmwareVersion, parentId,
  });
}

function isLiveDevice(state: HubState, id: string): boolean {
  const d = state.devices.get(id);
  return d !== undefined && !d.deleted;
}

function rejectDuplicate(state: HubState, hardwareKey: string, cloudId?: string, mac?: string, sn?: string): void {
  const model = hardwareKey.toLowerCase();
  for (const d of state.devices.values()) {
    if (d.deleted || d.hardware_key === null) continue;
    const sameCloudId = cloudId !== undefined && d.cloud_id === cloudId;
    const sameMacSn = mac !== undefined && d.hardwareKeyModel === model && d.mac === mac.toLowerCase() && d.sn === (sn ?? null);
    if (sameCloudId || sameMacSn) throw new HttpError(422, 'Device already registered');
  }
}

const CHILD_FIELDS = ['model_id', 'firmware_version', 'sn', 'mac', 'name', 'details'];

export const registrationRoutes: RouteDef[] = [
  {
    name: 'registerDevice', listener: 'entry', method: 'POST', path: '/v1/devices', auth: 'none', body: 'json',
    handle: ({ state, body }) => ok(registrationReply(state, registerOne(state, body))),
  },
  {
    name: 'bulkRegister', listener: 'entry', method: 'POST', path: '/v1/devices/bulk_create', auth: 'none', body: 'json',
    handle: ({ state, body }) => {
      if (!Array.isArray(body)) throw bad('Body must be a JSON array');
      if (body.length === 0 || body.length > 25) throw bad('Bulk register accepts 1 to 25 devices');
      return ok(body.map((item) => {
        try {
          return registrationReply(state, registerOne(state, item));
        } catch (e) {
          if (e instanceof HttpError) return { error: e.message };
          throw e;
        }
      }));
    },
  },
  {
    name: 'registerChild', listener: 'entry', method: 'POST', path: '/v1/devices/:id/children', auth: 'device', body: 'json',
    handle: ({ state, body: input, device: parent }) => {
      const body = requireObject(input);
      const unknown = Object.keys(body).filter((k) => !CHILD_FIELDS.includes(k));
      if (unknown.length > 0) throw bad(`Unknown parameter: ${unknown.join(', ')}`);
      const modelId = requireString(body, 'model_id');
      const firmwareVersion = requireString(body, 'firmware_version');
      checkFirmwareVersion(state, firmwareVersion);
      const mac = optionalString(body, 'mac');
      if (mac !== undefined) checkMac(mac);
      // Child serial numbers are deliberately not checked for uniqueness (docs/PROTOCOL.md#endpoints).
      const child = addDevice(state, {
        hardwareKey: null, modelKey: modelId.toLowerCase(), modelId, parentId: parent.id, sn: optionalString(body, 'sn'), mac,
        name: optionalString(body, 'name'), details: optionalObject(body, 'details'), firmwareVersion,
      });
      return ok({ id: child.id, access_key: child.access_key });
    },
  },
];
