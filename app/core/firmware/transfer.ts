// The hot loop of a download: each body chunk is counted, hashed and written in ONE pass, and
// nothing else happens per chunk — no clock read, no allocation, no logging, no copy. A 1 GiB file
// arrives as ~16 000 socket reads of 64 KiB; anything per chunk is paid 16 000 times. Progress and
// the idle watchdog run on a timer instead (≤ 10 ticks/s), which also bounds progress events.
import { createWriteStream, fdatasync, type WriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Clock } from '../deps';
import { FirmwareError, toFirmwareError } from './errors';
import { mapRequestError } from './http-get';
import type { IntegritySink } from './integrity';

/** Write buffer: the response is paused while this much waits for the disk. Measured: 4-8 MiB
 * did not download faster than 1 MiB here, but raised peak RSS by ~5 MB. */
export const WRITE_BUFFER_BYTES = 1024 * 1024;
/** Background fdatasync cadence: the disk writes while we download, so the final fsync (needed
 * before the staged file may be trusted after a power cut) is short, and a small-RAM kiosk never
 * piles up a whole image of dirty pages. */
const FLUSH_EVERY_BYTES = 64 * 1024 * 1024;
const PROGRESS_TICK_MS = 100;

export interface TransferOptions {
  partPath: string;
  capBytes: number;
  idleTimeoutMs: number;
  signal: AbortSignal;
  clock: Clock;
  onBytes: (done: number, total: number | null) => void;
}

/** Appends the response body to the .part (from `offset`); returns the byte count on disk. */
export async function streamToPart(opts: TransferOptions, response: IncomingMessage, offset: number, sink: IntegritySink, total: number | null): Promise<number> {
  let done = offset;
  let failure: unknown;
  const out = createWriteStream(opts.partPath, { flags: offset > 0 ? 'a' : 'w', highWaterMark: WRITE_BUFFER_BYTES });
  const flusher = createFlusher(out);
  const report = () => opts.onBytes(done, total);
  const stopWatch = watchTransfer(opts, () => done, report, (error) => response.destroy(error));
  try {
    // flowing mode rather than pipeline(): every byte that reached us is written even when the
    // connection dies mid-body, so a resume asks for exactly the rest
    await new Promise<void>((resolve, reject) => {
      const fail = (error: unknown) => {
        failure ??= error;
        response.destroy();
        reject(failure);
      };
      let waitingForDrain = false;
      const resumeReading = () => {
        waitingForDrain = false;
        response.resume();
      };
      let nextFlushAt = offset + FLUSH_EVERY_BYTES;
      let reportedFirst = false;
      response.on('data', (chunk: Buffer) => {
        if (failure !== undefined) return;
        done += chunk.length;
        if (done > opts.capBytes) return fail(new FirmwareError('size-exceeded', `the download passed ${opts.capBytes} bytes, the most accepted for this file`));
        sink.update(chunk);
        if (!out.write(chunk) && !waitingForDrain) {
          waitingForDrain = true;
          response.pause();
          out.once('drain', resumeReading);
        }
        if (done >= nextFlushAt) {
          nextFlushAt = done + FLUSH_EVERY_BYTES;
          flusher.kick();
        }
        if (!reportedFirst) {
          reportedFirst = true; // the screen shows progress from the first byte; the timer does the rest
          report();
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
  await flusher.settle();
  await closeWriter(out).catch((error: unknown) => (failure ??= error));
  if (failure !== undefined) throw mapStreamError(failure, opts.signal);
  report();
  return done;
}

function closeWriter(out: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    if (out.errored) return reject(out.errored);
    out.once('error', reject);
    out.end(() => resolve());
  });
}

/** At most one fdatasync in flight, never awaited on the hot path; `settle` before closing the fd. */
function createFlusher(out: WriteStream): { kick(): void; settle(): Promise<void> } {
  let running: Promise<void> | null = null;
  let fd: number | null = null;
  out.once('open', (opened: number) => (fd = opened));
  out.once('close', () => (fd = null));
  return {
    kick() {
      const target = fd;
      if (running || target === null) return;
      // errors are ignored: this is only a head start, the final fsync is the one that counts
      running = new Promise<void>((resolve) => fdatasync(target, () => resolve())).then(() => void (running = null));
    },
    settle: () => running ?? Promise.resolve(),
  };
}

/**
 * Every tick: report progress when bytes arrived since the last tick, or fail with idle-timeout
 * when none arrived for idleTimeoutMs (judged to within one tick). Returns a stop function.
 */
function watchTransfer(opts: TransferOptions, bytesDone: () => number, report: () => void, fail: (error: Error) => void): () => void {
  const stop = new AbortController();
  const tick = Math.max(10, Math.min(PROGRESS_TICK_MS, Math.floor(opts.idleTimeoutMs / 4)));
  (async () => {
    let seen = bytesDone();
    let lastByteAt = opts.clock.now();
    while (!stop.signal.aborted) {
      await opts.clock.sleep(tick, stop.signal);
      const now = opts.clock.now();
      const done = bytesDone();
      if (done !== seen) {
        seen = done;
        lastByteAt = now;
        report();
      } else if (now - lastByteAt > opts.idleTimeoutMs) {
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
