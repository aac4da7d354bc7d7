// The request pipeline of the two Xyte listeners: match → record → read body → fault → auth →
// rate limit → handler → reply. Hub routes are not served on the entry listener and vice versa.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyFault, takeFault } from './faults';
import {
  errorReply, HttpError, isJsonContentType, readBody, writeReply, type Reply, type ReplyShaping, type Timers,
} from './http-util';
import { describeBody, recordRequest } from './request-log';
import { matchRoute, type CompiledRoute, type RouteDef } from './route-types';
import type { DeviceRecord, HubState } from './state';

const DEFAULT_LIMIT = 1024 * 1024;
const WINDOW_MS = 30_000;

export interface PipelineDeps {
  state: HubState;
  routes: CompiledRoute[];
  timers: Timers;
}

export async function handleXyteRequest(
  deps: PipelineDeps, listener: 'entry' | 'hub', req: IncomingMessage, res: ServerResponse,
): Promise<void> {
  const { state, timers } = deps;
  const path = new URL(req.url ?? '/', 'http://sim').pathname;
  const match = matchRoute(deps.routes, listener, req.method ?? 'GET', path);
  const record = recordRequest(state, listener, req, res, path, match?.def.name ?? null, match?.params.id ?? null, null);
  const { buf, tooLarge } = await readBody(req, match?.def.limit ?? DEFAULT_LIMIT);
  if (!match) return void (await writeReply(res, errorReply(404, 'Not found'), {}, timers));
  const { def, params } = match;
  const parsed = parseBody(def, req, buf);
  record.body = describeBody(buf, parsed.ok ? parsed.json : undefined);
  const route = def.nameFor && parsed.ok ? def.nameFor(parsed.json) : def.name;
  record.route = route;
  let shaping: ReplyShaping = {};
  const fault = takeFault(state, route);
  if (fault) {
    const outcome = await applyFault(fault, route, req, res, timers);
    if (outcome.kind === 'handled') return;
    shaping = outcome.shaping;
  }
  const reply = tooLarge
    ? errorReply(413, 'Payload too large')
    : !parsed.ok
      ? parsed.reply
      : runHandler(state, def, { state, params, body: parsed.json, raw: buf, req });
  await writeReply(res, reply, shaping, timers);
}

type Parsed = { ok: true; json: unknown } | { ok: false; reply: Reply };

function parseBody(def: RouteDef, req: IncomingMessage, buf: Buffer): Parsed {
  if (def.body !== 'json' || buf.length === 0) return { ok: true, json: undefined };
  if (!isJsonContentType(req)) return { ok: false, reply: errorReply(415, 'Content-Type must be application/json') };
  try {
    return { ok: true, json: JSON.parse(buf.toString('utf8')) as unknown };
  } catch {
    return { ok: false, reply: errorReply(400, 'Invalid JSON') };
  }
}

function runHandler(state: HubState, def: RouteDef, base: Parameters<Extract<RouteDef, { auth: 'none' }>['handle']>[0]): Reply {
  try {
    if (def.auth === 'none') return def.handle(base);
    const device = authenticate(state, base.params.id ?? '', base.req.headers.authorization);
    takeRateSlot(state, device);
    return def.handle({ ...base, device });
  } catch (e) {
    if (e instanceof HttpError) return errorReply(e.status, e.message, e.headers);
    state.log(`simulator bug in ${def.name}: ${e instanceof Error ? e.stack : String(e)}`);
    return errorReply(500, 'Internal server error');
  }
}

/** Exact match of the raw header against the device's key; unknown or deleted device → 401. */
export function authenticate(state: HubState, id: string, header: string | undefined): DeviceRecord {
  const d = state.devices.get(id);
  if (!d || d.deleted || header === undefined || header !== d.access_key) throw new HttpError(401, 'Not authorized');
  return d;
}

/** The plan rate limit: N requests per device per fixed 30-second window (every request counts). */
function takeRateSlot(state: HubState, d: DeviceRecord): void {
  if (!Number.isFinite(state.rateLimitPerWindow)) return;
  const now = state.now();
  const start = Math.floor(now / WINDOW_MS) * WINDOW_MS;
  if (d.rateWindow.start !== start) d.rateWindow = { start, count: 0 };
  if (d.rateWindow.count >= state.rateLimitPerWindow) {
    const retryAfter = Math.max(1, Math.ceil((start + WINDOW_MS - now) / 1000));
    throw new HttpError(429, 'Too many requests', { 'Retry-After': String(retryAfter) });
  }
  d.rateWindow.count += 1;
}
