// The firmware attack cases again, this time end to end against the strict hub simulator: the file
// is published through the simulator's control API, found with a real Get File (hub client), and
// downloaded from the simulator's separate file origin (127.0.0.2) with hubOrigin = the hub.
// Each hostile file is refused with its own code, leaves staging empty, never reaches the
// installer, and the device's access key never reaches the file origin.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFirmwareUpdater, type FirmwarePolicy } from '../../../app/core/firmware';
import type { FirmwareFile } from '../../../app/core/firmware/record';
import { createEntryClient, createHubClient, type FileInfo, type HubClient } from '../../../app/core/hub';
import { startHub, type HubHandle, type PublishFirmware } from '../../hub';
import { startFileServer, type FileServer } from './helpers/file-server';
import { createFakeInstaller, createRecordStore, listDir, makeDeps, makeKeys, makeTempDir, payload, sha256Hex } from './helpers/harness';

const OLD = payload('1.0.0');
const NEW = payload('2.0.0');
const keys = makeKeys();
const otherKeys = makeKeys();

let hub: HubHandle;
let client: HubClient;
let accessKey: string;
let tmp: { path: string; cleanup: () => Promise<void> };
let staging: string;
let target: string;

beforeAll(async () => {
  hub = await startHub({ hardwareKeys: ['3f2b8a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b'] });
  const entry = createEntryClient({ entryUrl: hub.entryUrl });
  const device = await entry.registerDevice({ hardware_key: '3f2b8a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', sn: 'SN-FW-SIM', mac: '11:22:33:44:55:f1', firmware_version: '1.0.0' });
  accessKey = device.access_key;
  client = createHubClient({ hubUrl: device.hub_url, deviceId: device.id, accessKey });
});
afterAll(() => hub.close());
beforeEach(async () => {
  hub.control.clearFaults();
  tmp = await makeTempDir();
  staging = join(tmp.path, 'staging');
  target = join(tmp.path, 'app.bin');
  await writeFile(target, OLD);
  await mkdir(staging);
});
afterEach(() => tmp.cleanup());

/** What the agent does with a Get File reply (the simulator omits absent optional fields). */
function toFirmwareFile(info: FileInfo): FirmwareFile {
  return { url: info.url, version: info.version ?? '', name: info.name, checksum: info.checksum ?? null, signature: info.signature ?? null, ...(info.size !== undefined ? { size: info.size } : {}) };
}

function requestsFor(fileId: string) {
  return hub.control.fileRequestLog().filter((r) => r.path.startsWith(`/files/${fileId}/`));
}

async function publishAndRun(publish: PublishFirmware, opts: { policy?: Partial<FirmwarePolicy>; store?: ReturnType<typeof createRecordStore> } = {}) {
  const published = hub.control.publishFirmware(publish);
  const info = await client.getFile(published.fileId);
  const store = opts.store ?? createRecordStore();
  const installer = createFakeInstaller(target);
  const deps = makeDeps({ stagingDir: staging, appVersion: '1.0.0', hubOrigin: client.origin, store, installer, ...(opts.policy ? { policy: opts.policy } : {}) });
  const updater = createFirmwareUpdater({ ...deps, accessKey: () => accessKey });
  const run = () => updater.run({ source: { kind: 'command', commandId: 'cmd-sim' }, file: toFirmwareFile(info) });
  return { published, info, store, installer, run, outcome: await run() };
}

async function expectRefused(result: Awaited<ReturnType<typeof publishAndRun>>, code: string, reason: RegExp) {
  const { outcome, installer, store } = result;
  expect(outcome).toMatchObject({ kind: 'failed', code });
  if (outcome.kind !== 'failed') return;
  expect(outcome.reason).toMatch(reason);
  expect(outcome.reason).not.toContain(accessKey);
  expect(store.read()).toMatchObject({ step: 'failed', code, reported: false, source: { commandId: 'cmd-sim' } });
  expect(installer.installs).toEqual([]);
  expect(await listDir(staging)).toEqual([]);
  expect(sha256Hex(await readFile(target))).toBe(sha256Hex(OLD));
  expect(hub.control.fileRequestLog().filter((r) => r.authorization !== undefined)).toEqual([]);
}

