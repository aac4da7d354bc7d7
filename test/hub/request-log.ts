// Request recording: every request to any listener becomes a SimRequest. The record is stored at
// arrival (status 0) and completed when the response finishes, so hung or reset requests show too.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HubState } from './state';
import type { RouteName, SimRequest } from './types';

/** Bounded so a long benchmark run cannot grow the log without limit. */
const MAX_RECORDS = 50_000;

export function recordRequest(
  state: HubState, listener: SimRequest['listener'], req: IncomingMessage, res: ServerResponse,
  path: string, route: RouteName | null, deviceId: string | null, body: unknown,
): SimRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    headers[k] = k === 'authorization' ? '[present]' : Array.isArray(v) ? v.join(', ') : v;
  }
  const record: SimRequest = {
    at: state.now(), listener, method: req.method ?? 'GET', path, route, device_id: deviceId, status: 0,
    headers, authorization: req.headers.authorization, body,
  };
  const list = listener === 'file' ? state.fileRequests : state.requests;
  list.push(record);
  if (list.length > MAX_RECORDS) list.splice(0, list.length - MAX_RECORDS);
  const finish = () => {
    if (record.status === 0 && res.headersSent) record.status = res.statusCode;
    // The device id is known before auth, so the path id is used; the access key never reaches the log line.
    state.log(`${listener} ${record.method} ${path} ${record.route ?? '-'} -> ${record.status || 'no response'}`);
  };
  res.once('finish', finish);
  res.once('close', () => {
    if (!res.writableFinished) finish();
  });
  return record;
}

/** A loggable view of a request body: JSON as parsed, short text as is, binary as a byte count. */
export function describeBody(raw: Buffer, json: unknown): unknown {
  if (json !== undefined) return json;
  if (raw.length === 0) return null;
  const text = raw.toString('utf8');
  return raw.length <= 4096 && !text.includes('\uFFFD') ? text : { bytes: raw.length };
}
