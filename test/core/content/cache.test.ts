import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMediaCache, type MediaCache, type MediaCacheOptions } from '../../../app/core/content/cache';
import { systemClock, type Clock } from '../../../app/core/deps';
import { startFileServer, type FileServer } from '../firmware/helpers/file-server';

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const KB = 1024;

let dir: string;
let server: FileServer;
let now: number;
const clock: Clock = { now: () => now, sleep: systemClock.sleep };
const caches: MediaCache[] = [];

async function openCache(extra: Partial<MediaCacheOptions> = {}): Promise<MediaCache> {
  const cache = createMediaCache({ dir, clock, budgetBytes: 1024 * KB, outbound: () => ({ allowPrivate: true }), freeBytes: async () => 1e12, idleTimeoutMs: 5_000, ...extra });
  caches.push(cache);
  await cache.open();
  return cache;
}

function serve(path: string, bytes = 8 * KB): { url: string; data: Buffer } {
  const data = randomBytes(bytes);
  server.route(path, { data });
  return { url: server.url(path), data };
}

beforeEach(async () => {
  now = Date.parse('2026-11-30T12:00:00Z');
  dir = await mkdtemp(join(tmpdir(), 'xk-cache-'));
  server = await startFileServer();
});

afterEach(async () => {
  for (const cache of caches.splice(0)) cache.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('media cache', () => {
  it('downloads and verifies once, then serves from disk without the network', async () => {
    const { url, data } = serve('/a.png');
    const cache = await openCache();
    const first = await cache.ensure({ url, sha256: sha(data) });
    expect(first).toMatchObject({ url, size: data.length, sha256: sha(data) });
    await server.close();
    expect(await cache.ensure({ url, sha256: sha(data) })).toEqual(first);
    expect(cache.lookup({ url, sha256: sha(data) })?.path).toBe(first.path);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(cache.usage()).toEqual({ files: 1, bytes: data.length, budgetBytes: 1024 * KB });
    server = await startFileServer(); // afterEach closes it again
  });

  it('refuses a file whose sha256 does not match and keeps nothing of it', async () => {
    const { url } = serve('/tampered.png');
    const cache = await openCache();
    await expect(cache.ensure({ url, sha256: 'a'.repeat(64) })).rejects.toMatchObject({ code: 'integrity' });
    expect(cache.lookup({ url, sha256: 'a'.repeat(64) })).toBeNull();
    expect(await readdir(dir)).toEqual([]);
  });

  it('resumes a cut download with a Range request instead of starting over', async () => {
    const data = randomBytes(256 * KB);
    server.route('/v.mp4', { data, cutAfterBytes: 100 * KB });
    const cache = await openCache();
    const request = { url: server.url('/v.mp4'), sha256: sha(data), size: data.length };
    await expect(cache.ensure(request)).rejects.toMatchObject({ code: 'network' });
    const media = await cache.ensure(request);
    expect(media.size).toBe(data.length);
    expect(server.requests[1]?.headers.range).toBe(`bytes=${100 * KB}-`);
    expect(server.bytesServed('/v.mp4')).toBe(data.length);
  });

  it('shares one download between concurrent requests for the same file', async () => {
    const { url, data } = serve('/shared.mp4', 512 * KB);
    const cache = await openCache();
    const results = await Promise.all(Array.from({ length: 5 }, () => cache.ensure({ url, sha256: sha(data) })));
    expect(new Set(results.map((r) => r.path)).size).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it('evicts the least recently played unwanted file to stay within budget', async () => {
    const cache = await openCache({ budgetBytes: 100 * KB });
    const a = serve('/a', 40 * KB);
    const b = serve('/b', 40 * KB);
    const c = serve('/c', 40 * KB);
    const d = serve('/d', 40 * KB);
    const ma = await cache.ensure({ url: a.url });
    now += 1000;
    const mb = await cache.ensure({ url: b.url });
    now += 1000;
    cache.markPlayed(ma.key); // a played last: b is now the least recently played
    now += 1000;
    await cache.ensure({ url: c.url });
    expect(cache.byKey(mb.key)).toBeNull();
    expect(cache.lookup({ url: a.url })).not.toBeNull();
    // a and c are wanted (they play soon): d cannot fit without evicting them, so it is refused.
    cache.setWanted([{ url: a.url }, { url: c.url }]);
    await expect(cache.ensure({ url: d.url, size: 40 * KB })).rejects.toMatchObject({ code: 'over-budget' });
    await expect(cache.ensure({ url: d.url })).rejects.toMatchObject({ code: 'over-budget' });
    expect(cache.usage().bytes).toBeLessThanOrEqual(100 * KB);
    expect((await readdir(dir)).filter((n) => n.endsWith('.part'))).toEqual([]);
    await cache.setBudget(50 * KB); // wanted files stay even over a lowered budget; nothing else does
    expect(cache.usage().files).toBe(2);
  });

  it('refuses a file larger than its declared size or the budget', async () => {
    const { url } = serve('/big', 64 * KB);
    const cache = await openCache({ budgetBytes: 32 * KB });
    await expect(cache.ensure({ url })).rejects.toMatchObject({ code: 'too-large' });
    await expect(cache.ensure({ url, size: 1000 })).rejects.toMatchObject({ code: 'too-large' });
  });

  it('discards a corrupt, truncated or orphaned file found at start and downloads it again', async () => {
    const good = serve('/good');
    const bad = serve('/bad');
    const short = serve('/short');
    const first = await openCache();
    await first.ensure({ url: good.url });
    const corrupt = await first.ensure({ url: bad.url });
    const truncated = await first.ensure({ url: short.url });
    first.close();
    await writeFile(corrupt.path, Buffer.alloc(corrupt.size, 0));
    await truncate(truncated.path, 10);
    await writeFile(join(dir, `${'f'.repeat(40)}.media`), 'no metadata');
    await writeFile(join(dir, 'stray.txt'), 'junk');
    const discarded: string[][] = [];
    const second = await openCache({ onDiscarded: (keys) => discarded.push(keys) });
    expect(second.lookup({ url: good.url })).not.toBeNull();
    expect(second.lookup({ url: bad.url })).toBeNull();
    expect(second.lookup({ url: short.url })).toBeNull();
    expect(discarded.flat().sort()).toEqual([corrupt.key, truncated.key, 'f'.repeat(40)].sort());
    expect((await readdir(dir)).sort()).toEqual([`${second.lookup({ url: good.url })!.key}.json`, `${second.lookup({ url: good.url })!.key}.media`].sort());
    expect((await second.ensure({ url: bad.url })).sha256).toBe(sha(bad.data));
  });

  it('refuses to start a download when the disk is (nearly) full', async () => {
    const { url } = serve('/x');
    const cache = await openCache({ freeBytes: async () => 10 * 1024 * 1024 });
    await expect(cache.ensure({ url })).rejects.toMatchObject({ code: 'disk-full' });
    expect(server.requests).toHaveLength(0);
  });

  it('sends every URL through the outbound policy first', async () => {
    const { url } = serve('/x');
    const cache = await openCache({ outbound: () => ({ allowPrivate: false }) });
    await expect(cache.ensure({ url })).rejects.toMatchObject({ code: 'refused-url' });
    await expect(cache.ensure({ url: 'http://169.254.169.254/latest/meta-data' })).rejects.toMatchObject({ code: 'refused-url' });
    await expect(cache.ensure({ url: url.replace('127.0.0.2', 'localhost') })).rejects.toMatchObject({ code: 'refused-url' });
    expect(server.requests).toHaveLength(0);
  });

  it('reports a missing file as an HTTP failure', async () => {
    const cache = await openCache();
    await expect(cache.ensure({ url: server.url('/missing') })).rejects.toMatchObject({ code: 'http-status' });
  });

  it('re-fetches an unpinned file in place when its bytes changed; a failed re-fetch keeps the old file; a pinned file is never re-fetched', async () => {
    const cache = await openCache();
    const first = serve('/menu.png');
    const old = await cache.ensure({ url: first.url });
    const next = serve('/menu.png'); // the operator replaced the file at the same URL
    const fresh = await cache.refresh({ url: first.url });
    expect(fresh).toMatchObject({ key: old.key, path: old.path, sha256: sha(next.data) });
    expect(sha(await readFile(old.path))).toBe(sha(next.data));
    expect(cache.lookup({ url: first.url })?.sha256).toBe(sha(next.data));
    expect(server.requests.at(-1)?.headers.range).toBeUndefined(); // from byte 0, never a resume

    server.route('/menu.png', { data: next.data, cutAfterBytes: 1000 }); // the re-fetch is cut
    await expect(cache.refresh({ url: first.url })).rejects.toMatchObject({ code: 'network' });
    expect(sha(await readFile(old.path))).toBe(sha(next.data));
    expect(cache.lookup({ url: first.url })?.sha256).toBe(sha(next.data));
    expect((await readdir(dir)).filter((n) => n.endsWith('.part'))).toEqual([]);

    const pinned = serve('/pinned.png');
    await cache.ensure({ url: pinned.url, sha256: sha(pinned.data) });
    const before = server.requests.length;
    await cache.refresh({ url: pinned.url, sha256: sha(pinned.data) });
    expect(server.requests).toHaveLength(before);
  });
});
