// Disk full in the middle of a media download, for real: while the server holds the response,
// the download's .part path is turned into a symlink to /dev/full, so every write the downloader
// then makes fails with a genuine ENOSPC from the kernel (no root mount, no fault injection in
// the code under test). The downloader removes any old .part BEFORE it sends the request and
// opens the file only AFTER the response headers arrive, so the swap in between is race-free.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDeviceConfig } from '../../../app/core/config/device-config';
import { createMediaCache, ContentCacheError, type MediaCache, type MediaRequest } from '../../../app/core/content/cache';
import { mediaKey } from '../../../app/core/content/cache-files';
import { createContentPlayer, type ContentPlayer } from '../../../app/core/content/player';
import type { EventRequest } from '../../../app/core/hub/types';
import { silentLogger } from '../../../app/core/log/logger';
import { createFakeClock, waitFor } from '../agent/fake-clock';

const DEV_FULL = '/dev/full';
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

interface MediaServer {
  url(path: string): string;
  /** The next answer for `path` is sent only after the .part of `request` points at /dev/full. */
  fillDiskBefore(path: string, request: MediaRequest): void;
  close(): Promise<void>;
}

let dir: string;
let media: MediaServer;
const files = new Map<string, Buffer>();
const stoppers: Array<() => void> = [];

async function startMediaServer(): Promise<MediaServer> {
  const fullOnce = new Map<string, MediaRequest>();
  const server: Server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    const body = files.get(path);
    if (!body) return void res.writeHead(404).end();
    const answer = () => res.writeHead(200, { 'content-length': body.length }).end(body);
    const request = fullOnce.get(path);
    if (!request) return answer();
    fullOnce.delete(path);
    const part = join(dir, `${mediaKey(request)}.part`);
    symlink(DEV_FULL, part).then(answer, (error: unknown) => res.destroy(error as Error));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path) => `${origin}${path}`,
    fillDiskBefore: (path, request) => void fullOnce.set(path, request),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function openCache(): MediaCache {
  const clock = createFakeClock({ auto: false });
  const cache = createMediaCache({ dir, clock, budgetBytes: 16 << 20, outbound: () => ({ allowPrivate: true }), freeBytes: async () => 1e12 });
  stoppers.push(() => cache.close());
  return cache;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xk-cache-full-'));
  media = await startMediaServer();
  files.set('/old.png', randomBytes(64 * 1024));
  files.set('/new.mp4', randomBytes(3 * 1024 * 1024)); // several write-buffer fills
});

afterEach(async () => {
  for (const stop of stoppers.splice(0)) stop();
  await media.close();
  await rm(dir, { recursive: true, force: true }); // removes a leftover link, never /dev/full itself
});

describe.skipIf(!existsSync(DEV_FULL))('media cache on a full disk (real ENOSPC via /dev/full)', () => {
  it('fails the download as disk-full, keeps the cached files intact, serves nothing half-written, and recovers', async () => {
    const cache = openCache();
    await cache.open();
    const old = await cache.ensure({ url: media.url('/old.png') });
    const fresh = { url: media.url('/new.mp4'), sha256: sha(files.get('/new.mp4')!) };

    media.fillDiskBefore('/new.mp4', fresh);
    const failure = await cache.ensure(fresh).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ContentCacheError);
    expect(failure).toMatchObject({ code: 'disk-full', message: 'no space left on the cache disk' });

    // nothing of the failed file is kept or listed; the old file is untouched and still served
    expect(cache.lookup(fresh)).toBeNull();
    expect((await readdir(dir)).sort()).toEqual([`${old.key}.json`, `${old.key}.media`]);
    expect(sha(await readFile(old.path))).toBe(sha(files.get('/old.png')!));
    expect((await lstat(DEV_FULL)).isCharacterDevice()).toBe(true);
    const reopened = openCache();
    await reopened.open();
    expect(reopened.usage()).toMatchObject({ files: 1 });
    expect(reopened.lookup(fresh)).toBeNull();

    // space is back: the same request now downloads and verifies
    const recovered = await cache.ensure(fresh);
    expect(sha(await readFile(recovered.path))).toBe(fresh.sha256);
    expect((await lstat(recovered.path)).isFile()).toBe(true);
  });

  it('the player reports the item failed with a plain reason, keeps playing the rest, and takes it back after the backoff', async () => {
    const clock = createFakeClock({ start: Date.parse('2026-11-30T12:00:00Z'), auto: false });
    const cache = createMediaCache({ dir, clock, budgetBytes: 16 << 20, outbound: () => ({ allowPrivate: true }), freeBytes: async () => 1e12 });
    await cache.open();
    const parsed = parseDeviceConfig({
      content: { playlists: { main: { items: [{ type: 'image', url: media.url('/old.png') }, { type: 'video', url: media.url('/new.mp4') }] } }, default_playlist: 'main' },
    });
    if (!parsed.ok) throw new Error(parsed.error);
    const events: EventRequest[] = [];
    media.fillDiskBefore('/new.mp4', { url: media.url('/new.mp4') });
    const player: ContentPlayer = createContentPlayer({
      content: () => parsed.config.content,
      claimed: () => true,
      utcOffsetMin: () => 0,
      cache,
      clock,
      logger: silentLogger,
      emitPlan: () => undefined,
      checkWebPage: async () => ({ ok: false, code: 'network', reason: 'no web items here' }),
      sendEvent: async (event) => void events.push(event),
    });
    stoppers.push(() => player.stop());
    player.start();
    await waitFor(() => events.length === 1, 'the failure event');
    expect(events[0]?.string_key_1).toBe('main/2: download disk-full');
    const ids = () => {
      const screen = player.plan().screen;
      return screen.kind === 'content' ? screen.items.map((i) => i.id) : screen.reason;
    };
    await waitFor(() => Array.isArray(ids()) && ids().length === 1, 'the cached image plays');
    expect(ids()).toEqual(['main/1']);
    await clock.advance(30_000);
    await waitFor(() => Array.isArray(ids()) && ids().length === 2, 'the video back once there is room');
  });
});
