// The one outbound-URL policy: which destinations a download may reach, checked on the URL and
// again on every resolved address at connect time (rebinding), with a real loopback server for the
// firmware path.
import type { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFirmwareUpdater } from '../../../app/core/firmware';
import {
  checkOutboundUrl,
  classifyAddress,
  createGuardedLookup,
  defaultOutboundPolicy,
  OutboundRefusedError,
} from '../../../app/core/net/outbound-url';
import { startFileServer, type FileServer } from '../firmware/helpers/file-server';
import { createFakeInstaller, createRecordStore, makeDeps, makeTempDir, payload, sha256Hex } from '../firmware/helpers/harness';

const strict = { allowPrivate: false };
const lab = { allowPrivate: true };

describe('classifyAddress', () => {
  it.each([
    ['169.254.169.254', 'metadata'],
    ['169.254.1.2', 'link-local'],
    ['100.100.100.200', 'metadata'],
    ['168.63.129.16', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.9.9.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['2606:4700::1111', 'public'],
    ['not-an-ip', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('refuses every 169.254/16 and fe80::/10 address, whatever the policy', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 0x3f }), fc.integer({ min: 0, max: 0xffff }), (c, d, low, word) => {
        for (const host of [`169.254.${c}.${d}`, `[fe${(0x80 | (low >> 4)).toString(16)}${(low & 0xf).toString(16)}::${word.toString(16)}]`]) {
          expect(() => checkOutboundUrl(`http://${host}/fw.bin`, lab)).toThrow(OutboundRefusedError);
        }
      }),
    );
  });
});

describe('checkOutboundUrl', () => {
  it.each(['file:///etc/passwd', 'ftp://example.com/a', 'gopher://x/', 'javascript:alert(1)', 'not a url', 'http://user:pw@example.com/'])('refuses %s', (url) => {
    expect(() => checkOutboundUrl(url, lab)).toThrow(OutboundRefusedError);
  });

  it.each(['http://127.0.0.1/fw', 'http://10.0.0.5/fw', 'http://[::1]/fw', 'http://localhost/fw', 'http://0.0.0.0/fw'])('refuses %s unless private hosts are configured', (url) => {
    expect(() => checkOutboundUrl(url, strict)).toThrow(OutboundRefusedError);
    if (!url.includes('0.0.0.0')) expect(checkOutboundUrl(url, lab).href).toBe(new URL(url).href);
  });

  it.each(['http://metadata.google.internal/computeMetadata/v1/', 'http://METADATA.goog./x', 'http://instance-data/latest/', 'https://metadata/x'])(
    'refuses the metadata host name %s even where private hosts are allowed (a proxy resolves names itself)',
    (url) => {
      expect(() => checkOutboundUrl(url, lab)).toThrow('metadata hosts are not fetched');
    },
  );

  it('accepts public http(s) URLs and host names (their addresses are checked at connect time)', () => {
    expect(checkOutboundUrl('https://files.example.com/fw.bin', strict).hostname).toBe('files.example.com');
    expect(checkOutboundUrl('http://8.8.8.8/fw.bin', strict).hostname).toBe('8.8.8.8');
  });

  it('allows loopback by default only while the hub itself is on loopback', () => {
    expect(defaultOutboundPolicy(undefined, 'http://127.0.0.1:8080')).toEqual(lab);
    expect(defaultOutboundPolicy(undefined, 'https://hub.xyte.io')).toEqual(strict);
    expect(defaultOutboundPolicy(false, 'http://127.0.0.1:8080')).toEqual(strict);
    expect(defaultOutboundPolicy(true, 'https://hub.xyte.io')).toEqual(lab);
  });
});

