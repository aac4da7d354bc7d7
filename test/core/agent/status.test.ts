import { describe, expect, it } from 'vitest';
import { createConfigView } from '../../../app/core/agent/config-view';
import { createEventBus } from '../../../app/core/agent/event-bus';
import { buildSnapshot, createStatusTracker, type StatusSources } from '../../../app/core/agent/status';
import { silentLogger } from '../../../app/core/log/logger';
import { statusSnapshotSchema, type KioskEvent } from '../../../app/ipc/contract';
import { createMemoryStateStore } from '../support/memory-state-store';

const identity = { deviceId: 'dev-1', accessKey: 'SECRET-ACCESS-KEY-123456', hubUrl: 'http://127.0.0.1:1', registeredAt: '2025-01-01T00:00:00Z' };

function setup(initial = {}) {
  const state = createMemoryStateStore(initial);
  const bus = createEventBus(silentLogger);
  const events: KioskEvent[] = [];
  bus.onEvent((e) => events.push(e));
  const sources: StatusSources = {
    appVersion: '1.0.0',
    now: () => Date.parse('2025-06-01T00:00:00Z'),
    state: () => state.get(),
    config: createConfigView(state),
    hardware: () => ({ hardwareKey: 'hk', sn: 'SN-1', cloudId: 'XKSKabcdefghijklmnopqrst' }),
    identity: () => identity,
    claimDomain: 'local.example',
    summarizeLicenses: (s) => ({ active: s.licenses.length, items: [] }),
  };
  const status = createStatusTracker(sources, bus);
  return { state, status, events, sources };
}

describe('status snapshot', () => {
  it('is valid against the contract, carries the claim URL while unclaimed, and no secret', () => {
    const { status } = setup();
    const snapshot = status.snapshot();
    expect(statusSnapshotSchema.parse(snapshot)).toEqual(snapshot);
    expect(snapshot.claim).toEqual({ claimed: false, claimUrl: 'https://local.example/c/XKSKabcdefghijklmnopqrst' });
    expect(snapshot.device).toEqual({ deviceId: 'dev-1', cloudId: 'XKSKabcdefghijklmnopqrst', sn: 'SN-1' });
    expect(JSON.stringify(snapshot)).not.toContain(identity.accessKey);
  });

  it('the cloud config claim domain, title and theme win', () => {
    const { status } = setup({ config: { claim: { domain: 'cloud.example' }, display: { title: 'Hall', theme: 'light' } } });
    expect(status.snapshot().claim.claimUrl).toBe('https://cloud.example/c/XKSKabcdefghijklmnopqrst');
    expect(status.snapshot().display).toEqual({ title: 'Hall', theme: 'light', promptTimeoutSec: 60 });
  });

  it('carries the dialog timeout from the cloud config', () => {
    const { status } = setup({ config: { upgrade: { prompt_timeout_sec: 15 } } });
    expect(status.snapshot().display.promptTimeoutSec).toBe(15);
  });

  it('after an in-place install the card shows the installed version; otherwise the running one', () => {
    const record = { fromVersion: '1.0.0', toVersion: '1.1.0', source: { kind: 'notice', fileId: 'f' }, unconfirmedStarts: 0, startedAt: 'x', updatedAt: 'x' };
    expect(setup({ upgrade: { ...record, step: 'commit' } }).status.snapshot().versions.app).toBe('1.1.0');
    expect(setup({ upgrade: { ...record, step: 'restart' } }).status.snapshot().versions.app).toBe('1.0.0');
    expect(setup({ upgrade: { ...record, step: 'failed' } }).status.snapshot().versions.app).toBe('1.0.0');
    // A committed upgrade from another version (a restart into 1.0.0 already happened) changes nothing.
    expect(setup({ upgrade: { ...record, fromVersion: '0.9.0', toVersion: '1.0.0', step: 'commit' } }).status.snapshot().versions.app).toBe('1.0.0');
  });

  it('publishes only when something changed', () => {
    const { status, events, state } = setup();
    status.setConnection({ state: 'online' });
    status.setConnection({ state: 'online' });
    status.publish();
    expect(events).toHaveLength(1);
    state.update({ spaceDataVersion: 3, space: { maintenance: true, name: 'Lobby' } });
    status.publish();
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ name: 'onStatus', payload: { claim: { claimed: true }, space: { maintenance: true, name: 'Lobby' } } });
  });
});

