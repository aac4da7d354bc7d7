// The upgrade controller on its own: a scripted pipeline (the real one is tested in
// test/core/firmware and end to end in the upgrade-*.test.ts files) and the real status, issues and
// state store. What the rest of the agent asks of it: may the command be reported, may the running
// version be reported, what goes into telemetry, and when the failure stops being an error.
import { describe, expect, it } from 'vitest';
import type { AgentSession } from '../../../app/core/agent/agent-session';
import { createConfigView } from '../../../app/core/agent/config-view';
import { createEventBus } from '../../../app/core/agent/event-bus';
import type { FirmwareNotice } from '../../../app/core/agent/firmware-notice';
import { createAgentSignals } from '../../../app/core/agent/signals';
import { createStatusTracker } from '../../../app/core/agent/status';
import type { FirmwareUpdater, StartVerdict, UpgradeOutcome, UpgradeRecord } from '../../../app/core/firmware';
import { silentLogger } from '../../../app/core/log/logger';
import type { CommandRecord } from '../../../app/core/state/schema';
import { createUpgradeController } from '../../../app/core/upgrade/controller';
import { createFakeClock } from '../agent/fake-clock';
import { createFakeHubClient } from '../support/fake-hub-client';
import { createMemoryStateStore } from '../support/memory-state-store';

const record = (over: Partial<UpgradeRecord> = {}): UpgradeRecord => ({
  step: 'failed',
  fromVersion: '1.0.0',
  toVersion: '1.1.0',
  source: { kind: 'command', commandId: 'c1' },
  unconfirmedStarts: 0,
  reported: false,
  updatedAt: '2025-06-01T12:00:00.000Z',
  ...over,
} as UpgradeRecord);

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function scene(options: { verdict?: StartVerdict; restartFails?: boolean; requireHeartbeat?: boolean } = {}) {
  const state = createMemoryStateStore();
  const clock = createFakeClock();
  const bus = createEventBus(silentLogger);
  const status = createStatusTracker(
    { appVersion: '1.0.0', now: clock.now, state: () => state.get(), config: createConfigView(state), hardware: () => null, identity: () => null, summarizeLicenses: () => ({ active: 0, items: [] }) },
    bus,
  );
  const signals = createAgentSignals(clock, status);
  const run = deferred<UpgradeOutcome>();
  const calls: string[] = [];
  const reported: string[] = [];
  const updater: FirmwareUpdater = {
    run: async () => {
      calls.push('run');
      return run.promise;
    },
    onStart: async () => options.verdict ?? { kind: 'none' },
    confirmHealthy: async () => {
      calls.push('confirmHealthy');
      return { committed: record({ step: 'commit' }) };
    },
    markReported: () => {
      calls.push('markReported');
      return null;
    },
  };
  const session: Pick<AgentSession, 'hub' | 'reportFirmwareVersion'> = {
    hub: createFakeHubClient(),
    reportFirmwareVersion: async (version) => void reported.push(version),
  };
  const notice: FirmwareNotice = { onReply: () => undefined, checkPostponed: () => undefined, postpone: () => ({ ok: true, remindAt: null }), fileIdFor: () => undefined };
  const controller = createUpgradeController(
    {
      appVersion: '1.0.0',
      state,
      status,
      config: createConfigView(state),
      notice,
      platform: {
        restartApp: async () => {
          calls.push('restartApp');
          if (options.restartFails) throw new Error('no launcher');
        },
      },
      session: () => session,
      issues: signals.issues,
      emitProgress: () => undefined,
      nudge: () => undefined,
      requireHeartbeat: options.requireHeartbeat ?? false,
      clock,
      logger: silentLogger,
    },
    () => ({ updater, installer: { kind: 'none', why: 'test' } as never, setFileSize: () => undefined }),
  );
  const commandRecord: CommandRecord = { id: 'c1', name: 'update_firmware', parameters: {}, startedAt: '2025-06-01T12:00:00.000Z', phase: 'executing' };
  state.update({ inflightCommand: commandRecord });
  const startCommand = () => controller.startFromCommand({ url: 'http://127.0.0.1:9/b.bin', version: '1.1.0' }, commandRecord);
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { controller, state, status, signals, run, calls, reported, startCommand, settle };
}

