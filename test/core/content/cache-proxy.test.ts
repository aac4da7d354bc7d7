// The content cache behind a proxy: media are fetched through the operator's proxy (the shared
// downloader), verified like any download, and never carry the hub's Authorization.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMediaCache, ContentCacheError, type MediaCache } from '../../../app/core/content/cache';
import { systemClock } from '../../../app/core/deps';
import type { ProxyEnv } from '../../../app/core/net/proxy';
import { startFileServer, type FileServer } from '../firmware/helpers/file-server';
import { startForwardProxy, type ForwardProxy } from '../net/helpers/forward-proxy';

const NAME = 'media.example.test';
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

let dir: string;
let server: FileServer;
let proxy: ForwardProxy;
const caches: MediaCache[] = [];

async function openCache(proxyEnv: ProxyEnv): Promise<MediaCache> {
  // allowPrivate false, as on a real site: the media host is a public name only the proxy resolves
  const cache = createMediaCache({ dir, clock: systemClock, budgetBytes: 1 << 20, outbound: () => ({ allowPrivate: false, proxyEnv }), freeBytes: async () => 1e12, idleTimeoutMs: 5_000 });
  caches.push(cache);
  await cache.open();
  return cache;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xk-cache-proxy-'));
  server = await startFileServer('127.0.0.2');
  proxy = await startForwardProxy({ [NAME]: '127.0.0.2' });
});

afterEach(async () => {
  for (const cache of caches.splice(0)) cache.close();
  await proxy.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('media cache behind a proxy', () => {
  it('downloads through the proxy, verifies the file, and serves it later with the proxy gone', async () => {
    const data = randomBytes(48 * 1024);
    server.route('/poster.png', { data });
    const url = server.url('/poster.png').replace('127.0.0.2', NAME);
    const cache = await openCache({ HTTP_PROXY: proxy.url });
    const media = await cache.ensure({ url, sha256: sha(data) });
    expect(media).toMatchObject({ size: data.length, sha256: sha(data) });
    expect(proxy.seen.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${url}`]);
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(proxy.seen[0]?.headers.authorization).toBeUndefined();
    await proxy.close();
    expect(await cache.ensure({ url, sha256: sha(data) })).toEqual(media);
    proxy = await startForwardProxy({}); // afterEach closes it again
  });

  it('reports a proxy that cannot be reached as a network failure, naming the proxy only', async () => {
    const gone = proxy.port;
    await proxy.close();
    server.route('/clip.mp4', { data: randomBytes(1024) });
    const cache = await openCache({ http_proxy: `http://kiosk:pr0xy-pass@127.0.0.1:${gone}` });
    const error = await cache.ensure({ url: server.url('/clip.mp4').replace('127.0.0.2', NAME) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentCacheError);
    expect((error as ContentCacheError).code).toBe('network');
    expect((error as ContentCacheError).message).toContain(`cannot reach the proxy http://127.0.0.1:${gone}`);
    expect((error as ContentCacheError).message).not.toContain('pr0xy-pass');
    expect(server.requests).toHaveLength(0);
    proxy = await startForwardProxy({});
  });
});
