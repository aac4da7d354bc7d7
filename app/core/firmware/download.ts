// Streaming download into `<staging>/<name>.part`: hashes while writing, resumes with HTTP Range,
// caps the size (also against an endless body), and gives up when no byte arrives for a while.
import { createReadStream } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import type { Clock } from '../deps';
import type { OutboundPolicy } from '../net/outbound-url';
import { FirmwareError, isResumable, toFirmwareError } from './errors';
import { getFollowingRedirects } from './http-get';
import type { IntegritySink } from './integrity';
import { streamToPart } from './transfer';

/** Re-hashing a .part or staged file from disk: 1 MiB reads (1 000 per GiB, not 16 000). */
const READ_CHUNK_BYTES = 1024 * 1024;

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
  outbound: OutboundPolicy;
  /** The certificate authority trusted for download hosts INSTEAD of the system ones (tests); absent = the system ones. */
  ca?: string | undefined;
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

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Wait before the 2nd attempt; doubles each time, capped at RETRY_CAP_MS. */
  baseMs: number;
  onRetry: (info: { attempt: number; attempts: number; retryInMs: number; code: string; bytesKept: number }) => void;
}

export const DOWNLOAD_ATTEMPTS = 5;
const RETRY_CAP_MS = 30_000;

/**
 * downloadFile, retried with a Range resume after a cut connection or a network error (bounded:
 * `attempts` in all, with backoff). Anything else — a refusal, an idle trickle, a size overrun —
 * fails at once.
 */
export async function downloadWithRetries(opts: DownloadOptions, retry: RetryOptions): Promise<DownloadResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await downloadFile(attempt === 1 ? opts : { ...opts, resume: true });
    } catch (error) {
      const failure = toFirmwareError(error);
      if (!isResumable(failure.code) || attempt >= retry.attempts || opts.signal.aborted) throw failure;
      const retryInMs = Math.min(RETRY_CAP_MS, retry.baseMs * 2 ** (attempt - 1));
      retry.onRetry({ attempt, attempts: retry.attempts, retryInMs, code: failure.code, bytesKept: await fileSize(opts.partPath) });
      await opts.clock.sleep(retryInMs, opts.signal);
    }
  }
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

async function hashExisting(path: string, length: number, sink: IntegritySink): Promise<void> {
  for await (const chunk of createReadStream(path, { start: 0, end: length - 1, highWaterMark: READ_CHUNK_BYTES })) sink.update(chunk as Buffer);
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

/** Flushes a file's data to disk (also used by the AppImage installer before its swap). */
export async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
