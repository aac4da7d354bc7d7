// Error classification against a scripted loopback server: status codes, Retry-After forms,
// redirects, transport failures, size limit, and the access key never showing in any error.
import { afterEach, describe, expect, it } from 'vitest';
import { createHubClient, describeHubError, HubError, type HubClient } from '../../../app/core/hub';
import { type Handler, type LocalServer, rejectionOf, replyJson, startLocalServer } from './local-server';

const KEY = '5f0c1a9e7b3d48e2a6c4b1d0e9f8a7b6';
const servers: LocalServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Handler, host?: string): Promise<LocalServer> {
  const server = await startLocalServer(handler, host);
  servers.push(server);
  return server;
}

async function hubWith(handler: Handler, extra: { timeoutMs?: number; now?: () => number } = {}): Promise<HubClient> {
  const server = await serve(handler);
  return createHubClient({ hubUrl: server.url, deviceId: 'dev-1', accessKey: KEY, timeoutMs: 5_000, ...extra });
}

async function failure(run: () => Promise<unknown>): Promise<HubError> {
  const error = await rejectionOf(run);
  expect(error).toBeInstanceOf(HubError);
  const hubErr = error as HubError;
  // Never a raw socket error inside, and never the key anywhere.
  expect(Object.keys(hubErr)).not.toContain('config');
  expect(hubErr.cause).toBeUndefined();
  expect(JSON.stringify({ ...hubErr, message: hubErr.message, text: describeHubError(hubErr) })).not.toContain(KEY);
  return hubErr;
}

describe('secrets in error bodies', () => {
  it('masks a key the hub echoes across the 300-character cut: no fragment is left', async () => {
    for (const at of [290, 296, 299, 300]) {
      const hub = await hubWith((_q, res) => replyJson(res, 400, { error: `${'x'.repeat(at)}${KEY} trailing text` }));
      const e = await failure(() => hub.getConfig());
      const everything = `${e.message} ${e.details.serverMessage ?? ''} ${describeHubError(e)}`;
      for (let i = 0; i + 4 <= KEY.length; i++) expect(everything).not.toContain(KEY.slice(i, i + 4));
    }
  });
});

describe('HTTP status → error kind', () => {
  it('401 → unauthorized', async () => {
    const hub = await hubWith((_q, res) => replyJson(res, 401, { error: 'Not authorized' }));
    const e = await failure(() => hub.sendTelemetry({ status: 'online' }));
    expect([e.kind, e.status, e.details.serverMessage]).toEqual(['unauthorized', 401, 'Not authorized']);
  });

  for (const status of [400, 403, 404, 422]) {
    it(`${status} → rejected with the server text`, async () => {
      const hub = await hubWith((_q, res) => replyJson(res, status, { error: `nope ${status}` }));
      const e = await failure(() => hub.getConfig());
      expect([e.kind, e.status, e.details.serverMessage]).toEqual(['rejected', status, `nope ${status}`]);
      expect(describeHubError(e)).toBe(`Hub rejected the request (${status}): nope ${status}`);
    });
  }

  for (const status of [500, 502, 503]) {
    it(`${status} → transient`, async () => {
      const hub = await hubWith((_q, res) => res.writeHead(status, { 'content-type': 'text/html' }).end('<h1>down</h1>'));
      const e = await failure(() => hub.getSpace());
      expect([e.kind, e.status]).toEqual(['transient', status]);
    });
  }

  it('429 with Retry-After seconds: at least 30 s, more when the hub says so', async () => {
    let retryAfter = '5';
    const hub = await hubWith((_q, res) => replyJson(res, 429, { error: 'Too many requests' }, { 'retry-after': retryAfter }));
    const short = await failure(() => hub.sendTelemetry({ status: 'online' }));
    expect([short.kind, short.details.retryAfterMs]).toEqual(['rate-limited', 30_000]);
    retryAfter = '90';
    expect((await failure(() => hub.sendTelemetry({ status: 'online' }))).details.retryAfterMs).toBe(90_000);
    retryAfter = 'soon';
    expect((await failure(() => hub.sendTelemetry({ status: 'online' }))).details.retryAfterMs).toBe(30_000);
  });

  it('429 with an HTTP-date Retry-After is measured against the reply Date header', async () => {
    const serverNow = Date.UTC(2024, 0, 1, 12, 0, 0);
    const hub = await hubWith((_q, res) => {
      res.sendDate = false;
      replyJson(res, 429, {}, { date: new Date(serverNow).toUTCString(), 'retry-after': new Date(serverNow + 120_000).toUTCString() });
    }, { now: () => 0 }); // a wildly wrong local clock must not matter
    expect((await failure(() => hub.updateDevice({ name: 'x' }))).details.retryAfterMs).toBe(120_000);
  });

  it('429 with an HTTP-date and no Date header falls back to the injected clock', async () => {
    const now = Date.UTC(2024, 0, 1, 12, 0, 0);
    const hub = await hubWith((_q, res) => {
      res.sendDate = false;
      replyJson(res, 429, {}, { 'retry-after': new Date(now + 45_000).toUTCString() });
    }, { now: () => now });
    const e = await failure(() => hub.updateDevice({ name: 'x' }));
    expect(e.details.retryAfterMs).toBe(45_000);
    expect(describeHubError(e)).toBe('Hub asked us to slow down (429); retrying in 45 s');
  });

  it('a redirect is refused, not followed, and does not carry the key to the other host', async () => {
    const other = await serve((_q, res) => replyJson(res, 200, { config_version: 1 }), '127.0.0.2');
    const hub = await hubWith((_q, res) => res.writeHead(302, { location: `${other.url}/steal?key=${KEY}` }).end());
    const e = await failure(() => hub.sendTelemetry({ status: 'online' }));
    expect([e.kind, e.status]).toEqual(['rejected', 302]);
    expect(other.seen).toHaveLength(0);
  });

  it('masks the key when the server echoes it in an error body or a URL', async () => {
    const hub = await hubWith((req, res) =>
      replyJson(res, 403, { error: `key ${req.headers.authorization} is not valid, see https://x.test/?k=${encodeURIComponent(KEY)}` }),
    );
    const e = await failure(() => hub.getFiles());
    expect(e.details.serverMessage).toBe('key [redacted] is not valid, see https://x.test/?k=[redacted]');
    expect(e.message).not.toContain(KEY);
  });

  it('masks mass-telemetry tokens echoed back', async () => {
    const token = 'abcdef0123456789abcdef0123456789';
    const hub = await hubWith((req, res) => replyJson(res, 422, { error: `bad body ${req.body.toString()}` }));
    const e = await failure(() => hub.sendMassTelemetry([{ id: 'd2', access_token: token, status: 'online' }]));
    expect(e.details.serverMessage).not.toContain(token);
  });
});

