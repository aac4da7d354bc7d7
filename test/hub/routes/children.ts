// Get Child Devices (docs/PROTOCOL.md#endpoints), Get Space Info and Space Move (docs/PROTOCOL.md#space).
import { HttpError } from '../http-util';
import { ok, type RouteDef } from '../route-types';
import { liveDevice, withDeviceId, type DeviceRecord, type HubState } from '../state';
import type { JsonObject } from '../types';
import { bad, requireObject } from '../validate';

/**
 * Space Info. Decision (Xyte's docs leave it open): an unclaimed device gets 200 `{}` —
 * no fields, not even device_id — so "nothing configured" and "not claimed" look the same to a
 * client, which learns about claiming from space_data_version anyway.
 */
export function spaceReply(state: HubState, d: DeviceRecord): JsonObject {
  if (!d.claimed) return {};
  const s = d.space;
  const offset = s.location?.utc_offset ?? 0;
  return withDeviceId(state, d, {
    location: s.location ? structuredClone(s.location) : null,
    temperature_units: s.temperature_units,
    maintenance: s.maintenance,
    name: s.name,
    local_time: localTime(state.now(), offset),
  });
}

/** ISO time with the space's UTC offset, e.g. 2024-03-17T10:55:28+01:00. */
function localTime(nowMs: number, offsetMin: number): string {
  const shifted = new Date(nowMs + offsetMin * 60_000).toISOString().slice(0, 19);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${shifted}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function spaceMove(state: HubState, d: DeviceRecord, input: unknown): JsonObject {
  const body = requireObject(input);
  if (body.target !== 'follow_parent' && body.target !== 'unsorted') throw bad('target must be follow_parent or unsorted');
  if (!d.claimed) throw new HttpError(422, 'Device is not claimed');
  if (body.target === 'unsorted') {
    d.space = { ...d.space, name: 'Unsorted' };
  } else {
    const parent = d.parent_id ? liveDevice(state, d.parent_id) : undefined;
    if (!parent) throw new HttpError(422, 'Device has no parent');
    if (!parent.claimed) throw new HttpError(422, 'Parent is not claimed');
    d.space = structuredClone(parent.space);
  }
  d.space_data_version += 1;
  return spaceReply(state, d);
}

function childSummary(state: HubState, c: DeviceRecord): JsonObject {
  return withDeviceId(state, c, {
    id: c.id, name: c.name, sn: c.sn, mac: c.mac, model_id: c.model_id,
    firmware_version: c.firmware_version, status: c.status, last_seen: c.last_seen,
  });
}

export const childrenRoutes: RouteDef[] = [
  {
    name: 'getChildren', listener: 'hub', method: 'GET', path: '/v1/devices/:id/children', auth: 'device', body: 'none',
    handle: ({ state, device }) =>
      ok(device.children.map((id) => liveDevice(state, id)).filter((c) => c !== undefined).map((c) => childSummary(state, c))),
  },
  {
    name: 'getSpace', listener: 'hub', method: 'GET', path: '/v1/devices/:id/space', auth: 'device', body: 'none',
    handle: ({ state, device }) => ok(spaceReply(state, device)),
  },
  {
    name: 'spaceMove', listener: 'hub', method: 'PUT', path: '/v1/devices/:id/space/move', auth: 'device', body: 'json',
    handle: ({ state, device, body }) => ok(spaceMove(state, device, body)),
  },
];
