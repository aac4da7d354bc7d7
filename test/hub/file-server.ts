// The file origin (a different host than the hub, like S3): GET/HEAD /files/<fileId>/<name>,
// no auth, single-range support (206 / 416). Every request is recorded so tests can prove the
// client never sent its Authorization header here.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyFault } from './faults';
import { takeFault } from './faults';
import { endlessBytes } from './file-content';
import { writeReply, writeShaped, type ReplyShaping, type Timers } from './http-util';
import { recordRequest } from './request-log';
import type { FirmwareFile, HubState } from './state';

/** Safety cap for the `endless` fault so a broken client cannot fill the disk forever. */
const ENDLESS_EXTRA = 1024 * 1024 * 1024;

export async function handleFileRequest(state: HubState, req: IncomingMessage, res: ServerResponse, timers: Timers): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://file').pathname;
  recordRequest(state, 'file', req, res, path, 'download', null, null);
  const fault = takeFault(state, 'download');
  let shaping: ReplyShaping = {};
  let endless = false;
  if (fault) {
    const outcome = await applyFault(fault, 'download', req, res, timers);
    if (outcome.kind === 'handled') return;
    ({ shaping, endless } = outcome);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    await writeReply(res, { status: 405, body: { error: 'Method not allowed' }, headers: { Allow: 'GET, HEAD' } }, {}, timers);
    return;
  }
  const file = findFile(state, path);
  if (!file) {
    await writeReply(res, { status: 404, body: { error: 'Not found' } }, {}, timers);
    return;
  }
  if (endless) return streamEndless(res, file, shaping, timers);
  const size = file.content.size;
  const etag = `"${file.id}"`;
  const headers: Record<string, string> = {
    'Content-Type': 'application/octet-stream', 'Accept-Ranges': 'bytes', ETag: etag,
    'Last-Modified': new Date(file.createdAt).toUTCString(),
  };
  const ifRange = req.headers['if-range'];
  const rangeHeader = ifRange === undefined || ifRange === etag ? req.headers.range : undefined;
  let start = 0;
  let end = size - 1;
  let status = 200;
  if (rangeHeader !== undefined) {
    const range = parseRange(rangeHeader, size);
    if (!range) {
      res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}`, 'Content-Length': '0' }).end();
      return;
    }
    ({ start, end } = range);
    status = 206;
    headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  }
  res.writeHead(status, { ...headers, 'Content-Length': String(Math.max(0, end - start + 1)) });
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  await writeShaped(res, file.content.open(start, end), shaping, timers);
  if (!res.destroyed) res.end();
}

function findFile(state: HubState, path: string): FirmwareFile | undefined {
  const m = /^\/files\/([^/]+)\/([^/]+)$/.exec(path);
  if (!m) return undefined;
  const f = state.files.find((x) => x.id === m[1]);
  return f && encodeURIComponent(f.name) === encodeURIComponent(decodeURIComponentSafe(m[2] ?? '')) ? f : undefined;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** One `bytes=a-b`, `bytes=a-` or `bytes=-n` range; anything else, or unsatisfiable, → undefined (416). */
export function parseRange(header: string, size: number): { start: number; end: number } | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0) return undefined;
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return undefined;
  return { start, end };
}

/** The `endless` fault: chunked body that keeps going past the declared size until the client gives up. */
async function streamEndless(res: ServerResponse, file: FirmwareFile, shaping: ReplyShaping, timers: Timers): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
  const cap = file.content.size + ENDLESS_EXTRA;
  let sent = 0;
  async function* capped(): AsyncGenerator<Buffer> {
    for (const chunk of endlessBytes(file.id)) {
      if (sent >= cap || res.destroyed) return;
      sent += chunk.length;
      yield chunk;
    }
  }
  await writeShaped(res, capped(), shaping, timers);
  if (!res.destroyed) res.end();
}