describe('transport failures', () => {
  it('connection reset → transient', async () => {
    const hub = await hubWith((req, res) => res.socket?.destroy());
    expect((await failure(() => hub.getCommand())).kind).toBe('transient');
  });

  it('connection refused → transient', async () => {
    const closed = await serve(() => undefined);
    await closed.close();
    const hub = createHubClient({ hubUrl: closed.url, deviceId: 'd', accessKey: KEY, timeoutMs: 2_000 });
    expect((await failure(() => hub.getCommand())).kind).toBe('transient');
  });

  it('no answer within the timeout → transient', async () => {
    const hub = await hubWith(() => undefined, { timeoutMs: 200 });
    const e = await failure(() => hub.getLicense());
    expect(e.kind).toBe('transient');
    expect(e.message).toMatch(/timed out after 200 ms/);
  });

  it('a body dripping slower than the deadline → transient (wall-clock, not idle timeout)', async () => {
    let timer: NodeJS.Timeout | undefined;
    const hub = await hubWith((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"config_version":1');
      let sent = 0;
      timer = setInterval(() => (sent++ < 50 ? res.write(' ') : res.end('}')), 40);
      res.on('close', () => clearInterval(timer));
    }, { timeoutMs: 300 });
    const e = await failure(() => hub.sendTelemetry({ status: 'online' }));
    clearInterval(timer);
    expect(e.kind).toBe('transient');
  });

  it('malformed JSON → invalid-response', async () => {
    const hub = await hubWith((_q, res) => replyJson(res, 200, '{"config_version": 1,'));
    const e = await failure(() => hub.sendTelemetry({ status: 'online' }));
    expect([e.kind, e.message]).toEqual(['invalid-response', 'sendTelemetry: body is not valid JSON']);
  });

  it('a body over 8 MB is refused (declared length, and streamed without one)', async () => {
    const declared = await hubWith((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(64 * 1024 * 1024) });
      res.write('[');
    });
    expect((await failure(() => declared.getFiles())).message).toMatch(/too large/);
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const streamed = await hubWith((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 9; i++) res.write(chunk);
      res.end('[]');
    });
    const e = await failure(() => streamed.getFiles());
    expect([e.kind, e.message]).toEqual(['invalid-response', 'getFiles: response body too large, refused']);
  });
});

describe('describeHubError', () => {
  it('gives one readable line per kind', () => {
    expect(describeHubError(new HubError('unauthorized', 'getConfig', 'x', { status: 401 }))).toMatch(/no longer accepts/);
    expect(describeHubError(new HubError('transient', 'getConfig', 'server error (503)', { status: 503 }))).toBe('Hub temporarily unavailable (503)');
    expect(describeHubError(new HubError('transient', 'getConfig', 'timed out after 15000 ms'))).toBe('Hub unreachable: timed out after 15000 ms');
    expect(describeHubError(new HubError('invalid-response', 'getConfig', 'version: bad'))).toBe('Hub sent an unexpected reply to getConfig: version: bad');
    expect(describeHubError(new HubError('rejected', 'getConfig', 'redirect (302) refused', { status: 302 }))).toBe('Hub rejected the request (302): redirect (302) refused');
  });

  it('keeps the status of a failure whose error page is too large to read', async () => {
    const hub = await hubWith((_q, res) => {
      res.writeHead(503, { 'content-length': String(64 * 1024 * 1024) });
      res.write('<html>');
    });
    const e = await failure(() => hub.getConfig());
    expect([e.kind, e.status]).toEqual(['transient', 503]);
  });
});
