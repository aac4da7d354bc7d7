// The happy path and its variations: progress from the first byte, Range resume after a cut,
// accepted checksum/signature formats, cross-origin storage redirects, installer outcomes.
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFirmwareUpdater, createNoInstaller } from '../../../app/core/firmware';
import type { Installer } from '../../../app/core/firmware/installers/types';
import type { FirmwareFile } from '../../../app/core/firmware/record';
import type { FirmwarePolicy } from '../../../app/core/firmware/types';
import type { UpgradeProgress } from '../../../app/ipc/schemas';
import { upgradeProgressSchema } from '../../../app/ipc/schemas';
import { startFileServer, type FileServer } from './helpers/file-server';
import { ACCESS_KEY, createFakeInstaller, createRecordStore, listDir, makeDeps, makeKeys, makeTempDir, payload, sha256Hex } from './helpers/harness';

const OLD = payload('1.0.0');
const NEW = payload('2.0.0', 2 * 1024 * 1024);
const keys = makeKeys();

let files: FileServer;
let tmp: { path: string; cleanup: () => Promise<void> };
let staging: string;
let target: string;

beforeAll(async () => {
  files = await startFileServer('127.0.0.2');
});
afterAll(() => files.close());
beforeEach(async () => {
  tmp = await makeTempDir();
  staging = join(tmp.path, 'staging');
  target = join(tmp.path, 'app.bin');
  await mkdir(staging);
  await writeFile(target, OLD);
});
afterEach(() => tmp.cleanup());

function setup(opts: { policy?: Partial<FirmwarePolicy>; installer?: Installer; store?: ReturnType<typeof createRecordStore>; hubOrigin?: string } = {}) {
  const store = opts.store ?? createRecordStore();
  const installer = opts.installer ?? createFakeInstaller(target);
  const progress: UpgradeProgress[] = [];
  const deps = makeDeps({ stagingDir: staging, appVersion: '1.0.0', hubOrigin: opts.hubOrigin ?? 'http://127.0.0.1:9', store, installer, progress, ...(opts.policy ? { policy: opts.policy } : {}) });
  return { updater: createFirmwareUpdater(deps), store, installer, progress };
}

const file = (path: string, extra: Partial<FirmwareFile> = {}): FirmwareFile => ({ url: files.url(path), version: '2.0.0', checksum: sha256Hex(NEW), ...extra });
const source = { kind: 'command' as const, commandId: 'c-7' };

