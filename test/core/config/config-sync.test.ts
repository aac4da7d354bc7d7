import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConfigSync, pullConfig, syncConfig, type ConfigSyncDeps } from '../../../app/core/config/config-sync';
import { createDeviceUpdater } from '../../../app/core/config/device-updates';
import type { DeviceConfig } from '../../../app/core/config/device-config';
import type { ConfigEvent } from '../../../app/ipc/schemas';
import { silentLogger } from '../../../app/core/log/logger';
import { openDeviceStateStore, type DeviceStateStore } from '../../../app/core/state/device-state-store';
import { createFakeHubClient, type FakeHubClient } from '../support/fake-hub-client';

let dir: string;
let state: DeviceStateStore;
let hub: FakeHubClient;
let events: ConfigEvent[];
let applied: DeviceConfig[];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-sync-'));
  state = openDeviceStateStore({ dir, logger: silentLogger });
  hub = createFakeHubClient();
  events = [];
  applied = [];
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function deps(extra: Partial<ConfigSyncDeps> = {}): ConfigSyncDeps {
  return { hub, state, logger: silentLogger, emit: (e) => events.push(e), onApplied: (c) => applied.push(c), ...extra };
}

describe('syncConfig', () => {
  it('does nothing when the server version is not newer', async () => {
    state.update({ configVersion: 4 });
    expect(await syncConfig(deps(), 4)).toEqual({ kind: 'unchanged', version: 4 });
    expect(hub.calls).toEqual([]);
  });

  it('fetches, applies, persists and acks a newer valid config', async () => {
    hub.config = { version: 5, config: { telemetry: { interval_sec: 10 }, display: { title: 'Lobby' }, brightness: 80 } };
    const updater = createDeviceUpdater({ hub, clock: { now: () => 0, sleep: async () => {} }, logger: silentLogger, minSpacingMs: 0 });
    const result = await syncConfig(deps({ updater }), 5);

    expect(result).toMatchObject({ kind: 'applied', version: 5, changed: ['display', 'telemetry'], unknownKeys: ['brightness'] });
    expect(applied.map((c) => c.telemetry.interval_sec)).toEqual([10]);
    expect(events).toEqual([{ outcome: 'applied', version: 5, changed: ['display', 'telemetry'] }]);
    // Persisted on disk: a restarted process sees the same version and config.
    const reopened = openDeviceStateStore({ dir, logger: silentLogger }).get();
    expect(reopened.configVersion).toBe(5);
    expect(reopened.config).toEqual(hub.config.config);
    // The ack goes through the coalescer as the documented string.
    expect(updater.pending()).toEqual({ config_version: '5' });
    await updater.flush();
    expect(hub.deviceUpdates).toEqual([{ config_version: '5' }]);
  });

  it('refuses an invalid config: nothing applied, persisted or acked, and the message names the path', async () => {
    hub.config = { version: 2, config: { telemetry: { interval_sec: 10 } } };
    await syncConfig(deps(), 2);
    hub.config = { version: 3, config: { telemetry: { interval_sec: 500 } } };
    const writes = state.writeCount();

    const result = await syncConfig(deps(), 3);

    expect(result).toEqual({ kind: 'refused', version: 3, message: 'config version 3 refused: telemetry.interval_sec: must be ≤ 120' });
    expect(state.writeCount()).toBe(writes);
    expect(state.get().configVersion).toBe(2);
    expect(state.get().config).toEqual({ telemetry: { interval_sec: 10 } });
    expect(applied).toHaveLength(1);
    expect(hub.deviceUpdates).toEqual([{ config_version: '2' }]);
    expect(events.at(-1)).toEqual({ outcome: 'refused', version: 3, changed: [], message: result.kind === 'refused' ? result.message : '' });
  });

  it('refuses a config the app cannot apply', async () => {
    hub.config = { version: 1, config: {} };
    const result = await syncConfig(deps({ onApplied: () => { throw new Error('theme engine down'); } }), 1);
    expect(result).toMatchObject({ kind: 'refused', message: 'config version 1 could not be applied: theme engine down' });
    expect(state.get().configVersion).toBe(0);
  });

  it('acks directly (best effort) when no coalescer is given', async () => {
    hub.config = { version: 1, config: {} };
    await syncConfig(deps(), 1);
    expect(hub.deviceUpdates).toEqual([{ config_version: '1' }]);
  });
});

describe('createConfigSync', () => {
  it('does not refetch a refused version every tick, but keeps reporting it', async () => {
    hub.config = { version: 3, config: { upgrade: { policy: 'always' } } };
    const sync = createConfigSync(deps());
    const first = await sync.sync(3);
    const second = await sync.sync(3);
    expect(first.kind).toBe('refused');
    expect(second).toEqual(first);
    expect(hub.calls.filter((c) => c === 'getConfig')).toHaveLength(1);
    expect(events).toHaveLength(1);
    expect(sync.refusal()?.version).toBe(3);

    hub.config = { version: 4, config: { upgrade: { policy: 'auto' } } };
    expect((await sync.sync(4)).kind).toBe('applied');
    expect(sync.refusal()).toBeNull();
  });
});

describe('pullConfig', () => {
  it('applies whatever version the hub holds when it differs, even a lower one', async () => {
    state.update({ configVersion: 9, config: { display: { theme: 'light' } } });
    hub.config = { version: 2, config: { display: { theme: 'dark' } } };
    expect(await pullConfig(deps())).toMatchObject({ kind: 'applied', version: 2, changed: ['display'] });
    expect(state.get().configVersion).toBe(2);
    expect(await pullConfig(deps())).toEqual({ kind: 'unchanged', version: 2 });
  });
});
