// Fault injection: a matching fault is taken (its `times` counted down) before normal handling.
// Terminal faults answer the request themselves; shaping faults (drip, oversize, cut, endless)
// let the normal handler run and change how its reply is written.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { writeReply, type ReplyShaping, type Timers } from './http-util';
import type { ActiveFault, HubState } from './state';
import type { FaultSpec, RouteName } from './types';

export function injectFault(state: HubState, f: FaultSpec): string {
  const id = randomUUID();
  state.faults.push({ ...f, id, remaining: f.times ?? Infinity });
  return id;
}

/** Takes the first active fault for `route`, counting one use. */
export function takeFault(state: HubState, route: RouteName): ActiveFault | undefined {
  const f = state.faults.find((x) => x.remaining > 0 && ((x.route ?? '*') === '*' || x.route === route));
  if (!f) return undefined;
  f.remaining -= 1;
  state.faults = state.faults.filter((x) => x.remaining > 0);
  return f;
}

export type FaultOutcome = { kind: 'handled' } | { kind: 'continue'; shaping: ReplyShaping; endless: boolean };

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request', 401: 'Not authorized', 403: 'Forbidden', 404: 'Not found', 413: 'Payload too large',
  422: 'Unprocessable entity', 429: 'Too many requests', 500: 'Internal server error', 502: 'Bad gateway',
  503: 'Service unavailable', 504: 'Gateway timeout',
};

export async function applyFault(
  f: ActiveFault, route: RouteName, req: IncomingMessage, res: ServerResponse, timers: Timers,
): Promise<FaultOutcome> {
  const shaping: ReplyShaping = {
    slowDripBytesPerSec: f.slowDripBytesPerSec, oversizedBytes: f.oversizedBytes, cutAfterBytes: f.cutAfterBytes,
  };
  if (f.delayMs) await timers.sleep(f.delayMs);
  if (f.reset) {
    req.socket.destroy();
    return { kind: 'handled' };
  }
  if (f.hang) return { kind: 'handled' }; // never answered; close() destroys the socket
  if (f.redirectTo) {
    res.writeHead(302, { Location: f.redirectTo, 'Content-Length': '0' }).end();
    return { kind: 'handled' };
  }
  if (f.status !== undefined) {
    const retryAfter = f.retryAfter ?? (f.retryAfterSec !== undefined ? String(f.retryAfterSec) : undefined);
    const headers: Record<string, string> = retryAfter !== undefined ? { 'Retry-After': retryAfter } : {};
    const body = f.body !== undefined ? f.body : { error: STATUS_TEXT[f.status] ?? 'Error' };
    await writeReply(res, { status: f.status, body, headers }, shaping, timers);
    return { kind: 'handled' };
  }
  if (f.malformedJson) {
    await writeReply(res, { status: 200, raw: '{"config_version": 1, "command": tru' }, shaping, timers);
    return { kind: 'handled' };
  }
  if (f.schemaViolation) {
    await writeReply(res, { status: 200, body: wrongShape(route) }, shaping, timers);
    return { kind: 'handled' };
  }
  return { kind: 'continue', shaping, endless: f.endless === true };
}

const ARRAY_ROUTES: RouteName[] = ['bulkRegister', 'getChildren', 'getPendingCommands', 'getLicenses', 'getFiles', 'getIncidents'];

/** Well-formed JSON of the wrong shape for the route (wrong types, missing fields, object vs array). */
export function wrongShape(route: RouteName): unknown {
  if (ARRAY_ROUTES.includes(route)) return { not: 'an array' };
  switch (route) {
    case 'sendTelemetry':
      return { config_version: 'x', command: 'yes', new_licenses: 1, info_version: null, latest_fw_version: 5, latest_fw_file_id: [], space_data_version: '1', success: 'true' };
    case 'sendChildTelemetries':
    case 'sendMassTelemetry':
      return { 'some-child': { config_version: 'x', command: 'yes' } };
    case 'registerDevice':
    case 'registerChild':
      return { id: 123, access_key: null, hub_url: false };
    case 'getConfig':
      return { version: 'ten', config: 'not-an-object' };
    case 'setConfig':
      return { success: 'yes', version: 'v' };
    case 'getCommand':
      return { id: 42, name: null, status: 'bogus', parameters: 'x' };
    case 'getLicense':
      return { id: 7, action: 'explode', data: 1 };
    case 'getFile':
      return { id: 1, url: 42, name: null, size: 'big' };
    case 'getSpace':
    case 'spaceMove':
      return { location: 'nowhere', maintenance: 'maybe', temperature_units: 3 };
    case 'getDeviceInfo':
      return ['not', 'an', 'object'];
    case 'openIncident':
      return { incident_id: 5 };
    case 'sendDump':
    case 'appendDump':
      return { id: 7, length: 'x' };
    default:
      return ['unexpected'];
  }
}
