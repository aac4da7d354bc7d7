// The one downloader (firmware and content) through a real forward proxy on loopback. The file
// hosts answer for media.example.test, a name only the proxy resolves (as a site proxy would).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../app/core/deps';
import { downloadFile, downloadWithRetries, type DownloadOptions } from '../../../app/core/firmware/download';
import { FirmwareError } from '../../../app/core/firmware/errors';
import type { ProxyEnv } from '../../../app/core/net/proxy';
import { startForwardProxy, type ForwardProxy, type ProxyMode } from '../net/helpers/forward-proxy';
import { makeTestCertificates, OPENSSL } from '../support/test-ca';
import { startFileServer, type FileServer } from './helpers/file-server';
import { makeTempDir } from './helpers/harness';

const NAME = 'media.example.test';
const DATA = Buffer.from(Array.from({ length: 300 * 1024 }, (_, i) => (i * 7919) % 251));
const SHA = createHash('sha256').update(DATA).digest('hex');
const HUB_KEY = 'Bearer hub-access-key-never-leaves';

describe.skipIf(!OPENSSL)('downloads through a proxy', () => {
  let plain: FileServer;
  let secure: FileServer;
  let proxy: ForwardProxy;
  let ca: string;
  let tmp: { path: string; cleanup: () => Promise<void> };
  const named = (server: FileServer, path: string) => server.url(path).replace('127.0.0.2', NAME);

  beforeAll(async () => {
    const certs = makeTestCertificates([NAME]);
    ca = certs.ca;
    plain = await startFileServer('127.0.0.2');
    secure = await startFileServer('127.0.0.2', certs);
    for (const server of [plain, secure]) server.route('/media.bin', { data: DATA });
    proxy = await startForwardProxy({ [NAME]: '127.0.0.2' });
  });
  beforeEach(async () => (tmp = await makeTempDir('xyte-proxy-')));
  afterEach(async () => {
    proxy.setMode('forward');
    proxy.seen.length = 0;
    plain.requests.length = 0;
    secure.requests.length = 0;
    await tmp.cleanup();
  });
  afterAll(async () => {
    await proxy.close();
    await plain.close();
    await secure.close();
  });

  function options(url: string, env: ProxyEnv, extra: Partial<DownloadOptions> = {}): DownloadOptions {
    return {
      url,
      authOrigin: 'https://hub.example.test', // the hub: never the content host
      authorization: HUB_KEY,
      partPath: join(tmp.path, 'media.part'),
      resume: false,
      capBytes: 1024 * 1024,
      declaredSize: null,
      idleTimeoutMs: 5_000,
      outbound: { allowPrivate: false, proxyEnv: env },
      ca,
      signal: new AbortController().signal,
      clock: systemClock,
      // the bytes are checked on disk below; the sink's own checks are the integrity tests' business
      createSink: () => ({ update: () => undefined, check: () => undefined }),
      onBytes: () => undefined,
      ...extra,
    };
  }

  const proxyEnv = (): ProxyEnv => ({ http_proxy: proxy.url, HTTPS_PROXY: `http://kiosk:pr0xy-pass@127.0.0.1:${proxy.port}` });
  const seenText = () => JSON.stringify([proxy.seen, plain.requests, secure.requests]);

  it('fetches an http file as an absolute-URI request through the proxy', async () => {
    const result = await downloadFile(options(named(plain, '/media.bin?v=1'), proxyEnv()));
    expect(result.bytes).toBe(DATA.length);
    expect(createHash('sha256').update(await readFile(join(tmp.path, 'media.part'))).digest('hex')).toBe(SHA);
    expect(proxy.seen.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${named(plain, '/media.bin?v=1')}`]);
    expect(seenText()).not.toContain('hub-access-key');
  });

  it('fetches an https file through a CONNECT tunnel, checking the host certificate; the proxy sees host and port only', async () => {
    const result = await downloadFile(options(named(secure, '/media.bin'), proxyEnv()));
    expect(result.bytes).toBe(DATA.length);
    expect(proxy.seen.map((r) => `${r.method} ${r.url}`)).toEqual([`CONNECT ${new URL(named(secure, '/')).host}`]);
    expect(proxy.seen[0]!.headers['proxy-authorization']).toBe(`Basic ${Buffer.from('kiosk:pr0xy-pass').toString('base64')}`);
    expect(secure.requests[0]!.headers['proxy-authorization']).toBeUndefined();
    expect(seenText()).not.toContain('hub-access-key');

    const untrusted = await downloadFile(options(named(secure, '/media.bin'), proxyEnv(), { ca: undefined })).catch((e: unknown) => e);
    expect(untrusted).toBeInstanceOf(FirmwareError);
    expect((untrusted as FirmwareError).message).toMatch(/SELF_SIGNED|UNABLE_TO|CERT/);
  });

  it('resumes a cut download with Range through the proxy', async () => {
    plain.route('/cut.bin', { data: DATA, cutAfterBytes: 100 * 1024 });
    const retries: number[] = [];
    const result = await downloadWithRetries(options(named(plain, '/cut.bin'), proxyEnv()), { attempts: 3, baseMs: 1, onRetry: (info) => retries.push(info.bytesKept) });
    expect(result.bytes).toBe(DATA.length);
    expect(result.resumedFrom).toBeGreaterThan(0);
    expect(retries).toHaveLength(1);
    expect(createHash('sha256').update(await readFile(join(tmp.path, 'media.part'))).digest('hex')).toBe(SHA);
    const cutRequests = plain.requests.filter((r) => r.path === '/cut.bin');
    expect(cutRequests.map((r) => r.headers.range)).toEqual([undefined, `bytes=${result.resumedFrom}-`]);
    expect(proxy.seen).toHaveLength(2);
  });

  it('goes direct for NO_PROXY hosts (the device resolves the name and checks its addresses)', async () => {
    const resolve = ((_h: string, _o: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) => cb(null, [{ address: '127.0.0.2', family: 4 }])) as never;
    const env = { ...proxyEnv(), no_proxy: `other.test, .example.test` };
    // direct, the connect-time check applies to what the name resolves to (private: not allowed here)
    const refused = await downloadFile(options(named(plain, '/media.bin'), env, { outbound: { allowPrivate: false, resolve, proxyEnv: env } })).catch((e: unknown) => e);
    expect((refused as FirmwareError).code).toBe('bad-url');
    const result = await downloadFile(options(named(plain, '/media.bin'), env, { outbound: { allowPrivate: true, resolve, proxyEnv: env } }));
    expect(result.bytes).toBe(DATA.length);
    expect(proxy.seen).toHaveLength(0);
  });

  it('refuses metadata and link-local targets before anything reaches the proxy', async () => {
    for (const url of ['http://metadata.google.internal/computeMetadata/v1/', 'http://169.254.169.254/latest/', 'https://[fe80::1]/x', 'http://instance-data/latest/']) {
      const error = await downloadFile(options(url, proxyEnv(), { outbound: { allowPrivate: true, proxyEnv: proxyEnv() } })).catch((e: unknown) => e);
      expect((error as FirmwareError).code, url).toBe('bad-url');
    }
    expect(proxy.seen).toHaveLength(0);
  });

  it('never sends the hub key over plain http through a proxy', async () => {
    const hubUrl = named(plain, '/media.bin');
    const error = await downloadFile(options(hubUrl, proxyEnv(), { authOrigin: new URL(hubUrl).origin })).catch((e: unknown) => e);
    expect((error as FirmwareError).code).toBe('bad-url');
    expect(proxy.seen).toHaveLength(0);
  });

  it.each<[ProxyMode, RegExp]>([
    ['refuse-connect', /refused the tunnel \(HTTP 403\)/],
    ['junk', /did not answer CONNECT in HTTP/],
    ['endless-head', /over-long answer to CONNECT/],
    ['hang', /did not open the connection within 300 ms/],
  ])('a proxy that misbehaves (%s) is a bounded network error naming the proxy, not its credentials', async (mode, message) => {
    proxy.setMode(mode);
    // only the silent proxy waits for the deadline; the others answer at once, however loaded the machine
    const error = await downloadFile(options(named(secure, '/media.bin'), proxyEnv(), { idleTimeoutMs: mode === 'hang' ? 300 : 10_000 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FirmwareError);
    expect((error as FirmwareError).code).toBe('network');
    expect((error as FirmwareError).message).toMatch(message);
    expect((error as FirmwareError).message).toContain(`http://127.0.0.1:${proxy.port}`);
    expect((error as FirmwareError).message).not.toContain('pr0xy-pass');
  });

  it('an http request through a silent proxy ends with the idle timeout; a 407 names the proxy', async () => {
    proxy.setMode('hang');
    const silent = await downloadFile(options(named(plain, '/media.bin'), proxyEnv(), { idleTimeoutMs: 300 })).catch((e: unknown) => e);
    expect((silent as FirmwareError).code).toBe('idle-timeout');
    proxy.setMode('forward');
    proxy.requireAuthorization('Basic something-else');
    const denied = await downloadFile(options(named(plain, '/media.bin'), proxyEnv())).catch((e: unknown) => e);
    expect([(denied as FirmwareError).code, (denied as FirmwareError).message]).toEqual(['http-status', `the proxy http://127.0.0.1:${proxy.port} asks for credentials (HTTP 407)`]);
    proxy.requireAuthorization(null);
    expect(plain.requests).toHaveLength(0);
  });

  it('a proxy setting it cannot use is a clear error, and nothing is sent anywhere', async () => {
    const error = await downloadFile(options(named(secure, '/media.bin'), { HTTPS_PROXY: 'socks5://kiosk:pr0xy-pass@127.0.0.1:1080' })).catch((e: unknown) => e);
    expect((error as FirmwareError).message).toBe('download failed through the proxy: the proxy setting HTTPS_PROXY is not usable: only http:// proxies are supported, not socks5://');
    expect(secure.requests).toHaveLength(0);
  });
});
