// Get Config / Set Config (docs/PROTOCOL.md#config) with the Model API 1.0.5 shape switch.
import { HttpError } from '../http-util';
import { ok, type RouteDef } from '../route-types';
import { apiAtLeast, isoAt, withDeviceId, type DeviceRecord, type HubState } from '../state';
import type { JsonObject } from '../types';
import { requireObject } from '../validate';

/** Reply fields that a client may echo back with a Set Config; they are not config content. */
const ENVELOPE = ['version', 'last_updated', 'name', 'device_id'];

export function configReply(state: HubState, d: DeviceRecord): JsonObject {
  const head = { version: d.config_version, last_updated: d.config_last_updated };
  if (!apiAtLeast(state, '1.0.5')) return { ...d.config, ...head };
  return withDeviceId(state, d, { ...head, name: d.name, config: structuredClone(d.config) });
}

/** Replaces the config; bumps the version only when the content changed. Returns the version. */
export function storeConfig(state: HubState, d: DeviceRecord, config: JsonObject): number {
  if (canonical(config) === canonical(d.config)) return d.config_version;
  d.config = structuredClone(config);
  d.config_version += 1;
  d.config_last_updated = isoAt(state.now());
  return d.config_version;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as JsonObject).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** Accepts a flat config or `{config:{…}}` (optionally with echoed envelope fields). */
function extractConfig(body: JsonObject): { config: JsonObject; version: unknown } {
  const keys = Object.keys(body);
  const scoped = typeof body.config === 'object' && body.config !== null && !Array.isArray(body.config)
    && keys.every((k) => k === 'config' || ENVELOPE.includes(k));
  if (scoped) return { config: body.config as JsonObject, version: body.version };
  const config = Object.fromEntries(Object.entries(body).filter(([k]) => !ENVELOPE.includes(k)));
  return { config, version: body.version };
}

export const configRoutes: RouteDef[] = [
  {
    name: 'getConfig', listener: 'hub', method: 'GET', path: '/v1/devices/:id/config', auth: 'device', body: 'none',
    handle: ({ state, device }) => ok(configReply(state, device)),
  },
  {
    name: 'setConfig', listener: 'hub', method: 'POST', path: '/v1/devices/:id/config', auth: 'device', body: 'json',
    handle: ({ state, device, body }) => {
      const { config, version } = extractConfig(requireObject(body));
      if (typeof version === 'number' && version < device.config_version) {
        // Legacy behaviour: a Set Config based on an older version than the server's is refused.
        throw new HttpError(422, 'Config version is older than the server version');
      }
      const v = storeConfig(state, device, config);
      return ok(withDeviceId(state, device, { success: true, version: v }));
    },
  },
];
