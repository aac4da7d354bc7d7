// Incidents and events (docs/PROTOCOL.md#incidents-and-events). Both are no-ops for an unclaimed device.
import { randomUUID } from 'node:crypto';
import { HttpError } from '../http-util';
import { ok, type RouteDef } from '../route-types';
import { isoAt, withDeviceId, type DeviceRecord, type HubState } from '../state';
import type { JsonObject, SimEvent } from '../types';
import {
  bad, checkIsoTime, isInt32, optionalString, rejectUnknown, requireObject, requireString,
} from '../validate';

export const PRIORITIES = ['critical', 'high', 'moderate', 'low', 'planning'];
export const EVENTS_PER_DAY = 100;
const DAY = 86_400_000;

/** `priority` as an index into PRIORITIES (the Bruno example sends 2) or one of the names. */
function parsePriority(v: unknown): string {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < PRIORITIES.length) return PRIORITIES[v] ?? 'moderate';
  if (typeof v === 'string' && PRIORITIES.includes(v)) return v;
  throw bad(`priority must be 0-4 or one of ${PRIORITIES.join(', ')}`);
}

function openIncident(state: HubState, d: DeviceRecord, input: unknown): JsonObject {
  const body = requireObject(input);
  rejectUnknown(body, ['title', 'issue', 'priority', 'description']);
  const title = requireString(body, 'title');
  const issue = requireString(body, 'issue');
  const priority = parsePriority(body.priority);
  const description = body.description === null ? null : (optionalString(body, 'description') ?? null);
  const id = randomUUID();
  // Unclaimed: the documented dummy success; nothing is stored.
  if (!d.claimed) return { incident_id: id };
  const at = isoAt(state.now());
  d.incidentList.push({ id, device_id: d.id, status: 'active', priority, title, issue, description, source: 'device', created_at: at, updated_at: at });
  return { incident_id: id };
}

function incidentsReply(state: HubState, d: DeviceRecord): JsonObject[] {
  return d.incidentList.map(({ source: _s, device_id: _d, ...i }) => withDeviceId(state, d, { ...i }));
}

function closeIncident(state: HubState, d: DeviceRecord, id: string): JsonObject {
  const inc = d.incidentList.find((i) => i.id === id);
  if (!inc) throw new HttpError(404, 'Not found');
  if (inc.status === 'active') {
    inc.status = 'closed';
    inc.updated_at = isoAt(state.now());
  }
  return { success: true };
}

function closeDeviceIncidents(state: HubState, d: DeviceRecord): JsonObject {
  for (const inc of d.incidentList) {
    if (inc.source === 'device' && inc.status === 'active') {
      inc.status = 'closed';
      inc.updated_at = isoAt(state.now());
    }
  }
  return { success: true };
}

function addEvent(state: HubState, d: DeviceRecord, input: unknown): JsonObject {
  const body = requireObject(input);
  rejectUnknown(body, ['name', 'category', 'int_key_1', 'int_key_2', 'string_key_1', 'string_key_2', 'str_key_1', 'str_key_2', 'timestamp']);
  const event: SimEvent = {
    name: requireString(body, 'name'),
    category: requireString(body, 'category'),
    timestamp: checkIsoTime(body, 'timestamp') ?? isoAt(state.now()),
    received_at: isoAt(state.now()),
  };
  if (Buffer.byteLength(event.name) > 255 || Buffer.byteLength(event.category) > 255) throw bad('name and category must be at most 255 bytes');
  for (const k of ['int_key_1', 'int_key_2'] as const) {
    if (body[k] === undefined) continue;
    if (!isInt32(body[k])) throw bad(`${k} must be a 32-bit integer`);
    event[k] = body[k];
  }
  for (const n of [1, 2] as const) {
    // The overview page calls them str_key_N; accept both spellings.
    const key = body[`string_key_${n}`] !== undefined ? `string_key_${n}` : `str_key_${n}`;
    const v = optionalString(body, key, 255);
    if (v !== undefined) event[`string_key_${n}`] = v;
  }
  if (!d.claimed) return { status: true }; // unclaimed: success, nothing stored, not counted
  const now = state.now();
  const day = Math.floor(now / DAY);
  if (d.eventDay.day !== day) d.eventDay = { day, count: 0 };
  if (d.eventDay.count >= EVENTS_PER_DAY) {
    const retryAfter = Math.ceil(((day + 1) * DAY - now) / 1000);
    throw new HttpError(429, 'Too many requests', { 'Retry-After': String(retryAfter) });
  }
  d.eventDay.count += 1;
  d.eventList.push(event);
  return { status: true };
}

export const incidentEventRoutes: RouteDef[] = [
  {
    name: 'openIncident', listener: 'hub', method: 'POST', path: '/v1/devices/:id/incidents', auth: 'device', body: 'json',
    handle: ({ state, device, body }) => ok(openIncident(state, device, body)),
  },
  {
    name: 'getIncidents', listener: 'hub', method: 'GET', path: '/v1/devices/:id/incidents', auth: 'device', body: 'none',
    handle: ({ state, device }) => ok(incidentsReply(state, device)),
  },
  {
    name: 'closeIncident', listener: 'hub', method: 'DELETE', path: '/v1/devices/:id/incidents/:incidentId', auth: 'device',
    body: 'none', handle: ({ state, device, params }) => ok(closeIncident(state, device, params.incidentId ?? '')),
  },
  {
    name: 'closeIncidents', listener: 'hub', method: 'DELETE', path: '/v1/devices/:id/incidents', auth: 'device', body: 'none',
    handle: ({ state, device }) => ok(closeDeviceIncidents(state, device)),
  },
  {
    name: 'addEvent', listener: 'hub', method: 'POST', path: '/v1/devices/:id/events', auth: 'device', body: 'json',
    handle: ({ state, device, body }) => ok(addEvent(state, device, body)),
  },
];
