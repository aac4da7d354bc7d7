// Config sync against the hub simulator over loopback: both Get Config shapes, the ack through the
// Update Device coalescer, and refusal of an invalid config.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConfigSync } from '../../../app/core/config/config-sync';
import { createDeviceUpdater } from '../../../app/core/config/device-updates';
import { systemClock } from '../../../app/core/deps';
import { silentLogger } from '../../../app/core/log/logger';
import type { ConfigEvent } from '../../../app/ipc/schemas';
import { createMemoryStateStore } from '../support/memory-state-store';
import { startSimDevice, type SimDevice } from './sim-device';

let device: SimDevice;
beforeEach(async () => {
  device = await startSimDevice();
});
afterEach(() => device.close());

describe('config sync against the simulator', () => {
  it.each(['1.0.7', '1.0.4'])('applies and acks a portal edit (model API %s)', async (apiVersion) => {
    device.sim.control.setModelApiVersion(apiVersion);
    const version = device.sim.control.setConfig(device.deviceId, { telemetry: { interval_sec: 15 }, display: { title: 'Lobby' } });
    const state = createMemoryStateStore();
    const updater = createDeviceUpdater({ hub: device.hub, clock: systemClock, logger: silentLogger });
    const events: ConfigEvent[] = [];
    const sync = createConfigSync({ hub: device.hub, state, logger: silentLogger, emit: (e) => events.push(e), updater });

    const result = await sync.sync(version);
    await updater.flush();

    expect(result).toMatchObject({ kind: 'applied', version, changed: ['display', 'telemetry'] });
    expect(state.get().config).toEqual({ telemetry: { interval_sec: 15 }, display: { title: 'Lobby' } });
    expect(device.sim.control.device(device.deviceId)?.acked_config_version).toBe(version);
  });

  it('refuses an invalid portal edit: no ack, the previous config stays', async () => {
    const good = device.sim.control.setConfig(device.deviceId, { telemetry: { interval_sec: 15 } });
    const state = createMemoryStateStore();
    const updater = createDeviceUpdater({ hub: device.hub, clock: systemClock, logger: silentLogger, minSpacingMs: 0 });
    const sync = createConfigSync({ hub: device.hub, state, logger: silentLogger, emit: () => {}, updater });
    await sync.sync(good);
    await updater.flush();

    const bad = device.sim.control.setConfig(device.deviceId, { telemetry: { interval_sec: 1 } });
    const result = await sync.sync(bad);
    await updater.flush();

    expect(result).toEqual({ kind: 'refused', version: bad, message: `config version ${bad} refused: telemetry.interval_sec: must be ≥ 5` });
    expect(state.get().configVersion).toBe(good);
    expect(device.sim.control.device(device.deviceId)?.acked_config_version).toBe(good);
    const updates = device.sim.control.requestLog(device.deviceId).filter((r) => r.route === 'updateDevice');
    expect(updates).toHaveLength(1);
  });
});