describe('createGuardedLookup', () => {
  const fakeDns = (answer: LookupAddress[]) =>
    ((_host: string, _opts: unknown, cb: (e: null, a: LookupAddress[]) => void) => cb(null, answer)) as unknown as typeof import('node:dns').lookup;
  const run = (answer: LookupAddress[], policy = strict, all = false) =>
    new Promise<{ error: Error | null; address: unknown }>((resolve) =>
      createGuardedLookup({ ...policy, resolve: fakeDns(answer) })('files.example.com', { all }, (error, address) => resolve({ error, address })),
    );

  it('refuses a name that resolves to the metadata service', async () => {
    const { error } = await run([{ address: '169.254.169.254', family: 4 }], lab);
    expect(error).toBeInstanceOf(OutboundRefusedError);
    expect(error?.message).toMatch(/metadata/);
  });

  it('refuses a mixed answer (one public, one private address: a rebinding shape)', async () => {
    const { error } = await run([{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.1', family: 4 }]);
    expect(error).toBeInstanceOf(OutboundRefusedError);
  });

  it('passes a public answer through in the shape the caller asked for', async () => {
    expect(await run([{ address: '93.184.216.34', family: 4 }])).toEqual({ error: null, address: '93.184.216.34' });
    const all = await run([{ address: '2606:4700::1111', family: 6 }], strict, true);
    expect(all.address).toEqual([{ address: '2606:4700::1111', family: 6 }]);
  });
});

describe('firmware downloads obey the policy', () => {
  let files: FileServer;
  let hub: FileServer;
  beforeAll(async () => {
    files = await startFileServer('127.0.0.2');
    hub = await startFileServer('127.0.0.1');
  });
  afterAll(async () => {
    await files.close();
    await hub.close();
  });

  async function attempt(url: string, allowPrivate: boolean, checksum = sha256Hex(payload('2.0.0')), resolve?: typeof dnsLookup) {
    const tmp = await makeTempDir();
    try {
      const staging = join(tmp.path, 'staging');
      await mkdir(staging);
      const target = join(tmp.path, 'app.bin');
      await writeFile(target, payload('1.0.0'));
      const installer = createFakeInstaller(target);
      const deps = makeDeps({ stagingDir: staging, appVersion: '1.0.0', hubOrigin: hub.origin, store: createRecordStore(), installer, policy: { outbound: { allowPrivate, ...(resolve ? { resolve } : {}) } } });
      const outcome = await createFirmwareUpdater(deps).run({ source: { kind: 'command', commandId: 'c1' }, file: { version: '2.0.0', url, checksum } });
      return { outcome, installs: installer.installs, running: await readFile(target) };
    } finally {
      await tmp.cleanup();
    }
  }

  it('refuses http://169.254.169.254/ before any socket opens', async () => {
    const { outcome, installs } = await attempt('http://169.254.169.254/latest/meta-data/', true);
    expect(outcome).toMatchObject({ kind: 'failed', code: 'bad-url' });
    expect(installs).toEqual([]);
  });

  it('refuses a loopback download host unless configured, without fetching a byte', async () => {
    files.route('/fw.bin', { data: payload('2.0.0') });
    const before = files.requests.length;
    const { outcome } = await attempt(files.url('/fw.bin'), false);
    expect(outcome).toMatchObject({ kind: 'failed', code: 'bad-url' });
    expect(files.requests.length).toBe(before);
    expect((await attempt(files.url('/fw.bin'), true)).outcome.kind).toBe('restart-pending');
  });

  it('checks every redirect hop: a redirect to the metadata address is refused', async () => {
    files.route('/hop', { redirectTo: 'http://169.254.169.254/latest/' });
    const { outcome } = await attempt(files.url('/hop'), true);
    expect(outcome).toMatchObject({ kind: 'failed', code: 'bad-url' });
  });

  it('checks the resolved address of a host name at connect time (a name pointing inside is refused)', async () => {
    let served = 0;
    const server = http.createServer((_req, res) => {
      served += 1;
      res.end('internal secret page');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // the "public" name answers with a loopback address: refused at connect time, nothing fetched
    const dns = ((_host: string, _opts: unknown, cb: (e: null, a: LookupAddress[]) => void) => cb(null, [{ address: '127.0.0.1', family: 4 }])) as unknown as typeof dnsLookup;
    try {
      const port = (server.address() as { port: number }).port;
      const { outcome } = await attempt(`http://files.example.com:${port}/fw.bin`, false, undefined, dns);
      expect(outcome).toMatchObject({ kind: 'failed', code: 'bad-url' });
      if (outcome.kind === 'failed') expect(outcome.reason).toMatch(/loopback/);
      expect(served).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('never echoes the hash of what an internal host answered', async () => {
    const body = Buffer.from('internal admin page, not firmware. '.repeat(64));
    files.route('/internal', { data: body });
    const { outcome } = await attempt(files.url('/internal'), true, sha256Hex(payload('2.0.0')));
    expect(outcome).toMatchObject({ kind: 'failed', code: 'checksum-mismatch' });
    if (outcome.kind !== 'failed') return;
    expect(outcome.reason).not.toContain(sha256Hex(body));
    expect(outcome.reason).not.toMatch(/[0-9a-f]{32}/);
  });
});
