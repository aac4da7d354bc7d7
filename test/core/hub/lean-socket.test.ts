// The direct route's own keep-alive socket against real servers on loopback: raw TCP servers that
// answer with scripted bytes (odd framing, stray bytes, Connection: close) and an https hub with a
// test CA. Each server counts the connections it accepted, so reuse and drops are visible.
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttp } from '../../../app/core/hub/http';
import { createLeanExchange } from '../../../app/core/hub/lean-socket';
import { createRoutes } from '../../../app/core/hub/route';
import { HubError } from '../../../app/core/hub/types';
import { makeTestCertificates, OPENSSL } from '../support/test-ca';
import { rejectionOf } from './local-server';

interface RawServer {
  port: number;
  connections: number;
  requests: string[];
  /** Writes `text` on the connection that sent the latest request. */
  answerNow(text: string): void;
  close(): Promise<void>;
}

/** Answers each request (read up to its blank line; our test calls send no body) with answer(n). */
async function startRaw(answer: (n: number) => string): Promise<RawServer> {
  const sockets = new Set<net.Socket>();
  let latest: net.Socket | null = null;
  const state: RawServer = { port: 0, connections: 0, requests: [], answerNow: (text) => latest?.write(text), close: async () => undefined };
  const server = net.createServer((socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      let end = pending.indexOf('\r\n\r\n');
      while (end >= 0) {
        state.requests.push(pending.slice(0, end));
        latest = socket;
        pending = pending.slice(end + 4);
        socket.write(answer(state.requests.length));
        end = pending.indexOf('\r\n\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return state;
}

/** Waits (bounded, 10 s) until `done()` holds. */
async function waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  if (!done()) throw new Error('condition not met within 10 s');
}

const KEY = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
let servers: RawServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function raw(answer: (n: number) => string) {
  const server = await startRaw(answer);
  servers.push(server);
  const call = createHttp({ baseUrl: `http://127.0.0.1:${server.port}`, authorization: KEY, timeoutMs: 3_000, routeFor: createRoutes({ env: {} }) });
  return { server, get: (path = '/v1/x') => call('getConfig', { method: 'GET', path }) };
}

const json = (body: string, extra = '') => `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;

describe('lean keep-alive socket', () => {
  it('sends one request head with host, key and path, and reuses the connection', async () => {
    const { server, get } = await raw(() => json('{"n":1}'));
    for (let i = 0; i < 3; i++) expect((await get(`/v1/x?i=${i}`)).body).toEqual({ n: 1 });
    expect(server.connections).toBe(1);
    expect(server.requests[2]).toContain('GET /v1/x?i=2 HTTP/1.1\r\n');
    expect(server.requests[2]).toContain(`host: 127.0.0.1:${server.port}\r\n`);
    expect(server.requests[2]!.split('\r\n')).toContain(`authorization: ${KEY}`);
  });

  it('each path reaches its own URL, also past the cache of parsed paths, and a cached one again after that', async () => {
    const { server, get } = await raw(() => json('{}'));
    for (let i = 0; i < 70; i++) await get(`/v1/p${i}?q=${i}`);
    await get('/v1/p3?q=3');
    expect(server.requests.map((r) => r.split('\r\n')[0])).toEqual([
      ...Array.from({ length: 70 }, (_, i) => `GET /v1/p${i}?q=${i} HTTP/1.1`),
      'GET /v1/p3?q=3 HTTP/1.1',
    ]);
    expect(server.connections).toBe(1);
  });

  it('dials again after Connection: close', async () => {
    const { server, get } = await raw(() => json('{}', 'Connection: close\r\n'));
    await get();
    await get();
    expect(server.connections).toBe(2);
  });

  it('keeps a reply followed by stray bytes but drops that connection', async () => {
    const { server, get } = await raw(() => `${json('{"a":1}')}HTTP/1.1 200 OK\r\n`);
    expect((await get()).body).toEqual({ a: 1 });
    expect((await get()).body).toEqual({ a: 1 });
    expect(server.connections).toBe(2);
  });

  it('reads a chunked reply', async () => {
    const { get } = await raw(() => 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{"b\r\n4\r\n":2}\r\n0\r\n\r\n');
    expect((await get()).body).toEqual({ b: 2 });
  });

  it.each([
    ['a malformed status line', 'HTTP/1.1 2xx OK\r\n\r\n'],
    ['conflicting lengths', 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'],
    ['an unsupported coding', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: br\r\n\r\n'],
  ])('%s is a transient HubError and the next call dials again', async (_what, reply) => {
    const { server, get } = await raw((n) => (n === 1 ? reply : json('{"ok":true}')));
    const error = (await rejectionOf(() => get())) as HubError;
    expect(error).toBeInstanceOf(HubError);
    expect(error.kind).toBe('transient');
    expect(error.message).not.toContain(KEY);
    expect((await get()).body).toEqual({ ok: true });
    expect(server.connections).toBe(2);
  });

  it('an error status with an oversized declared body keeps its status', async () => {
    const { get } = await raw(() => 'HTTP/1.1 503 Busy\r\nContent-Length: 99999999999\r\n\r\n');
    const error = (await rejectionOf(() => get())) as HubError;
    expect(error.kind).toBe('transient');
    expect(error.status).toBe(503);
  });

  it('refuses a header value that would split the request, before anything is sent', async () => {
    const server = await startRaw(() => json('{}'));
    servers.push(server);
    const call = createHttp({ baseUrl: `http://127.0.0.1:${server.port}`, authorization: `${KEY}\r\nX-Evil: 1`, secrets: [KEY], routeFor: createRoutes({ env: {} }) });
    const error = (await rejectionOf(() => call('getConfig', { method: 'GET', path: '/v1/x' }))) as HubError;
    expect(error).toBeInstanceOf(HubError);
    expect(error.message).not.toContain(KEY);
    expect(server.requests).toHaveLength(0);
  });
});