describe('firmware pipeline', () => {
  it('downloads, verifies, installs and records every step, with progress from the first byte', async () => {
    files.route('/ok/fw-2.0.0.bin', { data: NEW });
    const steps: string[] = [];
    const store = createRecordStore();
    const write = store.write;
    store.write = (r) => (steps.push(r?.step ?? 'null'), write(r));
    const { updater, progress } = setup({ store });
    const outcome = await updater.run({ source, file: file('/ok/fw-2.0.0.bin', { size: NEW.length }) });
    expect(outcome.kind).toBe('restart-pending');
    expect(steps).toEqual(['resolve', 'download', 'verify', 'stage', 'install', 'restart']);
    expect(sha256Hex(await readFile(target))).toBe(sha256Hex(NEW));
    expect(await listDir(staging)).toEqual([]);
    const downloads = progress.filter((p) => p.phase === 'download' && p.bytesDone > 0);
    expect(downloads.length).toBeGreaterThan(0);
    expect(downloads[0]!.bytesTotal).toBe(NEW.length);
    expect(downloads.at(-1)!.bytesDone).toBe(NEW.length);
    for (const p of progress) upgradeProgressSchema.parse(p);
    expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['resolve', 'download', 'verify', 'stage', 'install', 'restart']));
  });

  it('resumes after a cut at 50 % with a Range request for the rest only', async () => {
    const half = NEW.length / 2;
    files.route('/cut/fw.bin', { data: NEW, cutAfterBytes: half });
    // one attempt per run: this is the resume across runs (the process died mid-download)
    const { updater, store, installer } = setup({ policy: { downloadAttempts: 1 } });
    const first = await updater.run({ source, file: file('/cut/fw.bin') });
    expect(first).toMatchObject({ kind: 'failed', code: 'interrupted', record: { step: 'failed', code: 'interrupted' } });
    expect(installer).toMatchObject({ installs: [] });
    expect(await listDir(staging)).toEqual(['fw.bin.part']);
    expect(files.bytesServed('/cut/fw.bin')).toBe(half);
    // node drops the few KiB still buffered in the response when the socket dies mid-body
    const kept = (await stat(join(staging, 'fw.bin.part'))).size;
    expect(kept).toBeGreaterThan(half / 2);
    expect(kept).toBeLessThanOrEqual(half);

    const second = await updater.run({ source, file: file('/cut/fw.bin') });
    expect(second.kind).toBe('restart-pending');
    const requests = files.requests.filter((r) => r.path === '/cut/fw.bin');
    expect(requests.map((r) => r.headers.range)).toEqual([undefined, `bytes=${kept}-`]);
    expect(files.bytesServed('/cut/fw.bin') - half).toBe(NEW.length - kept); // only the rest was fetched
    expect(sha256Hex(await readFile(target))).toBe(sha256Hex(NEW)); // and the checksum still verified
    expect(store.read()?.step).toBe('restart');
  });

  it('starts over from byte 0 when the server ignores the Range request', async () => {
    files.route('/norange/fw.bin', { data: NEW, cutAfterBytes: 1000, ignoreRange: true });
    const { updater } = setup({ policy: { downloadAttempts: 1 } });
    expect((await updater.run({ source, file: file('/norange/fw.bin') })).kind).toBe('failed');
    expect((await updater.run({ source, file: file('/norange/fw.bin') })).kind).toBe('restart-pending');
    expect(sha256Hex(await readFile(target))).toBe(sha256Hex(NEW));
  });

  it('throws away a partial download of a different file', async () => {
    files.route('/a/fw.bin', { data: NEW, cutAfterBytes: 5000 });
    const { updater } = setup({ policy: { downloadAttempts: 1 } });
    await updater.run({ source, file: file('/a/fw.bin') });
    expect(await listDir(staging)).toEqual(['fw.bin.part']);
    const other = payload('2.1.0', 4096);
    files.route('/b/fw-2.1.0.bin', { data: other });
    const outcome = await updater.run({ source, file: { url: files.url('/b/fw-2.1.0.bin'), version: '2.1.0', checksum: sha256Hex(other) } });
    expect(outcome.kind).toBe('restart-pending');
    expect(files.requests.filter((r) => r.path === '/b/fw-2.1.0.bin')[0]!.headers.range).toBeUndefined();
    expect(await listDir(staging)).toEqual([]);
  });

  it('accepts sha512/base64 with a prefix, 0x-hex sha256, and a hex RSA signature', async () => {
    files.route('/fmt/fw.bin', { data: NEW });
    const sha512 = 'SHA512:' + createHash('sha512').update(NEW).digest('base64');
    for (const checksum of [sha512, '0x' + sha256Hex(NEW).toUpperCase(), createHash('sha256').update(NEW).digest('base64')]) {
      await writeFile(target, OLD);
      const { updater } = setup({ store: createRecordStore() });
      expect((await updater.run({ source, file: file('/fmt/fw.bin', { checksum }) })).kind).toBe('restart-pending');
    }
    await writeFile(target, OLD);
    const { updater } = setup({ policy: { publicKeyPem: keys.publicKeyPem } });
    const signed = await updater.run({ source, file: file('/fmt/fw.bin', { checksum: null, signature: keys.sign(NEW, 'hex') }) });
    expect(signed.kind).toBe('restart-pending');
  });

  it('installs an unverified file only when the policy allows it', async () => {
    files.route('/unv/fw.bin', { data: NEW });
    const { updater } = setup({ policy: { allowUnverified: true } });
    expect((await updater.run({ source, file: file('/unv/fw.bin', { checksum: null }) })).kind).toBe('restart-pending');
  });

  it('sends the Authorization header to the hub origin only, through a cross-origin storage redirect', async () => {
    const hub = await startFileServer('127.0.0.1');
    try {
      hub.route('/files/f1', { redirectTo: files.url('/store/fw.bin') });
      files.route('/store/fw.bin', { data: NEW });
      const { updater } = setup({ hubOrigin: hub.origin });
      const outcome = await updater.run({ source, file: { url: hub.url('/files/f1'), name: 'fw.bin', version: '2.0.0', checksum: sha256Hex(NEW) } });
      expect(outcome.kind).toBe('restart-pending');
      expect(hub.requests[0]!.headers.authorization).toBe(ACCESS_KEY);
      expect(files.requests.filter((r) => r.path === '/store/fw.bin')[0]!.headers.authorization).toBeUndefined();
    } finally {
      await hub.close();
    }
  });

  it('a command naming exactly the running version is already installed; a named lower version may install', async () => {
    const same = setup();
    const already = await same.updater.run({ source, file: file('/x', { version: '1.0.0' }), exactVersionRequested: true });
    expect(already).toMatchObject({ kind: 'installed', record: { step: 'commit', reason: 'already running 1.0.0' } });
    expect(same.installer).toMatchObject({ installs: [] });
    const lower = payload('0.9.0', 2000);
    files.route('/low/fw.bin', { data: lower });
    const down = setup({ store: createRecordStore() });
    const outcome = await down.updater.run({ source, file: { url: files.url('/low/fw.bin'), version: '0.9.0', checksum: sha256Hex(lower) }, exactVersionRequested: true, requestedVersion: '0.9.0' });
    expect(outcome.kind).toBe('restart-pending');
  });

  it('fails with no-installer before downloading when no installer is configured', async () => {
    files.route('/none/fw.bin', { data: NEW });
    const { updater } = setup({ installer: createNoInstaller('no installer for freebsd') });
    expect(await updater.run({ source, file: file('/none/fw.bin') })).toMatchObject({ kind: 'failed', code: 'no-installer' });
    expect(files.requests.filter((r) => r.path === '/none/fw.bin')).toHaveLength(0);
  });

  it('reports an installer failure and removes the staged file; the old version stays', async () => {
    files.route('/if/fw.bin', { data: NEW });
    const broken: Installer = { kind: 'broken', install: () => Promise.reject(new Error('disk is read-only')), rollback: async () => {} };
    const { updater } = setup({ installer: broken });
    expect(await updater.run({ source, file: file('/if/fw.bin') })).toMatchObject({ kind: 'failed', code: 'install-failed', reason: 'disk is read-only' });
    expect(await listDir(staging)).toEqual([]);
    expect(sha256Hex(await readFile(target))).toBe(sha256Hex(OLD));
  });

  it('refuses a second upgrade while one awaits restart, and a concurrent run', async () => {
    files.route('/busy/fw.bin', { data: NEW });
    const { updater, installer } = setup();
    const [a, b] = await Promise.all([updater.run({ source, file: file('/busy/fw.bin') }), updater.run({ source, file: file('/busy/fw.bin') })]);
    expect([a.kind, b.kind].sort()).toEqual(['failed', 'restart-pending']);
    expect(await updater.run({ source, file: file('/busy/fw.bin') })).toMatchObject({ kind: 'failed', code: 'busy' });
    expect(installer).toMatchObject({ installs: ['2.0.0'] });
  });

  it('cancels on an abort signal and deletes the partial file', async () => {
    files.route('/slow/fw.bin', { data: NEW, dripBytesPerSec: 50 });
    const { updater } = setup();
    const controller = new AbortController();
    const running = updater.run({ source, file: file('/slow/fw.bin'), signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    expect(await running).toMatchObject({ kind: 'failed', code: 'aborted' });
    expect(await listDir(staging)).toEqual([]);
  });
});
