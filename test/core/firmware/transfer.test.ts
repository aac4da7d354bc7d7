// The download hot loop on its own, over real loopback HTTP: progress from the first chunk and at
// the end (not per chunk), the size cap, and a transfer long enough to cross the background
// fdatasync mark (64 MiB) so that path runs and the file is closed cleanly after it.
import http from 'node:http';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../app/core/deps';
import { createIntegritySink } from '../../../app/core/firmware/integrity';
import { streamToPart } from '../../../app/core/firmware/transfer';
import { startFileServer, type FileServer } from './helpers/file-server';
import { makeTempDir, payload } from './helpers/harness';

let files: FileServer;
let tmp: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  files = await startFileServer('127.0.0.2');
});
afterAll(() => files.close());
beforeEach(async () => {
  tmp = await makeTempDir();
});
afterEach(() => tmp.cleanup());

function get(url: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => http.get(url, resolve).on('error', reject));
}

async function transfer(path: string, capBytes: number) {
  const calls: number[] = [];
  const partPath = join(tmp.path, 'fw.part');
  const opts = { partPath, capBytes, idleTimeoutMs: 5000, signal: new AbortController().signal, clock: systemClock, onBytes: (done: number) => void calls.push(done) };
  const response = await get(files.url(path));
  const total = Number(response.headers['content-length'] ?? NaN);
  const result = await streamToPart(opts, response, 0, createIntegritySink({}), Number.isNaN(total) ? null : total).then(
    (bytes) => ({ bytes }),
    (error: unknown) => ({ error: error as { code?: string } }),
  );
  return { result, calls, size: (await stat(partPath)).size };
}

describe('streamToPart', () => {
  it('reports the first chunk and the end, far fewer times than there are chunks', async () => {
    const data = payload('2.0.0', 4 * 1024 * 1024);
    files.route('/t/ok.bin', { data });
    const { result, calls, size } = await transfer('/t/ok.bin', data.length);
    expect(result).toEqual({ bytes: data.length });
    expect(size).toBe(data.length);
    expect(calls[0]).toBeGreaterThan(0);
    expect(calls[0]).toBeLessThan(data.length);
    expect(calls.at(-1)).toBe(data.length);
    expect(calls.length).toBeLessThan(data.length / (64 * 1024)); // not once per 64 KiB read
    expect([...calls].sort((a, b) => a - b)).toEqual(calls);
  });

  it('crosses the fdatasync mark, stops at the cap, and keeps only bytes it really wrote', async () => {
    files.route('/t/endless.bin', { endless: true });
    const cap = 66 * 1024 * 1024;
    const { result, size } = await transfer('/t/endless.bin', cap);
    expect(result).toEqual({ error: expect.objectContaining({ code: 'size-exceeded' }) });
    expect(size).toBeGreaterThan(64 * 1024 * 1024);
    expect(size).toBeLessThanOrEqual(cap);
  });
});