describe('firmware attack suite against the hub simulator', () => {
  it('installs a genuine file end to end (the control case), without Authorization at the file origin', async () => {
    const result = await publishAndRun({ version: '2.0.0', data: NEW });
    expect(result.outcome.kind).toBe('restart-pending');
    expect(result.installer.installs).toEqual(['2.0.0']);
    expect(sha256Hex(await readFile(target))).toBe(sha256Hex(NEW));
    expect(new URL(result.info.url).origin).not.toBe(client.origin);
    const requests = requestsFor(result.published.fileId);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.authorization).toBeUndefined();
    expect(JSON.stringify(requests[0]!.headers)).not.toContain(accessKey);
  });

  it('refuses a tampered file (the origin serves other bytes than the checksum names)', async () => {
    const tampered = Buffer.from(NEW);
    tampered[100] ^= 0x01;
    await expectRefused(await publishAndRun({ version: '2.0.0', data: NEW, servedData: tampered }), 'checksum-mismatch', /does not match the expected sha256 checksum/);
  });

  it('refuses a 0-byte file whose checksum matches, before fetching it (Get File says size 0)', async () => {
    const result = await publishAndRun({ version: '2.0.0', data: Buffer.alloc(0) });
    await expectRefused(result, 'too-small', /0 bytes; an installable package has at least 1024/);
    expect(requestsFor(result.published.fileId)).toHaveLength(0);
  });

  it('refuses an empty download whose checksum matches when no size was declared', async () => {
    const published = hub.control.publishFirmware({ version: '2.0.0', data: Buffer.alloc(0) });
    const info = await client.getFile(published.fileId);
    const installer = createFakeInstaller(target);
    const store = createRecordStore();
    const deps = makeDeps({ stagingDir: staging, appVersion: '1.0.0', hubOrigin: client.origin, store, installer });
    const { size: _size, ...undeclared } = toFirmwareFile(info);
    expect(undeclared.checksum).toBe(`sha256:${sha256Hex(Buffer.alloc(0))}`);
    const outcome = await createFirmwareUpdater(deps).run({ source: { kind: 'command', commandId: 'cmd-sim' }, file: undeclared });
    expect(outcome).toMatchObject({ kind: 'failed', code: 'too-small' });
    expect(installer.installs).toEqual([]);
    expect(await listDir(staging)).toEqual([]);
  });

  it('refuses a signature that does not verify', async () => {
    const bogus = randomBytes(256).toString('base64');
    await expectRefused(await publishAndRun({ version: '2.0.0', data: NEW, signature: bogus }, { policy: { publicKeyPem: keys.publicKeyPem } }), 'signature-invalid', /does not verify/);
  });

  it('refuses a file signed by another key, even though its checksum is right', async () => {
    const result = await publishAndRun({ version: '2.0.0', data: NEW, signature: otherKeys.sign(NEW) }, { policy: { publicKeyPem: keys.publicKeyPem } });
    await expectRefused(result, 'signature-invalid', /partner public key/);
  });

  it('refuses a downgrade before fetching a byte', async () => {
    const result = await publishAndRun({ version: '0.9.0', data: payload('0.9.0') });
    await expectRefused(result, 'downgrade-refused', /0\.9\.0 is not newer than the running 1\.0\.0/);
    expect(requestsFor(result.published.fileId)).toEqual([]);
  });

  it('refuses a file with no checksum (and no signature) before fetching a byte', async () => {
    const result = await publishAndRun({ version: '2.0.0', data: NEW, checksum: null });
    expect(result.info.checksum).toBeUndefined();
    await expectRefused(result, 'unverified-refused', /neither checksum nor signature/);
    expect(requestsFor(result.published.fileId)).toEqual([]);
  });

  it('refuses path traversal in the published file name before fetching a byte', async () => {
    const result = await publishAndRun({ version: '2.0.0', data: NEW, name: '../../etc/cron.d/evil' });
    expect(result.info.name).toBe('../../etc/cron.d/evil');
    await expectRefused(result, 'bad-file-name', /path or hidden-file/);
    expect(requestsFor(result.published.fileId)).toEqual([]);
  });

  it('stops an endless body at the size Get File declared', async () => {
    hub.control.injectFault({ route: 'download', endless: true, times: 1 });
    const result = await publishAndRun({ version: '2.0.0', data: NEW });
    await expectRefused(result, 'size-exceeded', new RegExp(`passed ${NEW.length} bytes`));
  });

  it('gives up on a trickle once no byte arrived for the idle timeout', async () => {
    // the simulator sends one byte per 100 ms at its slowest: an idle timeout below that gap trips
    hub.control.injectFault({ route: 'download', slowDripBytesPerSec: 1, times: 1 });
    const result = await publishAndRun({ version: '2.0.0', data: NEW }, { policy: { idleTimeoutMs: 40 } });
    await expectRefused(result, 'idle-timeout', /no (data|response) from the download server for 40 ms/);
  });

  describe('redirects', () => {
    let other: FileServer;
    beforeAll(async () => {
      other = await startFileServer('127.0.0.1'); // another origin: same loopback IP as the hub, another port
    });
    afterAll(() => other.close());

    it('follows a redirect to another host without Authorization there, and refuses its bytes', async () => {
      other.route('/elsewhere/fw.bin', { data: payload('6.6.6') });
      hub.control.injectFault({ route: 'download', redirectTo: other.url('/elsewhere/fw.bin'), times: 1 });
      const result = await publishAndRun({ version: '2.0.0', data: NEW });
      await expectRefused(result, 'checksum-mismatch', /expected/);
      expect(requestsFor(result.published.fileId)).toHaveLength(1);
      const there = other.requests.filter((r) => r.path === '/elsewhere/fw.bin');
      expect(there).toHaveLength(1);
      expect(there[0]!.headers.authorization).toBeUndefined();
      expect(JSON.stringify(there[0]!.headers)).not.toContain(accessKey);
      expect(other.origin).not.toBe(client.origin);
    });

    it('refuses a redirect loop after 3 hops', async () => {
      const published = hub.control.publishFirmware({ version: '2.0.0', data: NEW });
      hub.control.injectFault({ route: 'download', redirectTo: published.url, times: 10 });
      const info = await client.getFile(published.fileId);
      const store = createRecordStore();
      const installer = createFakeInstaller(target);
      const updater = createFirmwareUpdater({ ...makeDeps({ stagingDir: staging, appVersion: '1.0.0', hubOrigin: client.origin, store, installer }), accessKey: () => accessKey });
      const outcome = await updater.run({ source: { kind: 'command', commandId: 'cmd-sim' }, file: toFirmwareFile(info) });
      expect(outcome).toMatchObject({ kind: 'failed', code: 'redirect-refused' });
      expect(requestsFor(published.fileId)).toHaveLength(4);
      expect(installer.installs).toEqual([]);
      expect(await listDir(staging)).toEqual([]);
    });
  });

  it('resumes a download cut at 50 % with a Range request for the rest only', async () => {
    hub.control.injectFault({ route: 'download', cutAfterBytes: NEW.length / 2, times: 1 });
    const store = createRecordStore();
    // one attempt per run: this is the resume across runs (the process died mid-download)
    const first = await publishAndRun({ version: '2.0.0', data: NEW }, { store, policy: { downloadAttempts: 1 } });
    expect(first.outcome).toMatchObject({ kind: 'failed', code: 'interrupted' });
    expect(first.installer.installs).toEqual([]);
    const part = await listDir(staging);
    expect(part).toEqual([`${first.info.name}.part`]);
    const kept = (await readFile(join(staging, part[0]!))).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(NEW.length / 2);

    const second = await first.run();
    expect(second.kind).toBe('restart-pending');
    const requests = requestsFor(first.published.fileId);
    expect(requests.map((r) => r.headers.range)).toEqual([undefined, `bytes=${kept}-`]);
    expect(requests.map((r) => r.status)).toEqual([200, 206]);
    expect(requests.every((r) => r.authorization === undefined)).toBe(true);
    expect(first.installer.installs).toEqual(['2.0.0']);
    expect(sha256Hex(await readFile(target))).toBe(sha256Hex(NEW));
    expect(await listDir(staging)).toEqual([]);
  });
});