describe('event bus', () => {
  it('a throwing listener does not stop the others; unsubscribe works', () => {
    const bus = createEventBus(silentLogger);
    const seen: string[] = [];
    bus.onEvent(() => {
      throw new Error('broken window');
    });
    const off = bus.onEvent((e) => seen.push(e.name));
    const event: KioskEvent = { name: 'onConfig', payload: { outcome: 'applied', version: 1, changed: [] } };
    bus.emit(event);
    off();
    bus.emit(event);
    expect(seen).toEqual(['onConfig']);
  });

  it('publishes what time alone changed (a license expiring) even when no store was written', () => {
    const state = createMemoryStateStore();
    const bus = createEventBus(silentLogger);
    const events: KioskEvent[] = [];
    bus.onEvent((e) => events.push(e));
    let now = Date.parse('2025-06-01T00:00:00Z');
    const expiresAt = Date.parse('2025-06-01T00:01:00Z');
    const status = createStatusTracker(
      {
        appVersion: '1.0.0',
        now: () => now,
        state: () => state.get(),
        config: createConfigView(state),
        hardware: () => null,
        identity: () => null,
        summarizeLicenses: (_s, at) => (at < expiresAt ? { active: 1, items: [{ id: 'l-1', expiresAt: '2025-06-01T00:01:00Z' }] } : { active: 0, items: [] }),
      },
      bus,
    );
    status.publish();
    status.publish();
    expect(events).toHaveLength(1);
    now = expiresAt;
    status.publish();
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ name: 'onStatus', payload: { licenses: { active: 0 } } });
    // The connection is compared by value: an equal new object is no change.
    status.setConnection({ state: 'online' });
    status.setConnection({ state: 'online' });
    expect(events).toHaveLength(3);
  });
});

describe('status publishing', () => {
  const published = (events: KioskEvent[]) => events.flatMap((e) => (e.name === 'onStatus' ? [e.payload] : []));

  it('a tick that only moves the telemetry time publishes the same snapshot a full build gives; a store change is built in again', () => {
    const { state, status, events, sources } = setup();
    status.setConnection({ state: 'online' });
    const full = () => buildSnapshot(sources, { connection: status.connection(), lastTelemetryAt: published(events).at(-1)!.lastTelemetryAt, upgrade: status.upgrade() });
    for (let second = 1; second <= 3; second++) {
      status.noteLastTelemetryAt(Date.parse('2025-06-01T00:00:00Z') + second * 1000);
      status.setConnection({ state: 'online' });
      expect(published(events).at(-1)!.lastTelemetryAt).toBe(`2025-06-01T00:00:0${second}.000Z`);
      expect(published(events).at(-1)).toEqual(full());
    }
    state.update({ spaceDataVersion: 2, space: { ...state.get().space, name: 'Lobby' } });
    status.noteLastTelemetryAt(Date.parse('2025-06-01T00:00:09Z'));
    status.setConnection({ state: 'online' });
    expect(published(events).at(-1)).toMatchObject({ claim: { claimed: true }, space: { name: 'Lobby' }, lastTelemetryAt: '2025-06-01T00:00:09.000Z' });
    expect(published(events).at(-1)).toEqual(full());
    // nothing changed at all: nothing published
    const count = published(events).length;
    status.setConnection({ state: 'online' });
    expect(published(events)).toHaveLength(count);
  });

  it('after quiet ticks, a store write that changes nothing shown publishes nothing; one that does publishes once', () => {
    const { state, status, events } = setup();
    status.setConnection({ state: 'online' });
    for (let second = 1; second <= 3; second++) {
      status.noteLastTelemetryAt(Date.parse('2025-06-01T00:00:00Z') + second * 1000);
      status.setConnection({ state: 'online' });
    }
    const count = published(events).length;
    // A write of a value the snapshot does not show: new state object, same snapshot.
    state.update({ reachedHub: !state.get().reachedHub });
    status.publish();
    expect(published(events)).toHaveLength(count);
    state.update({ spaceDataVersion: 4, space: { ...state.get().space, name: 'Hall' } });
    status.publish();
    status.publish();
    expect(published(events)).toHaveLength(count + 1);
    expect(published(events).at(-1)).toMatchObject({ space: { name: 'Hall' }, lastTelemetryAt: '2025-06-01T00:00:03.000Z' });
  });
});
