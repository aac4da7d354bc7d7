// The connection side against a real forward proxy and real http/https servers, all on loopback.
// The servers answer for the name media.example.test, which only the proxy can resolve.
import http, { type IncomingHttpHeaders, type Server } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectToProxy, openTunnel, proxiedRequestOptions, type ProxyConnectOptions } from '../../../app/core/net/proxy-connect';
import { parseProxyUrl, ProxyError, type ProxyEndpoint } from '../../../app/core/net/proxy';
import { makeTestCertificates, OPENSSL, type TestCertificates } from '../support/test-ca';
import { startForwardProxy, type ForwardProxy } from './helpers/forward-proxy';

const NAME = 'media.example.test';
const PROXY_AUTH = `Basic ${Buffer.from('kiosk:pr0xy-pass').toString('base64')}`;

interface Target {
  server: Server;
  port: number;
  seen: { url: string; headers: IncomingHttpHeaders }[];
}

async function startTarget(make: (handler: http.RequestListener) => Server): Promise<Target> {
  const seen: Target['seen'] = [];
  const server = make((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.end(`hello from ${req.url}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

function endpoint(text: string): ProxyEndpoint {
  const parsed = parseProxyUrl(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

function fetchVia(url: string, proxy: ProxyEndpoint, opts: ProxyConnectOptions, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  const via = proxiedRequestOptions(target, proxy, opts);
  return new Promise((resolve, reject) => {
    const req = http.request({ ...via, headers: { ...headers, ...via.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function failureOf(promise: Promise<unknown>): Promise<ProxyError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProxyError);
  return error as ProxyError;
}

describe.skipIf(!OPENSSL)('proxy connections on loopback', () => {
  let certs: TestCertificates;
  let plain: Target;
  let secure: Target;
  let proxy: ForwardProxy;
  let opts: ProxyConnectOptions;

  beforeAll(async () => {
    certs = makeTestCertificates([NAME]);
    plain = await startTarget((handler) => http.createServer(handler));
    secure = await startTarget((handler) => https.createServer({ key: certs.key, cert: certs.cert }, handler));
    proxy = await startForwardProxy({ [NAME]: '127.0.0.2' });
    opts = { timeoutMs: 5_000, policy: { allowPrivate: true }, ca: certs.ca };
  });

  afterEach(() => {
    proxy.setMode('forward');
    proxy.requireAuthorization(null);
    proxy.seen.length = 0;
    plain.seen.length = 0;
    secure.seen.length = 0;
  });

  afterAll(async () => {
    await proxy.close();
    for (const target of [plain, secure]) {
      target.server.closeAllConnections();
      await new Promise<void>((resolve) => target.server.close(() => resolve()));
    }
  });

  it('sends an http target as an absolute-URI request; Proxy-Authorization goes to the proxy only', async () => {
    proxy.requireAuthorization(PROXY_AUTH);
    const via = endpoint(`http://kiosk:pr0xy-pass@127.0.0.1:${proxy.port}`);
    const reply = await fetchVia(`http://${NAME}:${plain.port}/a.png?v=2#frag`, via, opts);
    expect(reply).toEqual({ status: 200, body: 'hello from /a.png?v=2' });
    expect(proxy.seen).toHaveLength(1);
    expect(proxy.seen[0]!.url).toBe(`http://${NAME}:${plain.port}/a.png?v=2`);
    expect(proxy.seen[0]!.headers['proxy-authorization']).toBe(PROXY_AUTH);
    expect(plain.seen[0]!.headers.host).toBe(`${NAME}:${plain.port}`);
    expect(plain.seen[0]!.headers['proxy-authorization']).toBeUndefined();
  });

  it('tunnels an https target with CONNECT and checks its certificate against the target name', async () => {
    proxy.requireAuthorization(PROXY_AUTH);
    const via = endpoint(`http://kiosk:pr0xy-pass@127.0.0.1:${proxy.port}`);
    const reply = await fetchVia(`https://${NAME}:${secure.port}/v.mp4`, via, opts, { authorization: 'Bearer hub-secret' });
    expect(reply).toEqual({ status: 200, body: 'hello from /v.mp4' });
    expect(proxy.seen.map((r) => `${r.method} ${r.url}`)).toEqual([`CONNECT ${NAME}:${secure.port}`]);
    expect(proxy.seen[0]!.headers['proxy-authorization']).toBe(PROXY_AUTH);
    // what the request carried travelled inside TLS: the proxy never saw it, the target did
    expect(JSON.stringify(proxy.seen)).not.toContain('hub-secret');
    expect(secure.seen[0]!.headers.authorization).toBe('Bearer hub-secret');
    expect(secure.seen[0]!.headers['proxy-authorization']).toBeUndefined();
  });

  it('refuses a tunnelled target whose certificate is not for that name, or not from a trusted CA', async () => {
    const via = endpoint(proxy.url);
    const other = await startForwardProxy({ 'other.example.test': '127.0.0.2' });
    try {
      const wrongName = await openTunnel(new URL(`https://other.example.test:${secure.port}/`), endpoint(other.url), opts).catch((e: unknown) => e);
      expect((wrongName as NodeJS.ErrnoException).code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    } finally {
      await other.close();
    }
    const untrusted = await openTunnel(new URL(`https://${NAME}:${secure.port}/`), via, { ...opts, ca: undefined }).catch((e: unknown) => e);
    expect(untrusted).toBeInstanceOf(Error);
    expect((untrusted as NodeJS.ErrnoException).code).toMatch(/SELF_SIGNED|UNABLE_TO_GET_ISSUER|UNABLE_TO_VERIFY/);
  });

  it('reports a refused CONNECT, a demand for credentials, junk and an endless head as bounded ProxyErrors', async () => {
    const via = endpoint(proxy.url);
    const target = new URL(`https://${NAME}:${secure.port}/`);
    proxy.setMode('refuse-connect');
    const refused = await failureOf(openTunnel(target, via, opts));
    expect([refused.failure, refused.message]).toEqual(['refused', `the proxy ${via.display} refused the tunnel (HTTP 403)`]);
    proxy.setMode('forward');
    proxy.requireAuthorization(PROXY_AUTH);
    expect((await failureOf(openTunnel(target, via, opts))).message).toContain('HTTP 407');
    proxy.setMode('junk');
    expect((await failureOf(openTunnel(target, via, opts))).failure).toBe('protocol');
    proxy.setMode('endless-head');
    const endless = await failureOf(openTunnel(target, via, opts));
    expect([endless.failure, endless.message]).toEqual(['protocol', `the proxy ${via.display} sent an over-long answer to CONNECT`]);
  });

  it('gives up on a proxy that accepts a tunnel and then says nothing', async () => {
    proxy.setMode('hang');
    const via = endpoint(proxy.url);
    const hung = await failureOf(openTunnel(new URL(`https://${NAME}:${secure.port}/`), via, { ...opts, timeoutMs: 200 }));
    expect([hung.failure, hung.message]).toEqual(['timeout', `the proxy ${via.display} did not open the connection within 200 ms`]);
  });

  it('refuses a proxy at a link-local or metadata address before connecting, whatever its name', async () => {
    const metadata = await failureOf(connectToProxy(endpoint('http://169.254.169.254:3128'), opts));
    expect(metadata.failure).toBe('config');
    expect(metadata.message).toContain('metadata');
    const resolve = ((_host: string, _o: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) => cb(null, [{ address: '169.254.10.1', family: 4 }])) as never;
    const named = await failureOf(openTunnel(new URL(`https://${NAME}/`), endpoint('http://proxy.corp:3128'), { ...opts, policy: { allowPrivate: true, resolve } }));
    expect([named.failure, named.message]).toEqual(['config', 'the proxy http://proxy.corp:3128 is not an allowed destination: link-local addresses are not fetched']);
    expect(proxy.seen).toHaveLength(0);
  });

  it('reports a proxy nobody listens on, and stops at once when aborted', async () => {
    const closed = await startForwardProxy({});
    const port = closed.port;
    await closed.close();
    const unreachable = await failureOf(connectToProxy(endpoint(`http://127.0.0.1:${port}`), opts));
    expect([unreachable.failure, unreachable.message]).toEqual(['connect', `cannot reach the proxy http://127.0.0.1:${port}: ECONNREFUSED`]);

    proxy.setMode('hang');
    const controller = new AbortController();
    const pending = openTunnel(new URL(`https://${NAME}:${secure.port}/`), endpoint(proxy.url), { ...opts, signal: controller.signal }).catch((e: unknown) => e);
    controller.abort(new Error('cancelled by the test'));
    expect(((await pending) as Error).message).toBe('cancelled by the test');
  });
});
