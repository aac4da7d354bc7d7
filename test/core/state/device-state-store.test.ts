import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  defaultDeviceState,
  deviceStateConfOptions,
  openDeviceStateStore,
} from '../../../app/core/state/device-state-store';
import { CLOUD_SCOPED_FIELDS, type DeviceState } from '../../../app/core/state/schema';
import type { UpgradeRecord } from '../../../app/core/firmware/record';
import { fileMode, makeTempDir, recordingLogger, recordsAt, removeDir } from './helpers';

let dir: string;
let file: string;
beforeEach(() => {
  dir = makeTempDir();
  file = path.join(dir, 'device-state.json');
});
afterEach(() => removeDir(dir));

const open = (logger = recordingLogger()) => ({ logger, store: openDeviceStateStore({ dir, logger, now: () => Date.UTC(2025, 0, 2, 3, 4, 5) }) });

const upgrade: UpgradeRecord = {
  step: 'download',
  fromVersion: '1.0.0',
  toVersion: '1.1.0',
  source: { kind: 'notice', fileId: 'f1' },
  unconfirmedStarts: 0,
  startedAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

describe('device state store', () => {
  it('starts from defaults in an empty dir without writing anything', () => {
    const { store } = open();
    expect(store.get()).toEqual(defaultDeviceState());
    expect(store.get().latestVer).toBeUndefined();
    expect(store.get().schemaVersion).toBe(1);
    expect(store.writeCount()).toBe(0);
    expect(store.openedFrom).toBe('fresh');
  });

  it('persists updates through conf, and they survive a reopen', () => {
    const { store } = open();
    store.update({ configVersion: 3, config: { telemetryPeriodSec: 30 }, latestVer: '1.0.0' });
    store.update((s) => ({ failedVersions: [...s.failedVersions, '0.9.0'] }));
    const reopened = open().store;
    expect(reopened.get()).toMatchObject({ configVersion: 3, config: { telemetryPeriodSec: 30 }, latestVer: '1.0.0', failedVersions: ['0.9.0'] });
    expect(reopened.openedFrom).toBe('main');
    // it is conf's file, readable by a conf instance built with the shared options
    const conf = new Conf<Record<string, unknown>>(deviceStateConfOptions(dir));
    expect(conf.path).toBe(file);
    expect(conf.store).toMatchObject({ schemaVersion: 1, configVersion: 3 });
    expect(fileMode(file)).toBe(0o600);
    expect(fileMode(`${file}.bak`)).toBe(0o600);
  });

  it('drops an over-long latestVer persisted by an older build, with a warning, on open', () => {
    open().store.update({ latestVer: `1.1.0-${'a'.repeat(70)}`, configVersion: 2 });
    const { store, logger } = open();
    expect(store.get().latestVer).toBeUndefined();
    expect(store.get().configVersion).toBe(2);
    expect(recordsAt(logger, 'warn').some((r) => r.message.includes('stored latestVer dropped'))).toBe(true);
    expect(open().store.get().latestVer).toBeUndefined();
  });

  it('reachedHub: absent in an older file reads as false; a junk value reads as false with a warning, the rest kept', () => {
    fs.writeFileSync(file, JSON.stringify({ schemaVersion: 1, configVersion: 4 }));
    expect(open().store.get()).toMatchObject({ reachedHub: false, configVersion: 4 });
    fs.writeFileSync(file, JSON.stringify({ schemaVersion: 1, configVersion: 5, reachedHub: 'yes' }));
    fs.rmSync(`${file}.bak`, { force: true });
    const { store, logger } = open();
    expect(store.get()).toMatchObject({ reachedHub: false, configVersion: 5 });
    expect(store.openedFrom).toBe('main');
    expect(recordsAt(logger, 'warn').some((r) => r.message.includes('reachedHub is not a boolean'))).toBe(true);
    store.update({ reachedHub: true });
    expect(open().store.get().reachedHub).toBe(true);
  });

  it('writes only when the state really changes', () => {
    const { store } = open();
    store.update({ configVersion: 1, space: { maintenance: false, name: 'Lobby' } });
    expect(store.writeCount()).toBe(1);
    const mtime = fs.statSync(file).mtimeMs;
    for (let tick = 0; tick < 50; tick++) {
      store.update({ configVersion: 1, space: { name: 'Lobby', maintenance: false } });
      store.update((s) => ({ licenses: [...s.licenses] }));
      store.update({ latestVer: undefined });
    }
    expect(store.writeCount()).toBe(1);
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
    store.update({ configVersion: 2 });
    expect(store.writeCount()).toBe(2);
  });

  it('removes an optional field set to undefined', () => {
    const { store } = open();
    store.update({ latestVer: '1.0.0' });
    store.update({ latestVer: undefined });
    expect(open().store.get()).not.toHaveProperty('latestVer');
  });

  it('wipeCloudScoped clears the cloud-scoped fields and keeps latestVer, upgrade and failedVersions', () => {
    const { store } = open();
    store.update({
      configVersion: 7,
      config: { a: 1 },
      spaceDataVersion: 2,
      space: { maintenance: true, name: 'Lobby' },
      infoVersion: 4,
      info: { name: 'Kiosk 1' },
      licenses: [{ id: 'l1', data: 'x', expiresAt: null, addedAt: '2025-01-01T00:00:00.000Z' }],
      inflightCommand: { id: 'c1', name: 'reboot', parameters: {}, startedAt: '2025-01-01T00:00:00.000Z', phase: 'executing' },
      openIncidents: [{ id: 'i1', issue: 'disk' }],
      reportedFirmwareVersion: '1.0.0',
      latestVer: '1.2.0',
      upgrade,
      failedVersions: ['1.1.0'],
    });
    store.wipeCloudScoped();
    const after = open().store.get();
    const defaults = defaultDeviceState();
    for (const field of CLOUD_SCOPED_FIELDS) expect(after[field]).toEqual(defaults[field]);
    expect(after).toMatchObject({ latestVer: '1.2.0', upgrade, failedVersions: ['1.1.0'] });
  });

  it('rejects an invalid update with a clear error and loses nothing', () => {
    const { store } = open();
    store.update({ configVersion: 2 });
    expect(() => store.update({ configVersion: -1 })).toThrow(/invalid device state update: configVersion/);
    expect(store.get().configVersion).toBe(2);
    expect(open().store.get().configVersion).toBe(2);
  });

  it('hands out a frozen state, so nobody changes it behind the store', () => {
    const { store } = open();
    store.update({ failedVersions: ['1.0.0'] });
    expect(() => (store.get().failedVersions as string[]).push('x')).toThrow(TypeError);
    expect(() => store.update((s) => ({ failedVersions: [...s.failedVersions, '1.0.1'] }))).not.toThrow();
  });

  const damages: Array<[string, (f: string) => void]> = [
    ['empty', (f) => fs.writeFileSync(f, '')],
    ['truncated', (f) => fs.truncateSync(f, 25)],
    ['failing the schema', (f) => fs.writeFileSync(f, JSON.stringify({ schemaVersion: 1, configVersion: 'seven' }))],
    ['not an object', (f) => fs.writeFileSync(f, '[1,2]')],
  ];
  it.each(damages)('restores a conf file that is %s from the last-good backup, with a warning', (_name, damage) => {
    const { store } = open();
    store.update({ configVersion: 5, latestVer: '1.0.0', upgrade });
    damage(file);

    const { store: reopened, logger } = open();
    expect(reopened.openedFrom).toBe('backup');
    expect(reopened.get()).toMatchObject({ configVersion: 5, latestVer: '1.0.0', upgrade });
    const [warning] = recordsAt(logger, 'warn');
    expect(warning?.fields).toMatchObject({ file, backup: `${file}.bak` });
    expect(String(warning?.fields?.problem)).not.toBe('');
    expect(open().store.openedFrom).toBe('main'); // the main file was repaired on disk
  });

  it('with no good copy at all: starts from defaults, logs an error and keeps the corrupt file aside', () => {
    const { store } = open();
    store.update({ configVersion: 5 });
    fs.writeFileSync(file, '{"configVersion": 5, "con');
    fs.writeFileSync(`${file}.bak`, '');

    const { store: reopened, logger } = open();
    expect(reopened.openedFrom).toBe('defaults-after-corruption');
    expect(reopened.get()).toEqual(defaultDeviceState());
    expect(recordsAt(logger, 'error')).toHaveLength(1);
    const kept = path.join(dir, 'device-state.corrupt-2025-01-02T03-04-05-000Z.json');
    expect(fs.readFileSync(kept, 'utf8')).toBe('{"configVersion": 5, "con');
    expect(recordsAt(logger, 'error')[0]?.fields?.keptAs).toContain(kept);
    reopened.update({ configVersion: 1 });
    expect(open().store.get().configVersion).toBe(1);
  });

  it('removes stale atomic-write temp files and refreshes a missing backup on open', () => {
    const { store } = open();
    store.update({ configVersion: 5 });
    fs.unlinkSync(`${file}.bak`);
    fs.writeFileSync(`${file}.tmp-17000000001a2b3c`, '{"configV');
    fs.writeFileSync(`${file}.bak.tmp`, '{');
    const { logger } = open();
    expect(fs.readdirSync(dir).sort()).toEqual(['device-state.json', 'device-state.json.bak']);
    expect(JSON.parse(fs.readFileSync(`${file}.bak`, 'utf8')).configVersion).toBe(5);
    expect(recordsAt(logger, 'warn')).toHaveLength(0);
  });

  it('accepts a conf instance built elsewhere (as the Electron shell does with electron-store)', () => {
    const conf = new Conf<Record<string, unknown>>(deviceStateConfOptions(dir));
    const store = openDeviceStateStore({ dir, logger: recordingLogger(), conf });
    store.update({ infoVersion: 9 });
    expect(conf.store.infoVersion).toBe(9);
    const viaFactory = openDeviceStateStore({ dir, logger: recordingLogger(), createConf: (options) => new Conf(options) });
    expect(viaFactory.get().infoVersion).toBe(9);
  });

  it('refuses a conf instance that writes somewhere else', () => {
    const conf = new Conf<Record<string, unknown>>({ ...deviceStateConfOptions(dir), configName: 'other' });
    expect(() => openDeviceStateStore({ dir, logger: recordingLogger(), conf })).toThrow(/deviceStateConfOptions/);
  });

  it('migrates an older schemaVersion through the migration table', () => {
    fs.writeFileSync(file, JSON.stringify({ schemaVersion: 0, latest_ver: '0.9.0', configVersion: 2 }));
    const migrations = { 0: ({ latest_ver, ...rest }: Record<string, unknown>) => ({ ...rest, latestVer: latest_ver }) };
    const store = openDeviceStateStore({ dir, logger: recordingLogger(), migrations });
    expect(store.get()).toMatchObject({ schemaVersion: 1, latestVer: '0.9.0', configVersion: 2 });
  });

  it('treats a file with no migration path like corruption (restored from backup)', () => {
    open().store.update({ configVersion: 4 });
    fs.writeFileSync(file, JSON.stringify({ schemaVersion: 0, configVersion: 9 }));
    const { store, logger } = open();
    expect(store.get().configVersion).toBe(4);
    expect(String(recordsAt(logger, 'warn')[0]?.fields?.problem)).toMatch(/no migration from schema version 0/);
  });

  it('reads a file written by a newer version (after a rollback) instead of discarding it', () => {
    const state: Partial<DeviceState> & Record<string, unknown> = { schemaVersion: 1, upgrade, latestVer: '1.1.0', futureField: true };
    fs.writeFileSync(file, JSON.stringify({ ...state, schemaVersion: 2 }));
    const store = open().store;
    expect(store.get()).toMatchObject({ schemaVersion: 1, upgrade, latestVer: '1.1.0' });
    expect(store.get()).not.toHaveProperty('futureField');
  });
});
