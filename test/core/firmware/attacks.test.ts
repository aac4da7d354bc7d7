// Every hostile or broken file is refused with its own code, leaves the staging dir empty, and
// never reaches the installer: the running version (the fake install target) is unchanged.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFirmwareUpdater } from '../../../app/core/firmware';
import type { FirmwareFile } from '../../../app/core/firmware/record';
import type { FirmwarePolicy } from '../../../app/core/firmware/types';
import { startFileServer, type FileServer } from './helpers/file-server';
import {
  ACCESS_KEY,
  createFakeInstaller,
  createRecordStore,
  listDir,
  makeDeps,
  makeKeys,
  makeTempDir,
  payload,
  sha256Hex,
} from './helpers/harness';

const OLD = payload('1.0.0');
const NEW = payload('2.0.0');
const keys = makeKeys();
const otherKeys = makeKeys();

let files: FileServer;
let hub: FileServer;
let tmp: { path: string; cleanup: () => Promise<void> };
let staging: string;
let target: string;

beforeAll(async () => {
  files = await startFileServer('127.0.0.2');
  hub = await startFileServer('127.0.0.1');
});
afterAll(async () => {
  await files.close();
  await hub.close();
});
beforeEach(async () => {
  tmp = await makeTempDir();
  staging = join(tmp.path, 'staging');
  target = join(tmp.path, 'app.bin');
  await writeFile(target, OLD);
  await mkdir(staging);
});
afterEach(() => tmp.cleanup());

async function attempt(file: Partial<FirmwareFile> & { url: string }, opts: { policy?: Partial<FirmwarePolicy>; exact?: boolean; requestedVersion?: string } = {}) {
  const store = createRecordStore();
  const installer = createFakeInstaller(target);
  const updater = createFirmwareUpdater(
    makeDeps({ stagingDir: staging, appVersion: '1.0.0', hubOrigin: hub.origin, store, installer, ...(opts.policy ? { policy: opts.policy } : {}) }),
  );
  const outcome = await updater.run({
    source: { kind: 'command', commandId: 'cmd-1' },
    file: { version: '2.0.0', ...file },
    ...(opts.exact !== undefined ? { exactVersionRequested: opts.exact } : {}),
    ...(opts.requestedVersion ? { requestedVersion: opts.requestedVersion } : {}),
  });
  return { outcome, installer, store };
}

async function expectRefused(result: Awaited<ReturnType<typeof attempt>>, code: string, reason: RegExp) {
  const { outcome, installer, store } = result;
  expect(outcome.kind).toBe('failed');
  if (outcome.kind !== 'failed') return;
  expect(outcome.code).toBe(code);
  expect(outcome.reason).toMatch(reason);
  expect(outcome.reason).not.toContain(ACCESS_KEY);
  expect(store.read()).toMatchObject({ step: 'failed', code, reported: false, source: { commandId: 'cmd-1' } });
  expect(installer.installs).toEqual([]);
  expect(await listDir(staging)).toEqual([]);
  expect(sha256Hex(await readFile(target))).toBe(sha256Hex(OLD));
}