describe('lean socket idle timeout', () => {
  /** Answers every request after `delayMs`; counts connections and the ones the client closed. */
  async function slowServer(delayMs: number) {
    const state = { connections: 0, closed: 0, port: 0 };
    const sockets = new Set<net.Socket>();
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const server = net.createServer((socket) => {
      state.connections += 1;
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        state.closed += 1;
        sockets.delete(socket);
      });
      let pending = '';
      socket.on('data', (chunk: Buffer) => {
        pending += chunk.toString('latin1');
        if (!pending.includes('\r\n\r\n')) return;
        pending = '';
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!socket.destroyed) socket.write(json('{"slow":true}'));
        }, delayMs);
        timers.add(timer);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    state.port = (server.address() as AddressInfo).port;
    const close = () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
    servers.push({ port: state.port, connections: 0, requests: [], answerNow: () => undefined, close });
    return state;
  }

  /** Waits (bounded) until `done()` holds. */
  async function eventually(done: () => boolean) {
    for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 20));
    return done();
  }

  it('a reply slower than the idle timeout still arrives; the parked socket is closed once idle', async () => {
    const server = await slowServer(300);
    const exchange = createLeanExchange({ secure: false, host: '127.0.0.1', port: server.port, hostHeader: `127.0.0.1:${server.port}` }, 100);
    const first = await exchange('GET', '/v1/x', {}, undefined, 5_000, 1024);
    expect(first.text).toBe('{"slow":true}');
    const second = await exchange('GET', '/v1/x', {}, undefined, 5_000, 1024);
    expect(second.text).toBe('{"slow":true}');
    expect(server.connections).toBe(1);
    // Parked and idle: the client drops the socket on its own.
    expect(await eventually(() => server.closed === 1)).toBe(true);
    const third = await exchange('GET', '/v1/x', {}, undefined, 5_000, 1024);
    expect(third.text).toBe('{"slow":true}');
    expect(server.connections).toBe(2);
  });
});

describe('lean socket deadline (one timer per socket, re-armed per request)', () => {
  const target = (port: number) => ({ secure: false, host: '127.0.0.1', port, hostHeader: `127.0.0.1:${port}` });
  const codeOf = async (call: () => Promise<unknown>) => ((await rejectionOf(call)) as { code?: string }).code;

  it('still fires on a reused socket, with the same or another timeout, and the next call dials again', async () => {
    // Odd requests are answered at once, even ones never.
    const server = await startRaw((n) => (n % 2 === 1 ? json('{"ok":true}') : ''));
    servers.push(server);
    const exchange = createLeanExchange(target(server.port), 60_000);
    for (const [firstMs, secondMs] of [[300, 300], [5_000, 300]] as const) {
      expect((await exchange('GET', '/v1/x', {}, undefined, firstMs, 1024)).text).toBe('{"ok":true}');
      expect(await codeOf(() => exchange('GET', '/v1/x', {}, undefined, secondMs, 1024))).toBe('ERR_DEADLINE');
    }
    // Each deadline dropped its socket: two rounds, two connections.
    expect(server.connections).toBe(2);
    expect(server.requests).toHaveLength(4);
  });

  it('an earlier request\'s deadline does not cut short a later one on the same socket', async () => {
    // The second request is answered only when the test says so, after the point where the
    // first request's deadline would have fallen.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const server = await startRaw(() => '');
    servers.push(server);
    const exchange = createLeanExchange(target(server.port), 60_000);
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const timeoutMs = 2_000;
    const first = exchange('GET', '/v1/x', {}, undefined, timeoutMs, 1024);
    await waitFor(() => server.requests.length === 1);
    server.answerNow(json('{"n":1}'));
    expect((await first).text).toBe('{"n":1}');
    await sleep(1_200);
    const second = exchange('GET', '/v1/x', {}, undefined, timeoutMs, 1024);
    await waitFor(() => server.requests.length === 2);
    void released.then(() => server.answerNow(json('{"n":2}')));
    await sleep(1_000);
    release();
    expect((await second).text).toBe('{"n":2}');
    expect(server.connections).toBe(1);
  });
});

describe.skipIf(!OPENSSL)('lean socket over TLS', () => {
  it('talks to an https hub directly, verifying it against the given CA, on one connection', async () => {
    const certs = makeTestCertificates(['IP:127.0.0.1']);
    let connections = 0;
    const server = https.createServer({ key: certs.key, cert: certs.cert }, (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url, key: req.headers.authorization === KEY }));
    });
    server.on('secureConnection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const call = createHttp({ baseUrl: `https://127.0.0.1:${port}`, authorization: KEY, routeFor: createRoutes({ env: {}, ca: certs.ca }) });
      for (let i = 0; i < 2; i++) {
        expect((await call('sendTelemetry', { method: 'POST', path: '/v1/t', data: { i } })).body).toEqual({ path: '/v1/t', key: true });
      }
      expect(connections).toBe(1);
      const untrusted = createHttp({ baseUrl: `https://127.0.0.1:${port}`, authorization: KEY, routeFor: createRoutes({ env: {} }) });
      const error = (await rejectionOf(() => untrusted('getConfig', { method: 'GET', path: '/v1/x' }))) as HubError;
      expect(error.kind).toBe('transient');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
