// The hub client honours HTTP_PROXY / NO_PROXY like any Node tool behind a corporate proxy, but
// never sends loopback traffic through a proxy. The "proxy" here is a loopback server that records
// what it is asked for; the unresolvable host name proves the request went through it.
import { afterEach, describe, expect, it } from 'vitest';
import { createHubClient } from '../../../app/core/hub';
import { type LocalServer, replyJson, startLocalServer } from './local-server';

const KEY = '0123456789abcdef0123456789abcdef';
const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY, http_proxy: process.env.http_proxy, no_proxy: process.env.no_proxy };
const servers: LocalServer[] = [];

afterEach(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function recordingProxy(): Promise<LocalServer> {
  const proxy = await startLocalServer((_q, res) => replyJson(res, 200, { id: 'f1', name: 'a', url: 'http://x/a' }));
  servers.push(proxy);
  return proxy;
}

describe('proxy environment', () => {
  it('sends hub calls through HTTP_PROXY', async () => {
    const proxy = await recordingProxy();
    delete process.env.http_proxy;
    delete process.env.no_proxy;
    delete process.env.NO_PROXY;
    process.env.HTTP_PROXY = proxy.url;
    const hub = createHubClient({ hubUrl: 'http://hub.invalid:4100', deviceId: 'd1', accessKey: KEY, timeoutMs: 3_000 });
    expect(await hub.getFile('f1')).toMatchObject({ id: 'f1' });
    expect(proxy.seen[0]?.url).toBe('http://hub.invalid:4100/v1/devices/d1/files/f1');
  });

  it('never sends loopback hub calls through the proxy', async () => {
    const proxy = await recordingProxy();
    const hubServer = await startLocalServer((_q, res) => replyJson(res, 200, { id: 'f1', name: 'a', url: 'http://x/a' }));
    servers.push(hubServer);
    process.env.HTTP_PROXY = proxy.url;
    const hub = createHubClient({ hubUrl: hubServer.url, deviceId: 'd1', accessKey: KEY, timeoutMs: 3_000 });
    await hub.getFile('f1');
    expect(hubServer.seen).toHaveLength(1);
    expect(proxy.seen).toHaveLength(0);
  });
});