describe('firmware attack suite', () => {
  it('refuses a tampered file (checksum mismatch)', async () => {
    const tampered = Buffer.from(NEW);
    tampered[tampered.length - 1] ^= 0xff;
    files.route('/t/fw-2.0.0.bin', { data: tampered });
    await expectRefused(await attempt({ url: files.url('/t/fw-2.0.0.bin'), checksum: sha256Hex(NEW) }), 'checksum-mismatch', /does not match the expected sha256 checksum/);
  });

  it('refuses a signature that does not verify', async () => {
    files.route('/s/fw.bin', { data: NEW });
    const bogus = randomBytes(256).toString('base64');
    await expectRefused(await attempt({ url: files.url('/s/fw.bin'), signature: bogus }, { policy: { publicKeyPem: keys.publicKeyPem } }), 'signature-invalid', /does not verify/);
  });

  it('refuses a file signed by another key, even with a correct checksum', async () => {
    files.route('/o/fw.bin', { data: NEW });
    const result = await attempt({ url: files.url('/o/fw.bin'), checksum: sha256Hex(NEW), signature: otherKeys.sign(NEW) }, { policy: { publicKeyPem: keys.publicKeyPem } });
    await expectRefused(result, 'signature-invalid', /partner public key/);
  });

  it('refuses a signed file when a key is configured but the file has no signature', async () => {
    files.route('/ns/fw.bin', { data: NEW });
    await expectRefused(await attempt({ url: files.url('/ns/fw.bin'), checksum: sha256Hex(NEW) }, { policy: { publicKeyPem: keys.publicKeyPem } }), 'signature-missing', /no signature/);
  });

  it('refuses a signature it has no key for when there is no checksum either', async () => {
    files.route('/nk/fw.bin', { data: NEW });
    await expectRefused(await attempt({ url: files.url('/nk/fw.bin'), signature: keys.sign(NEW) }), 'signature-missing-key', /no partner public key/);
  });

  it('refuses a file with neither checksum nor signature', async () => {
    files.route('/u/fw.bin', { data: NEW });
    await expectRefused(await attempt({ url: files.url('/u/fw.bin') }), 'unverified-refused', /neither checksum nor signature/);
    expect(files.requests.filter((r) => r.path === '/u/fw.bin')).toHaveLength(0); // refused before fetching
  });

  it('refuses a downgrade, a reinstall, and a version other than the one requested', async () => {
    files.route('/v/fw.bin', { data: NEW });
    const url = files.url('/v/fw.bin');
    await expectRefused(await attempt({ url, version: '0.9.0', checksum: sha256Hex(NEW) }), 'downgrade-refused', /0\.9\.0 is not newer than the running 1\.0\.0/);
    await expectRefused(await attempt({ url, version: '1.0.0', checksum: sha256Hex(NEW) }), 'downgrade-refused', /not newer/);
    await expectRefused(await attempt({ url, checksum: sha256Hex(NEW) }, { requestedVersion: '2.0.1' }), 'version-mismatch', /2\.0\.0 but version 2\.0\.1 was requested/);
    await expectRefused(await attempt({ url, version: 'latest', checksum: sha256Hex(NEW) }), 'bad-version', /not SemVer/);
  });

  it('stops an endless body at the declared size, and at maxBytes when none is declared', async () => {
    files.route('/e/fw.bin', { endless: true });
    const url = files.url('/e/fw.bin');
    await expectRefused(await attempt({ url, checksum: sha256Hex(NEW), size: 100_000 }), 'size-exceeded', /passed 100000 bytes/);
    await expectRefused(await attempt({ url, checksum: sha256Hex(NEW) }, { policy: { maxBytes: 300_000 } }), 'size-exceeded', /passed 300000 bytes/);
    await expectRefused(await attempt({ url, checksum: sha256Hex(NEW), size: 20_000_000 }, { policy: { maxBytes: 300_000 } }), 'size-exceeded', /declares 20000000 bytes/);
  });

  it('gives up on a 1 byte/s trickle after the idle timeout', async () => {
    files.route('/d/fw.bin', { data: NEW, dripBytesPerSec: 1 });
    await expectRefused(await attempt({ url: files.url('/d/fw.bin'), checksum: sha256Hex(NEW) }, { policy: { idleTimeoutMs: 300 } }), 'idle-timeout', /no data .* for 300 ms/);
  });

  it('refuses path traversal in the file name (given or taken from the URL)', async () => {
    files.route('/p/fw.bin', { data: NEW });
    await expectRefused(await attempt({ url: files.url('/p/fw.bin'), name: '../../etc/cron.d/evil', checksum: sha256Hex(NEW) }), 'bad-file-name', /path or hidden-file/);
    await expectRefused(await attempt({ url: files.url('/p/..%2F..%2Fevil'), checksum: sha256Hex(NEW) }), 'bad-file-name', /path or hidden-file/);
    await expectRefused(await attempt({ url: files.url('/p/fw.bin'), name: '.bashrc', checksum: sha256Hex(NEW) }), 'bad-file-name', /hidden-file/);
  });

  it('follows a redirect to another host WITHOUT the Authorization header, and still refuses bad bytes there', async () => {
    hub.route('/v1/devices/d1/files/f1/download', { redirectTo: files.url('/r/fw.bin') });
    files.route('/r/fw.bin', { data: payload('6.6.6') });
    const result = await attempt({ url: hub.url('/v1/devices/d1/files/f1/download'), name: 'fw.bin', checksum: sha256Hex(NEW) });
    await expectRefused(result, 'checksum-mismatch', /expected/);
    const atHub = hub.requests.filter((r) => r.path === '/v1/devices/d1/files/f1/download');
    const atOther = files.requests.filter((r) => r.path === '/r/fw.bin');
    expect(atHub).toHaveLength(1);
    expect(atHub[0]!.headers.authorization).toBe(ACCESS_KEY); // the hub's own origin gets it
    expect(atOther).toHaveLength(1);
    expect(atOther[0]!.headers.authorization).toBeUndefined();
    expect(JSON.stringify(atOther[0]!.headers)).not.toContain(ACCESS_KEY);
  });

  it('refuses a redirect chain longer than 3 hops', async () => {
    for (let i = 0; i < 5; i++) files.route(`/loop/${i}`, { redirectTo: files.url(`/loop/${i + 1}`) });
    await expectRefused(await attempt({ url: files.url('/loop/0'), name: 'fw.bin', checksum: sha256Hex(NEW) }), 'redirect-refused', /more than 3 redirects/);
  });

  it('reports the HTTP status of a failed download', async () => {
    files.route('/gone/fw.bin', { status: 403 });
    await expectRefused(await attempt({ url: files.url('/gone/fw.bin'), checksum: sha256Hex(NEW) }), 'http-status', /HTTP 403/);
  });

  it('refuses to start when the disk would be left too full', async () => {
    files.route('/f/fw.bin', { data: NEW });
    const result = await attempt({ url: files.url('/f/fw.bin'), checksum: sha256Hex(NEW), size: NEW.length }, { policy: { minFreeBytes: 1e18 } });
    await expectRefused(result, 'disk-full', /free in the staging directory; the download needs/);
    expect(files.requests.filter((r) => r.path === '/f/fw.bin')).toHaveLength(0);
  });
});
