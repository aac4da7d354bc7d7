import { describe, expect, it } from 'vitest';
import { createDeviceUpdater } from '../../../app/core/config/device-updates';
import type { Clock } from '../../../app/core/deps';
import { HubError } from '../../../app/core/hub/types';
import { silentLogger } from '../../../app/core/log/logger';
import { createFakeHubClient, rateLimitedError, transientError } from '../support/fake-hub-client';

function fakeClock(start = Date.UTC(2024, 0, 1)): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => now, sleep: async () => {}, advance: (ms) => (now += ms) };
}

function setup(options: { minSpacingMs?: number } = {}) {
  const hub = createFakeHubClient();
  const clock = fakeClock();
  const updater = createDeviceUpdater({ hub, clock, logger: silentLogger, minSpacingMs: options.minSpacingMs ?? 0 });
  return { hub, clock, updater };
}

describe('createDeviceUpdater', () => {
  it('merges queued fields into one call and sends nothing when nothing is pending', async () => {
    const { hub, updater } = setup();
    await updater.flush();
    expect(hub.calls).toEqual([]);
    updater.queue({ config_version: '3' });
    updater.queue({ firmware_version: '1.2.0', config_version: '4' });
    await updater.flush();
    expect(hub.deviceUpdates).toEqual([{ config_version: '4', firmware_version: '1.2.0' }]);
    expect(updater.pending()).toEqual({});
  });

  it('drops fields equal to the last accepted values (send only on change)', async () => {
    const { hub, updater } = setup();
    updater.queue({ firmware_version: '1.2.0', details: { os: 'linux' } });
    await updater.flush();
    updater.queue({ firmware_version: '1.2.0', details: { os: 'linux' } });
    expect(updater.pending()).toEqual({});
    await updater.flush();
    updater.queue({ firmware_version: '1.3.0', details: { os: 'linux' } });
    await updater.flush();
    expect(hub.deviceUpdates).toEqual([{ firmware_version: '1.2.0', details: { os: 'linux' } }, { firmware_version: '1.3.0' }]);
  });

  it('allows at most 10 calls per rolling hour, then waits without blocking', async () => {
    const { hub, clock, updater } = setup();
    for (let i = 0; i < 12; i++) {
      updater.queue({ config_version: String(i) });
      await updater.flush();
      clock.advance(60_000);
    }
    expect(hub.deviceUpdates).toHaveLength(10);
    expect(updater.pending()).toEqual({ config_version: '11' });
    // The first call was at t0; one hour later a slot opens again.
    clock.advance(3_600_000 - 12 * 60_000);
    await updater.flush();
    expect(hub.deviceUpdates).toHaveLength(11);
    expect(hub.deviceUpdates.at(-1)).toEqual({ config_version: '11' });
  });

  it('spaces calls so a burst of changes becomes one call', async () => {
    const { hub, clock, updater } = setup({ minSpacingMs: 60_000 });
    updater.queue({ config_version: '1' });
    await updater.flush();
    updater.queue({ config_version: '2' });
    await updater.flush();
    updater.queue({ name: 'Lobby' });
    clock.advance(59_000);
    await updater.flush();
    expect(hub.deviceUpdates).toHaveLength(1);
    clock.advance(1_000);
    await updater.flush();
    expect(hub.deviceUpdates).toEqual([{ config_version: '1' }, { config_version: '2', name: 'Lobby' }]);
  });

  it('on 429 keeps the fields and waits max(30 s, Retry-After)', async () => {
    const { hub, clock, updater } = setup();
    hub.failNext('updateDevice', rateLimitedError(120_000));
    updater.queue({ config_version: '7' });
    await updater.flush();
    expect(updater.pending()).toEqual({ config_version: '7' });
    expect(updater.nextAllowedAt()).toBe(clock.now() + 120_000);
    clock.advance(119_000);
    await updater.flush();
    expect(hub.deviceUpdates).toEqual([]);
    clock.advance(1_000);
    await updater.flush();
    expect(hub.deviceUpdates).toEqual([{ config_version: '7' }]);
  });

  it('on 429 without Retry-After waits at least 30 s', async () => {
    const { hub, clock, updater } = setup();
    hub.failNext('updateDevice', rateLimitedError(2_000));
    updater.queue({ config_version: '7' });
    await updater.flush();
    expect(updater.nextAllowedAt()).toBe(clock.now() + 30_000);
  });

  it('retries transient failures later and drops values the hub rejects for good', async () => {
    const { hub, clock, updater } = setup();
    hub.failNext('updateDevice', transientError('updateDevice'));
    updater.queue({ config_version: '2' });
    await updater.flush();
    expect(updater.pending()).toEqual({ config_version: '2' });
    clock.advance(30_000);
    hub.failNext('updateDevice', new HubError('rejected', 'updateDevice', 'unknown field', { status: 400 }));
    await updater.flush();
    expect(updater.pending()).toEqual({});
    expect(hub.deviceUpdates).toEqual([]);
  });

  it('rethrows 401 so the agent can re-register', async () => {
    const { hub, updater } = setup();
    hub.failNext('updateDevice', new HubError('unauthorized', 'updateDevice', 'not authorized', { status: 401 }));
    updater.queue({ config_version: '2' });
    await expect(updater.flush()).rejects.toMatchObject({ kind: 'unauthorized' });
    updater.reset();
    expect(updater.pending()).toEqual({});
  });

  it('keeps a value queued while a call was in flight', async () => {
    const { hub, updater } = setup();
    let release!: () => void;
    hub.updateDevice = async (fields) => {
      await new Promise<void>((resolve) => (release = resolve));
      hub.deviceUpdates.push(fields);
    };
    updater.queue({ config_version: '1' });
    const flushing = updater.flush();
    updater.queue({ config_version: '2' });
    release();
    await flushing;
    expect(updater.pending()).toEqual({ config_version: '2' });
  });
});
