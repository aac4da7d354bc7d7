// Streaming download into `<staging>/<name>.part`: hashes while writing, resumes with HTTP Range,
// caps the size (also against an endless body), and gives up when no byte arrives for a while.
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Clock } from '../deps';
import { FirmwareError, toFirmwareError } from './errors';
import { getFollowingRedirects, mapRequestError } from './http-get';
import type { IntegritySink } from './integrity';

export interface DownloadOptions {
  url: string;
  authOrigin: string;
  authorization: string;
  partPath: string;
  /** Keep and continue an existing .part (it belongs to this very file). */
  resume: boolean;
  /** Hard cap: the declared size, or the policy's maxBytes when none is declared. */
  capBytes: number;
  declaredSize: number | null;
  idleTimeoutMs: number;
  signal: AbortSignal;
  clock: Clock;
  createSink: () => IntegritySink;
  onBytes: (done: number, total: number | null) => void;
}

export interface DownloadResult {
  sink: IntegritySink;
  bytes: number;
  /** Bytes that were already on disk and not fetched again. */
  resumedFrom: number;
}

export async function downloadFile(opts: DownloadOptions): Promise<DownloadResult> {
  let offset = opts.resume ? await fileSize(opts.partPath) : 0;
  if (offset > opts.capBytes || (opts.declaredSize !== null && offset > opts.declaredSize)) offset = 0;
  if (offset === 0) await rm(opts.partPath, { force: true });
  let sink = opts.createSink();
  if (offset > 0) await hashExisting(opts.partPath, offset, sink);
  if (offset > 0 && offset === opts.declaredSize) return { sink, bytes: offset, resumedFrom: offset };

  let opened = await openAt(opts, offset);
  if (opened.restart) {
    offset = 0;
    await rm(opts.partPath, { force: true });
    sink = opts.createSink();
    if (!opened.response) opened = await openAt(opts, 0);
  }
  const response = opened.response!;
  const total = opened.total;
  if (total !== null && total > opts.capBytes) {
    response.destroy();
    throw new FirmwareError('size-exceeded', `the server announces ${total} bytes; at most ${opts.capBytes} are accepted`);
  }
  const bytes = await streamToPart(opts, response, offset, sink, total);
  if (total !== null && bytes < total) throw new FirmwareError('interrupted', `the download ended after ${bytes} of ${total} bytes`);
  if (opts.declaredSize !== null && bytes !== opts.declaredSize) {
    throw new FirmwareError('size-mismatch', `the file has ${bytes} bytes; ${opts.declaredSize} were declared`);
  }
  await fsyncFile(opts.partPath);
  return { sink, bytes, resumedFrom: offset };
}

interface Opened {
  response: IncomingMessage | null;
  total: number | null;
  /** The server did not continue at `offset`: start over from byte 0. */
  restart: boolean;
}

async function openAt(opts: DownloadOptions, offset: number): Promise<Opened> {
  const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
  const { response } = await getFollowingRedirects({ ...opts, headers });
  const status = response.statusCode ?? 0;
  const length = headerNumber(response.headers['content-length']);
  if (offset > 0 && status === 206) {
    const range = parseContentRange(response.headers['content-range']);
    if (range && range.start === offset) return { response, total: range.total ?? (length === null ? null : offset + length), restart: false };
    response.destroy();
    return { response: null, total: null, restart: true };
  }
  if (offset > 0 && status === 416) {
    response.resume();
    return { response: null, total: null, restart: true };
  }
  if (status === 200) return { response, total: length, restart: offset > 0 };
  response.resume();
  throw new FirmwareError('http-status', `the download server answered HTTP ${status}`);
}

function parseContentRange(value: string | undefined): { start: number; total: number | null } | null {
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value?.trim() ?? '');
  if (!match) return null;
  return { start: Number(match[1]), total: match[3] === '*' ? null : Number(match[3]) };
}

function headerNumber(value: string | undefined): number | null {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
}

async function streamToPart(opts: DownloadOptions, response: IncomingMessage, offset: number, sink: IntegritySink, total: number | null): Promise<number> {
  let done = offset;
  let lastByteAt = opts.clock.now();
  // 1 MiB of write buffer: fewer pause/resume round trips on a fast link, still bounded memory
  const out = createWriteStream(opts.partPath, { flags: offset > 0 ? 'a' : 'w', highWaterMark: 1024 * 1024 });
  let failure: unknown;
  const stopWatch = watchIdle(opts, () => lastByteAt, (error) => response.destroy(error));
  try {
    // flowing mode rather than pipeline(): every byte that reached us is written even when the
    // connection dies mid-body, so a resume asks for exactly the rest
    await new Promise<void>((resolve, reject) => {
      const fail = (error: unknown) => {
        failure ??= error;
        response.destroy();
        reject(failure);
      };
      response.on('data', (chunk: Buffer) => {
        if (failure !== undefined) return;
        done += chunk.length;
        lastByteAt = opts.clock.now();
        if (done > opts.capBytes) return fail(new FirmwareError('size-exceeded', `the download passed ${opts.capBytes} bytes, the most accepted for this file`));
        sink.update(chunk);
        opts.onBytes(done, total);
        if (!out.write(chunk)) {
          response.pause();
          out.once('drain', () => response.resume());
        }
      });
      let ended = false;
      response.once('end', () => {
        ended = true;
        resolve();
      });
      response.once('error', fail);
      // a close without 'end' lost bytes, whatever the reason: resumable
      response.once('close', () => ended || fail(new FirmwareError('interrupted', 'the download connection was cut')));
      out.on('error', fail); // e.g. ENOSPC: stop reading at once
    });
  } catch {
    // failure holds the first cause; the partial file is closed below either way
  } finally {
    stopWatch();
  }
  await closeWriter(out).catch((error: unknown) => (failure ??= error));
  if (failure !== undefined) throw mapStreamError(failure, opts.signal);
  return done;
}

function closeWriter(out: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    if (out.errored) return reject(out.errored);
    out.once('error', reject);
    out.end(() => resolve());
  });
}

/** Checks every few ms whether a byte arrived within idleTimeoutMs; returns a stop function. */
function watchIdle(opts: DownloadOptions, lastByteAt: () => number, fail: (error: Error) => void): () => void {
  const stop = new AbortController();
  const tick = Math.max(10, Math.min(250, Math.floor(opts.idleTimeoutMs / 4)));
  (async () => {
    while (!stop.signal.aborted) {
      await opts.clock.sleep(tick, stop.signal);
      if (opts.clock.now() - lastByteAt() > opts.idleTimeoutMs) {
        fail(new FirmwareError('idle-timeout', `no data from the download server for ${opts.idleTimeoutMs} ms`));
        return;
      }
    }
  })().catch(() => undefined);
  return () => stop.abort();
}

function mapStreamError(error: unknown, signal: AbortSignal): FirmwareError {
  if (error instanceof FirmwareError) return error;
  if ((error as NodeJS.ErrnoException).code === 'ENOSPC') return toFirmwareError(error);
  return mapRequestError(error, signal);
}

async function hashExisting(path: string, length: number, sink: IntegritySink): Promise<void> {
  await pipeline(createReadStream(path, { start: 0, end: length - 1 }), async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) sink.update(chunk);
  });
}

/** Re-reads a whole file into a sink (a staged file found again after a restart). */
export async function hashFile(path: string, sink: IntegritySink): Promise<number> {
  const size = await fileSize(path);
  if (size > 0) await hashExisting(path, size, sink);
  return size;
}

export async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
