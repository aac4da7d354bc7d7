// Small HTTP helpers: the error type handlers throw, body reading with a size cap, and reply
// writing with the response-shaping faults (slow drip, oversized, cut).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';

export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

export interface Reply {
  status: number;
  body?: unknown;
  /** Sent verbatim instead of JSON.stringify(body) (malformed JSON fault). */
  raw?: string;
  headers?: Record<string, string>;
}

export interface ReplyShaping {
  slowDripBytesPerSec?: number | undefined;
  oversizedBytes?: number | undefined;
  cutAfterBytes?: number | undefined;
}

/** Timers that close() can cancel, so a closed simulator leaves nothing pending. */
export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.pending.delete(t);
        resolve();
      }, ms);
      this.pending.add(t);
    });
  }
  clear(): void {
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
  }
}

export interface ReadBody {
  buf: Buffer;
  tooLarge: boolean;
}

/** Reads the whole body; past `limit` bytes keeps draining (so a 413 can still be sent) but stores nothing. */
export function readBody(req: IncomingMessage, limit: number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    req.on('data', (c: Buffer) => {
      total += c.length;
      if (total <= limit) chunks.push(c);
    });
    req.on('end', () => resolve({ buf: total <= limit ? Buffer.concat(chunks) : Buffer.alloc(0), tooLarge: total > limit }));
    req.on('error', reject);
  });
}

export function errorReply(status: number, message: string, headers: Record<string, string> = {}): Reply {
  return { status, body: { error: message }, headers };
}

export function replyText(reply: Reply): string {
  if (reply.raw !== undefined) return reply.raw;
  return reply.body === undefined ? '' : JSON.stringify(reply.body);
}

export async function writeReply(res: ServerResponse, reply: Reply, shaping: ReplyShaping, timers: Timers): Promise<void> {
  let text = replyText(reply);
  if (shaping.oversizedBytes && Buffer.byteLength(text) < shaping.oversizedBytes) {
    // Trailing whitespace keeps the JSON valid: the client must cap by size, not by parse failure.
    text += ' '.repeat(shaping.oversizedBytes - Buffer.byteLength(text));
  }
  const bytes = Buffer.from(text);
  res.writeHead(reply.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(bytes.length),
    ...reply.headers,
  });
  if (shaping.cutAfterBytes === undefined && !shaping.slowDripBytesPerSec) {
    res.end(bytes);
    return;
  }
  await writeShaped(res, [bytes], shaping, timers);
  if (!res.destroyed) res.end();
}

/** Writes chunks honouring drip rate and cut point; stops as soon as the socket is gone. */
export async function writeShaped(
  res: ServerResponse, chunks: Iterable<Buffer> | AsyncIterable<Buffer> | Readable, shaping: ReplyShaping, timers: Timers,
): Promise<void> {
  let sent = 0;
  const cut = shaping.cutAfterBytes ?? Infinity;
  for await (const raw of chunks as AsyncIterable<Buffer>) {
    if (res.destroyed) return;
    let chunk = raw.subarray(0, Math.max(0, cut - sent));
    while (chunk.length > 0) {
      const piece = shaping.slowDripBytesPerSec ? chunk.subarray(0, Math.max(1, Math.floor(shaping.slowDripBytesPerSec / 10))) : chunk;
      chunk = chunk.subarray(piece.length);
      sent += piece.length;
      if (!res.write(piece)) await waitDrain(res);
      if (res.destroyed) return;
      if (shaping.slowDripBytesPerSec) await timers.sleep(100);
    }
    if (sent >= cut) {
      // Give the kernel a moment to flush what was written, then drop the connection mid-body.
      await timers.sleep(20);
      res.destroy();
      return;
    }
  }
}

function waitDrain(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export function isJsonContentType(req: IncomingMessage): boolean {
  return /^application\/(?:[\w.+-]+\+)?json\b/i.test(req.headers['content-type'] ?? '');
}
