// The hub transport's routes against real servers on loopback: the keep-alive connection reused
// from call to call, an https hub reached through a CONNECT proxy (the proxy sees the host and port,
// never the access key), NO_PROXY honoured, and a bad proxy setting a plain transient error.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttp } from '../../../app/core/hub/http';
import { createRoutes } from '../../../app/core/hub/route';
import { HubError } from '../../../app/core/hub/types';
import { makeTestCertificates, OPENSSL, type TestCertificates } from '../support/test-ca';
import { startForwardProxy, type ForwardProxy } from '../net/helpers/forward-proxy';
import { rejectionOf } from './local-server';

const NAME = 'hub.example.test';
const KEY = '3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f';

interface Hub {
  server: http.Server;
  port: number;
  /** Connections the server accepted, and the requests it answered. */
  connections: number;
  seen: { url: string; authorization: string | undefined }[];
}

async function startHub(make: (handler: http.RequestListener) => http.Server, host: string): Promise<Hub> {
  const hub: Hub = { server: undefined as unknown as http.Server, port: 0, connections: 0, seen: [] };
  hub.server = make((req, res) => {
    hub.seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, path: req.url }));
  });
  hub.server.on('connection', (_socket: Socket) => (hub.connections += 1));
  await new Promise<void>((resolve) => hub.server.listen(0, host, resolve));
  hub.port = (hub.server.address() as AddressInfo).port;
  return hub;
}

async function closeHub(hub: Hub): Promise<void> {
  hub.server.closeAllConnections();
  await new Promise<void>((resolve) => hub.server.close(() => resolve()));
}

describe('direct route', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub((handler) => http.createServer(handler), '127.0.0.1');
  });
  afterAll(() => closeHub(hub));

  it('reuses one keep-alive connection for consecutive calls', async () => {
    const call = createHttp({ baseUrl: `http://127.0.0.1:${hub.port}/api/`, authorization: KEY, routeFor: createRoutes({ env: {} }) });
    for (let i = 0; i < 5; i++) {
      const reply = await call('getConfig', { method: 'GET', path: `/v1/devices/d1/config?i=${i}` });
      expect(reply.body).toEqual({ ok: true, path: `/api/v1/devices/d1/config?i=${i}` });
    }
    expect(hub.seen.map((r) => r.authorization)).toEqual(Array(5).fill(KEY));
    expect(hub.connections).toBe(1);
  });
});

describe.skipIf(!OPENSSL)('through a forward proxy', () => {
  let certs: TestCertificates;
  let hub: Hub;
  let proxy: ForwardProxy;

  beforeAll(async () => {
    certs = makeTestCertificates([NAME]);
    hub = await startHub((handler) => https.createServer({ key: certs.key, cert: certs.cert }, handler), '127.0.0.2');
    proxy = await startForwardProxy({ [NAME]: '127.0.0.2' });
  });
  afterEach(() => {
    proxy.seen.length = 0;
    hub.seen.length = 0;
  });
  afterAll(async () => {
    await proxy.close();
    await closeHub(hub);
  });

  it('tunnels an https hub with CONNECT: the proxy sees the host and port only, the hub gets the key', async () => {
    const call = createHttp({ baseUrl: `https://${NAME}:${hub.port}`, authorization: KEY, routeFor: createRoutes({ env: { HTTPS_PROXY: proxy.url }, ca: certs.ca }) });
    const reply = await call('sendTelemetry', { method: 'POST', path: '/v1/devices/d1/telemetry', data: { status: 'online' } });
    expect(reply.body).toEqual({ ok: true, path: '/v1/devices/d1/telemetry' });
    expect(proxy.seen.map((r) => `${r.method} ${r.url}`)).toEqual([`CONNECT ${NAME}:${hub.port}`]);
    expect(JSON.stringify(proxy.seen)).not.toContain(KEY);
    expect(hub.seen).toEqual([{ url: '/v1/devices/d1/telemetry', authorization: KEY }]);
  });

  it('goes direct when NO_PROXY names the hub', async () => {
    const env = { HTTPS_PROXY: proxy.url, NO_PROXY: '.example.test' };
    const call = createHttp({ baseUrl: `https://${NAME}:${hub.port}`, authorization: KEY, timeoutMs: 3_000, routeFor: createRoutes({ env, ca: certs.ca }) });
    // Direct means our own DNS, which does not know the test name (only the proxy does).
    const error = (await rejectionOf(() => call('getConfig', { method: 'GET', path: '/v1/devices/d1/config' }))) as HubError;
    expect(error).toBeInstanceOf(HubError);
    expect(error.kind).toBe('transient');
    expect(proxy.seen).toHaveLength(0);
    expect(hub.seen).toHaveLength(0);
  });

  it('a bad proxy setting is a transient hub error naming the variable, never the value', async () => {
    const call = createHttp({ baseUrl: `https://${NAME}:${hub.port}`, authorization: KEY, routeFor: createRoutes({ env: { https_proxy: 'socks5://user:s3cret@10.0.0.1:1080' } }) });
    const error = (await rejectionOf(() => call('getConfig', { method: 'GET', path: '/v1/devices/d1/config' }))) as HubError;
    expect(error).toBeInstanceOf(HubError);
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/https_proxy/);
    expect(error.message).not.toMatch(/s3cret/);
  });
});