describe('upgrade controller', () => {
  it('a command starts a run that holds the command; progress goes into telemetry', async () => {
    const s = scene();
    await expect(s.startCommand()).resolves.toEqual({ status: 'awaiting_restart' });
    await s.settle();
    expect(s.calls).toEqual(['run']);
    expect(s.controller.holdsCommands()).toBe(true);
    expect(s.controller.telemetry()).toEqual({ upgrade_phase: 'resolve', upgrade_progress_pct: null });
    await expect(s.startCommand()).resolves.toEqual({ status: 'failed', message: 'another firmware upgrade is already running' });
  });

  it('a failed run: the command carries the result and is released; the error goes out with one send', async () => {
    const s = scene();
    await s.startCommand();
    await s.settle();
    s.run.resolve({ kind: 'failed', code: 'checksum-mismatch', reason: 'bad checksum', record: record() });
    await s.settle();
    expect(s.controller.holdsCommands()).toBe(false);
    expect(s.state.get().inflightCommand).toMatchObject({ phase: 'finished', outcome: { status: 'failed', message: 'bad checksum' } });
    expect(s.status.upgrade()).toMatchObject({ kind: 'failed', target: '1.1.0', reason: 'bad checksum' });
    expect(s.signals.issues.current()).toBe('upgrade to 1.1.0 failed: bad checksum');
    expect(s.calls).toContain('markReported');

    // A reply to a send built before the failure does not clear it.
    s.controller.onTelemetryReply();
    expect(s.signals.issues.current()).not.toBeNull();
    expect(s.controller.telemetry()).toEqual({ upgrade_phase: null, upgrade_progress_pct: null });
    expect(s.controller.telemetry()).toEqual({});
    s.controller.onTelemetryReply();
    expect(s.signals.issues.current()).toBeNull();
  });

  it('an install that needs a restart: the record awaits the restart and the command stays held', async () => {
    const s = scene();
    await s.startCommand();
    await s.settle();
    s.run.resolve({ kind: 'restart-pending', record: record({ step: 'restart' }) });
    await s.settle();
    expect(s.calls).toEqual(['run', 'restartApp']);
    expect(s.state.get().inflightCommand).toMatchObject({ phase: 'awaiting_restart', targetVersion: '1.1.0' });
    expect(s.controller.holdsCommands()).toBe(true);
    expect(s.controller.telemetry()).toMatchObject({ upgrade_phase: 'restart' });
  });

  it('a restart that fails gives the command its result at once and blocks new runs', async () => {
    const s = scene({ restartFails: true });
    await s.startCommand();
    await s.settle();
    s.run.resolve({ kind: 'restart-pending', record: record({ step: 'restart' }) });
    await s.settle();
    expect(s.controller.holdsCommands()).toBe(false);
    expect(s.status.upgrade()).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/installed but the application could not restart/) });
    expect(s.state.get().inflightCommand).toMatchObject({ phase: 'finished', outcome: { status: 'failed', message: expect.stringMatching(/could not restart/) } });
    await expect(s.startCommand()).resolves.toMatchObject({ status: 'failed' });
  });

  it('installed in place: done, success view, the new version reported', async () => {
    const s = scene();
    await s.startCommand();
    await s.settle();
    s.run.resolve({ kind: 'installed', record: record({ step: 'commit' }) });
    await s.settle();
    expect(s.state.get().inflightCommand).toMatchObject({ outcome: { status: 'done' } });
    expect(s.status.upgrade()).toMatchObject({ kind: 'succeeded', version: '1.1.0' });
    expect(s.reported).toEqual(['1.1.0']);
  });

  it('a new version is unproven until telemetry and a heartbeat; then confirmed and reported once', async () => {
    const s = scene({ verdict: { kind: 'confirming', record: record({ step: 'confirm' }) }, requireHeartbeat: true });
    await s.controller.onStart();
    expect(s.controller.holdsFirmwareReport()).toBe(true);
    expect(s.controller.holdsCommands()).toBe(true);
    s.controller.onTelemetryReply();
    await s.settle();
    expect(s.calls).not.toContain('confirmHealthy');
    s.controller.onHeartbeat();
    await s.settle();
    expect(s.calls.filter((c) => c === 'confirmHealthy')).toHaveLength(1);
    expect(s.controller.holdsFirmwareReport()).toBe(false);
    expect(s.reported).toEqual(['1.1.0']);
    s.controller.onTelemetryReply();
    await s.settle();
    expect(s.calls.filter((c) => c === 'confirmHealthy')).toHaveLength(1);
  });

  it('a start that rolls back asks for the restart and never lets this version be reported', async () => {
    const verdict: StartVerdict = { kind: 'rolled-back', reason: 'not healthy', code: 'confirm-timeout', record: record(), failedVersion: '1.0.0', restartRequired: true, commandId: 'c1' };
    const s = scene({ verdict });
    await expect(s.controller.onStart()).resolves.toMatchObject({ restartRequested: true });
    expect(s.calls).toContain('restartApp');
    expect(s.controller.holdsFirmwareReport()).toBe(true);
    expect(s.state.get().failedVersions).toEqual(['1.0.0']);
    expect(s.state.get().inflightCommand).toMatchObject({ outcome: { status: 'failed', message: 'rolled back: not healthy' } });
  });

  it('a notice cannot start without a file, while busy, or in maintenance', async () => {
    const s = scene();
    await expect(s.controller.acceptNotice({ version: '1.1.0' })).resolves.toEqual({ ok: false, message: 'The hub named no file for version 1.1.0' });
    s.state.update({ space: { maintenance: true } });
    await expect(s.controller.acceptNotice({ version: '1.1.0', fileId: 'f1' })).resolves.toMatchObject({ ok: false, message: expect.stringMatching(/maintenance/) });
    s.state.update({ space: { maintenance: false } });
    await s.startCommand();
    await expect(s.controller.acceptNotice({ version: '1.1.0', fileId: 'f1' })).resolves.toEqual({ ok: false, message: 'An update is already under way' });
  });
});
