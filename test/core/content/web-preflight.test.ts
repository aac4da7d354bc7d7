import fc from 'fast-check';
import http, { type IncomingHttpHeaders, type Server } from 'node:http';
import type { lookup, LookupAddress } from 'node:dns';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { preflightWebPage } from '../../../app/core/content/web-preflight';
import type { OutboundPolicy } from '../../../app/core/net/outbound-url';
import { startFileServer } from '../firmware/helpers/file-server';
import { startForwardProxy } from '../net/helpers/forward-proxy';

// A page host on loopback: scripted answers per path, every request logged.
interface PageHost {
  origin: string;
  url(path: string): string;
  requests: Array<{ method: string; path: string; headers: IncomingHttpHeaders }>;
  /** Body bytes written for /endless (the pre-flight must not read them). */
  endlessBytes(): number;
  close(): Promise<void>;
}

async function startPageHost(routes: Record<string, (res: http.ServerResponse) => void>): Promise<PageHost> {
  const requests: PageHost['requests'] = [];
  let endless = 0;
  const server: Server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push({ method: req.method ?? '', path, headers: req.headers });
    if (path === '/endless') {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      // bounded at 64 MiB so the server always stops by itself
      const pump = () => {
        while (endless < 64 * 1024 ** 2 && !res.destroyed) {
          endless += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      return pump();
    }
    const route = routes[path];
    if (!route) return void res.writeHead(404).end('no such page');
    route(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    requests,
    endlessBytes: () => endless,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A resolver answering every name with `addresses`. */
const dnsAnswering = (...addresses: string[]) =>
  ((_host: string, _opts: unknown, cb: (e: null, a: LookupAddress[]) => void) =>
    cb(
      null,
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    )) as unknown as typeof lookup;
const open: OutboundPolicy = { allowPrivate: true };
let host: PageHost;
let other: PageHost;
const hanging: http.ServerResponse[] = [];

beforeEach(async () => {
  other = await startPageHost({ '/landing': (res) => res.writeHead(200).end('elsewhere') });
  host = await startPageHost({
    '/ok': (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>menu</h1>'),
    '/broken': (res) => res.writeHead(500).end('oops'),
    '/moved': (res) => res.writeHead(302, { location: '/ok' }).end(),
    '/away': (res) => res.writeHead(302, { location: other.url('/landing') }).end(),
    '/hang': (res) => void hanging.push(res), // headers never come
  });
});

afterEach(async () => {
  hanging.splice(0);
  await host.close();
  await other.close();
});

describe('web page pre-flight', () => {
  it('passes a page that answers 200, with one plain GET: no Authorization, no cookie', async () => {
    expect(await preflightWebPage({ url: host.url('/ok'), allowOrigins: [], outbound: open })).toEqual({ ok: true, checked: true });
    expect(host.requests).toHaveLength(1);
    const [request] = host.requests;
    expect(request?.method).toBe('GET');
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.headers.cookie).toBeUndefined();
  });

  it('fails a page that answers 404 or 500, naming the status and nothing of the body', async () => {
    expect(await preflightWebPage({ url: host.url('/gone'), allowOrigins: [], outbound: open })).toEqual({ ok: false, code: 'http-status', reason: 'HTTP 404' });
    expect(await preflightWebPage({ url: host.url('/broken'), allowOrigins: [], outbound: open })).toEqual({ ok: false, code: 'http-status', reason: 'HTTP 500' });
  });

  it('never reads the body: an endless page is judged on its headers', async () => {
    expect(await preflightWebPage({ url: host.url('/endless'), allowOrigins: [], outbound: open })).toEqual({ ok: true, checked: true });
    // what the server managed to push into socket buffers before the client hung up, far from 64 MiB
    expect(host.endlessBytes()).toBeLessThan(16 * 1024 ** 2);
  });

  it('follows a redirect within the origin, and fails one that leaves the origin and the allow-list', async () => {
    expect(await preflightWebPage({ url: host.url('/moved'), allowOrigins: [], outbound: open })).toEqual({ ok: true, checked: true });
    expect(await preflightWebPage({ url: host.url('/away'), allowOrigins: [], outbound: open })).toMatchObject({ ok: false, code: 'off-allow-list' });
    expect(await preflightWebPage({ url: host.url('/away'), allowOrigins: [`${other.origin}/any/path`], outbound: open })).toEqual({ ok: true, checked: true });
  });

  it('fails an unreachable host as a network failure', async () => {
    const gone = host.url('/ok');
    await host.close();
    expect(await preflightWebPage({ url: gone, allowOrigins: [], outbound: open })).toMatchObject({ ok: false, code: 'network' });
    host = await startPageHost({});
  });

  it('gives up on a page whose headers never come, within its deadline', async () => {
    const result = await preflightWebPage({ url: host.url('/hang'), allowOrigins: [], outbound: open, timeoutMs: 200 });
    expect(result).toMatchObject({ ok: false, code: 'timeout' });
    expect(hanging).toHaveLength(1);
  });

  it('obeys the outbound-URL policy: metadata and link-local pages refused, inside pages shown unchecked, nothing sent', async () => {
    const strict: OutboundPolicy = { allowPrivate: false };
    expect(await preflightWebPage({ url: 'http://169.254.169.254/latest/meta-data/', allowOrigins: [], outbound: open })).toMatchObject({ ok: false, code: 'refused-url' });
    expect(await preflightWebPage({ url: 'http://meta.test/', allowOrigins: [], outbound: { ...strict, resolve: dnsAnswering('169.254.169.254') } })).toMatchObject({
      ok: false,
      code: 'refused-url',
    });
    expect(await preflightWebPage({ url: 'http://mixed.test/', allowOrigins: [], outbound: { ...strict, resolve: dnsAnswering('93.184.216.34', 'fe80::1') } })).toMatchObject({
      ok: false,
      code: 'refused-url',
    });
    // the core does not probe the site's own network on the hub's word; the page still plays
    const inside = { ok: true, checked: false };
    expect(await preflightWebPage({ url: host.url('/ok'), allowOrigins: [], outbound: strict })).toEqual(inside);
    expect(await preflightWebPage({ url: 'http://localhost:9/board', allowOrigins: [], outbound: strict })).toEqual(inside);
    expect(await preflightWebPage({ url: 'http://intranet.test/board', allowOrigins: [], outbound: { ...strict, resolve: dnsAnswering('10.1.2.3') } })).toEqual(inside);
    expect(host.requests).toEqual([]);
  });

  it('goes through the operator\'s proxy like every download (a name only the proxy resolves)', async () => {
    const pages = await startFileServer('127.0.0.2');
    const proxy = await startForwardProxy({ 'board.example.test': '127.0.0.2' });
    try {
      pages.route('/board', { data: Buffer.from('<h1>board</h1>') });
      const url = (path: string) => pages.url(path).replace('127.0.0.2', 'board.example.test');
      const outbound: OutboundPolicy = { allowPrivate: false, proxyEnv: { http_proxy: proxy.url } };
      expect(await preflightWebPage({ url: url('/board'), allowOrigins: [], outbound })).toEqual({ ok: true, checked: true });
      expect(await preflightWebPage({ url: url('/gone'), allowOrigins: [], outbound })).toEqual({ ok: false, code: 'http-status', reason: 'HTTP 404' });
      expect(proxy.seen.map((r) => r.url)).toEqual([url('/board'), url('/gone')]);
      expect(proxy.seen.every((r) => r.headers.authorization === undefined)).toBe(true);
    } finally {
      await proxy.close();
      await pages.close();
    }
  });

  it('a cancelled check ends at once', async () => {
    const controller = new AbortController();
    const pending = preflightWebPage({ url: host.url('/hang'), allowOrigins: [], outbound: open, signal: controller.signal });
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, code: 'timeout' });
  });

  it('never throws, whatever the timeout (NaN, infinite, negative, huge) or refused URL', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.double(), fc.integer(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, 2 ** 53)),
        fc.constantFrom('http://169.254.169.254/', 'ftp://x.example/', 'not a url', 'http://user:pw@x.example/'),
        async (timeoutMs, url) => {
          const result = await preflightWebPage({ url, allowOrigins: [], outbound: { allowPrivate: false }, timeoutMs });
          expect(result).toMatchObject({ ok: false, code: 'refused-url' });
        },
      ),
      { numRuns: 100 },
    );
  });
});
