// Send Dump / Append Dump File (docs/PROTOCOL.md#dumps): raw body or multipart field `data`.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from '../http-util';
import { ok, type RouteDef } from '../route-types';
import { withDeviceId } from '../state';
import { bad } from '../validate';

export const DUMP_LIMIT = 64 * 1024 * 1024;
const MIME_RE = /^[\w.+-]+\/[\w.+-]+$/;

/** The uploaded bytes: the `data` part of a multipart/form-data body, else the raw body. */
export function dumpBytes(req: IncomingMessage, raw: Buffer): Buffer {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(type)) return raw;
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(type);
  if (!boundary) throw bad('multipart body without boundary');
  const data = multipartField(raw, boundary[1] ?? boundary[2] ?? '', 'data');
  if (!data) throw bad('multipart field "data" is required');
  return data;
}

/** Minimal multipart parser: finds the part whose Content-Disposition name is `field`. */
export function multipartField(body: Buffer, boundary: string, field: string): Buffer | undefined {
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const partStart = at + delimiter.length;
    if (body.subarray(partStart, partStart + 2).toString() === '--') return undefined;
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) return undefined;
    const part = body.subarray(partStart, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('latin1');
      const name = /content-disposition:[^\r\n]*\bname="([^"]*)"/i.exec(headers)?.[1];
      // Part content ends with the CRLF that precedes the next delimiter.
      if (name === field) return part.subarray(headerEnd + 4, part.length - 2);
    }
    at = next;
  }
  return undefined;
}

export const dumpRoutes: RouteDef[] = [
  {
    name: 'sendDump', listener: 'hub', method: 'POST', path: '/v1/devices/:id/dumps/:mime/:filename', auth: 'device',
    body: 'raw', limit: DUMP_LIMIT,
    handle: ({ state, device, params, req, raw }) => {
      if (!MIME_RE.test(params.mime ?? '')) throw bad('mime must be a URL-encoded MIME type, e.g. text%2Fplain');
      if (!params.filename?.trim()) throw bad('filename is required');
      const body = dumpBytes(req, raw);
      if (body.length === 0) throw bad('Empty dump');
      const dump = { id: randomUUID(), mime: params.mime, filename: params.filename, body: Buffer.from(body) };
      device.dumpList.push(dump);
      return ok(withDeviceId(state, device, { id: dump.id, length: dump.body.length }));
    },
  },
  {
    name: 'appendDump', listener: 'hub', method: 'PUT', path: '/v1/devices/:id/dumps/:dumpId', auth: 'device',
    body: 'raw', limit: DUMP_LIMIT,
    handle: ({ state, device, params, req, raw }) => {
      const dump = device.dumpList.find((d) => d.id === params.dumpId);
      if (!dump) throw new HttpError(404, 'Not found');
      const body = dumpBytes(req, raw);
      if (body.length === 0) throw bad('Empty dump');
      if (dump.body.length + body.length > DUMP_LIMIT) throw new HttpError(413, 'Dump too large');
      dump.body = Buffer.concat([dump.body, body]);
      return ok(withDeviceId(state, device, { id: dump.id, length: dump.body.length }));
    },
  },
];
