// Get License (single, queue head), Get Licenses (older array API), Update License (docs/PROTOCOL.md#licenses).
import { HttpError } from '../http-util';
import { ok, type RouteDef } from '../route-types';
import { isoAt, pendingLicenses, withDeviceId, type DeviceRecord, type HubState } from '../state';
import type { JsonObject, LicenseState } from '../types';
import { bad, optionalString, rejectUnknown, requireObject, requireString } from '../validate';

const DEVICE_STATES: LicenseState[] = ['inuse', 'removed', 'error'];

export function updateLicense(state: HubState, d: DeviceRecord, input: unknown): JsonObject {
  const body = requireObject(input);
  rejectUnknown(body, ['id', 'state', 'error']);
  const id = requireString(body, 'id');
  const st = body.state;
  if (typeof st !== 'string' || !DEVICE_STATES.includes(st as LicenseState)) {
    throw bad('state must be one of inuse, removed, error');
  }
  const error = optionalString(body, 'error', 10_000) ?? null;
  // The pending change with this id is acknowledged; a repeat report updates the latest record.
  const record = pendingLicenses(d).find((l) => l.id === id) ?? d.licenseQueue.findLast((l) => l.id === id);
  if (!record) throw new HttpError(404, 'Not found');
  record.state = st as LicenseState;
  record.error = st === 'error' ? error : null;
  record.reported_at = isoAt(state.now());
  return withDeviceId(state, d, { success: true });
}

export const licenseRoutes: RouteDef[] = [
  {
    name: 'getLicense', listener: 'hub', method: 'GET', path: '/v1/devices/:id/license', auth: 'device', body: 'none',
    handle: ({ state, device }) => {
      const head = pendingLicenses(device)[0];
      if (!head) return ok({});
      return ok(withDeviceId(state, device, {
        id: head.id, data: head.data, signature: head.signature, action: head.action,
        expires_at: head.expires_at, current_time: isoAt(state.now()),
      }));
    },
  },
  {
    name: 'getLicenses', listener: 'hub', method: 'GET', path: '/v1/devices/:id/licenses', auth: 'device', body: 'none',
    handle: ({ device }) => ok(pendingLicenses(device).map((l) => ({
      id: l.id, device_id: device.id, data: l.data, signature: l.signature,
      add: l.action === 'add', remove: l.action === 'remove', update: l.action === 'update', expires_at: l.expires_at,
    }))),
  },
  {
    name: 'updateLicense', listener: 'hub', method: 'POST', path: '/v1/devices/:id/licenses', auth: 'device', body: 'json',
    handle: ({ state, device, body }) => ok(updateLicense(state, device, body)),
  },
];
