// restart → confirm → commit, and the two ways out: rollback after too many unconfirmed starts,
// and "the install did not take". Each start is a fresh updater over the persisted record.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFirmwareUpdater, MAX_UNCONFIRMED_STARTS } from '../../../app/core/firmware';
import type { Installer } from '../../../app/core/firmware/installers/types';
import type { UpgradeRecord } from '../../../app/core/firmware/record';
import { createFakeInstaller, createRecordStore, makeDeps, makeTempDir, payload, versionOf } from './helpers/harness';

let tmp: { path: string; cleanup: () => Promise<void> };
let target: string;
const OLD = payload('1.0.0');
const NEW = payload('2.0.0');

beforeEach(async () => {
  tmp = await makeTempDir();
  target = join(tmp.path, 'app.bin');
  await writeFile(target, NEW);
  await writeFile(`${target}.last-good`, OLD);
});
afterEach(() => tmp.cleanup());

const handedOver = (step: UpgradeRecord['step'] = 'restart'): UpgradeRecord => ({
  step,
  fromVersion: '1.0.0',
  toVersion: '2.0.0',
  source: { kind: 'command', commandId: 'cmd-42' },
  unconfirmedStarts: 0,
  startedAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
});

async function boot(store: ReturnType<typeof createRecordStore>, installer: Installer = createFakeInstaller(target)) {
  const appVersion = versionOf(await readFile(target));
  return createFirmwareUpdater(makeDeps({ stagingDir: tmp.path, appVersion, hubOrigin: 'http://127.0.0.1:9', store, installer }));
}

describe('firmware lifecycle at start', () => {
  it('confirms a healthy new version, reports once, then says none', async () => {
    const store = createRecordStore(handedOver());
    const updater = await boot(store);
    expect(await updater.onStart()).toMatchObject({ kind: 'confirming', record: { step: 'confirm', unconfirmedStarts: 1 } });
    const { committed } = (await updater.confirmHealthy())!;
    expect(committed).toMatchObject({ step: 'commit', toVersion: '2.0.0', reported: false });
    const next = await boot(store); // killed before reporting: the next start still knows
    expect(await next.onStart()).toMatchObject({ kind: 'committed', commandId: 'cmd-42' });
    expect(next.markReported()).toMatchObject({ step: 'commit', reported: true });
    expect(await (await boot(store)).onStart()).toEqual({ kind: 'none' });
  });

  it(`rolls back after ${MAX_UNCONFIRMED_STARTS} unconfirmed starts and never offers that version again`, async () => {
    const store = createRecordStore(handedOver());
    const installer = createFakeInstaller(target);
    for (let start = 1; start <= MAX_UNCONFIRMED_STARTS; start++) {
      expect(await (await boot(store, installer)).onStart()).toMatchObject({ kind: 'confirming', record: { unconfirmedStarts: start } });
    }
    const verdict = await (await boot(store, installer)).onStart();
    expect(verdict).toMatchObject({
      kind: 'rolled-back',
      code: 'confirm-timeout',
      failedVersion: '2.0.0',
      restartRequired: true,
      commandId: 'cmd-42',
      record: { step: 'failed', failedVersion: '2.0.0', reported: false },
    });
    expect(installer.rollbacks).toBe(1);
    expect(versionOf(await readFile(target))).toBe('1.0.0');
    // the restarted old version still has the outcome to report, once
    const old = await boot(store, installer);
    expect(await old.onStart()).toMatchObject({ kind: 'failed', code: 'confirm-timeout', failedVersion: '2.0.0', commandId: 'cmd-42' });
    old.markReported();
    expect(await (await boot(store, installer)).onStart()).toEqual({ kind: 'none' });
  });

  it('fails with install-did-not-take when the old version is still running after the restart', async () => {
    await writeFile(target, OLD);
    const store = createRecordStore(handedOver('confirm'));
    expect(await (await boot(store)).onStart()).toMatchObject({ kind: 'failed', code: 'install-did-not-take', failedVersion: '2.0.0', reason: expect.stringMatching(/1\.0\.0 is still running/) });
  });

  it('explains a version that did not take with the installer\'s own report, and survives one that throws', async () => {
    await writeFile(target, OLD);
    const reporting = { ...createFakeInstaller(target), lastReport: async () => 'update service rollback ok: rolled back from 2.0.0 to 1.0.0' };
    expect(await (await boot(createRecordStore(handedOver('confirm')), reporting)).onStart()).toMatchObject({
      kind: 'failed',
      code: 'install-did-not-take',
      reason: 'version 2.0.0 did not start: 1.0.0 is still running (update service rollback ok: rolled back from 2.0.0 to 1.0.0)',
    });
    const broken = { ...createFakeInstaller(target), lastReport: () => Promise.reject(new Error('EACCES')) };
    expect(await (await boot(createRecordStore(handedOver('confirm')), broken)).onStart()).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/\(the install did not take, or the launcher restored the previous version\)$/) });
  });

  it('treats a start during install with the old version as resume, with the new one as confirming', async () => {
    await writeFile(target, OLD);
    expect(await (await boot(createRecordStore(handedOver('install')))).onStart()).toMatchObject({ kind: 'resume' });
    await writeFile(target, NEW);
    expect(await (await boot(createRecordStore(handedOver('install')))).onStart()).toMatchObject({ kind: 'confirming' });
  });

  it('fails when neither the old nor the new version is running', async () => {
    await writeFile(target, payload('3.1.0'));
    expect(await (await boot(createRecordStore(handedOver()))).onStart()).toMatchObject({ kind: 'failed', code: 'install-did-not-take', reason: expect.stringMatching(/neither/) });
  });

  it('reports rollback-failed when the previous version cannot be restored', async () => {
    const stuck: Installer = { kind: 'stuck', install: async () => ({ kind: 'restart-required' }), rollback: () => Promise.reject(new Error('no last-good copy')) };
    const store = createRecordStore({ ...handedOver('confirm'), unconfirmedStarts: MAX_UNCONFIRMED_STARTS });
    expect(await (await boot(store, stuck)).onStart()).toMatchObject({ kind: 'failed', code: 'rollback-failed', failedVersion: '2.0.0', reason: expect.stringMatching(/no last-good copy/) });
  });

  it('confirmHealthy does nothing without a confirming record or on the wrong version', async () => {
    expect(await (await boot(createRecordStore())).confirmHealthy()).toBeNull();
    expect(await (await boot(createRecordStore(handedOver('restart')))).confirmHealthy()).toBeNull(); // onStart not run yet
    await writeFile(target, OLD);
    expect(await (await boot(createRecordStore(handedOver('confirm')))).confirmHealthy()).toBeNull();
  });

  it('resumes an upgrade killed during download', async () => {
    expect(await (await boot(createRecordStore(handedOver('download')))).onStart()).toMatchObject({ kind: 'resume', record: { step: 'download' } });
  });
});
