// The upgrade state machine as a table: every (phase, event) pair that means something, and the
// pairs that must change nothing. Then the selectors the controller and the agent read.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UpgradeProgress } from '../../../app/ipc/contract';
import {
  failureCleared,
  holdsCommands,
  holdsFirmwareReport,
  initialUpgradeState,
  isBusy,
  isReadyToConfirm,
  next,
  telemetryKeys,
  type UpgradeEvent,
  type UpgradePhase,
  type UpgradeState,
} from '../../../app/core/upgrade/machine';

const progress = (phase: UpgradeProgress['phase'], bytesDone = 0, bytesTotal: number | null = null): UpgradeProgress => ({
  phase,
  version: '1.1.0',
  bytesDone,
  bytesTotal,
  rateBytesPerSec: bytesDone ? 1000 : 0,
  etaSec: bytesTotal ? 5 : null,
});

const idle: UpgradePhase = { kind: 'idle' };
const running: UpgradePhase = { kind: 'running', target: '1.1.0', commandId: 'c1', progress: progress('download', 50, 200) };
const runningNoCommand: UpgradePhase = { kind: 'running', target: '1.1.0', commandId: undefined, progress: progress('download', 50, 200) };
const restarting: UpgradePhase = { kind: 'restarting', target: '1.1.0', commandId: 'c1', progress: { ...progress('download', 50, 200), phase: 'restart', rateBytesPerSec: 0, etaSec: null } };
const restartFailed: UpgradePhase = { kind: 'restart-failed', target: '1.1.0' };
const confirming: UpgradePhase = { kind: 'confirming', version: '1.1.0', commandId: 'c1', confirmInFlight: false };
const confirmingBusy: UpgradePhase = { ...confirming, confirmInFlight: true };
const superseded: UpgradePhase = { kind: 'superseded', version: '1.1.0' };

const at = (phase: UpgradePhase, extra: Partial<UpgradeState> = {}): UpgradeState => ({ ...initialUpgradeState, phase, ...extra });

type Row = [name: string, from: UpgradeState, event: UpgradeEvent, to: UpgradeState];

const transitions: Row[] = [
  ['idle → running', at(idle, { clearProgressKeys: true }), { kind: 'run-started', target: '1.1.0', commandId: 'c1', progress: progress('resolve') }, at({ ...running, progress: progress('resolve') })],
  ['running: progress replaces the last one', at(running), { kind: 'progress', progress: progress('verify', 200, 200) }, at({ ...running, progress: progress('verify', 200, 200) })],
  ['running → idle on failure: failure raised, keys cleared next send', at(running), { kind: 'run-failed' }, at(idle, { failure: 'raised', clearProgressKeys: true })],
  ['running → idle when installed in place', at(running), { kind: 'run-installed' }, at(idle, { clearProgressKeys: true })],
  ['running → restarting keeps the byte counts, phase restart', at(running), { kind: 'restart-requested' }, at(restarting)],
  ['restarting → restart-failed drops the progress keys', at(restarting), { kind: 'restart-failed' }, at(restartFailed, { clearProgressKeys: true })],
  ['idle → confirming', at(idle), { kind: 'confirm-needed', version: '1.1.0', commandId: 'c1' }, at(confirming)],
  ['confirming → confirm in flight', at(confirming), { kind: 'confirm-begun' }, at(confirmingBusy)],
  ['confirm recorded → idle', at(confirmingBusy), { kind: 'confirm-settled' }, at(idle)],
  ['confirm not recorded → confirming again', at(confirmingBusy), { kind: 'confirm-error' }, at(confirming)],
  ['idle → superseded (rolled back on disk)', at(idle), { kind: 'superseded', version: '1.1.0' }, at(superseded)],
  ['failure found at start is raised', at(idle), { kind: 'failure-found' }, at(idle, { failure: 'raised' })],
  ['a send carries the raised failure', at(idle, { failure: 'raised' }), { kind: 'telemetry-built' }, at(idle, { failure: 'sent' })],
  ['a send carries the null keys once', at(idle, { clearProgressKeys: true }), { kind: 'telemetry-built' }, at(idle)],
  ['progress keys stay owed while a run sends its own', at(running, { clearProgressKeys: true }), { kind: 'telemetry-built' }, at(running, { clearProgressKeys: true })],
  ['the reply to that send clears the failure', at(idle, { failure: 'sent' }), { kind: 'telemetry-reply' }, at(idle, { failure: 'none', heard: { telemetryReply: true, heartbeat: false } })],
  ['a reply to a send built before the failure keeps it', at(idle, { failure: 'raised' }), { kind: 'telemetry-reply' }, at(idle, { failure: 'raised', heard: { telemetryReply: true, heartbeat: false } })],
  ['a heartbeat is remembered in any phase', at(idle), { kind: 'heartbeat' }, at(idle, { heard: { telemetryReply: false, heartbeat: true } })],
];

const ignored: Row[] = [
  ['a second run does not replace the first', at(running), { kind: 'run-started', target: '2.0.0', progress: progress('resolve') }, at(running)],
  ['no run starts while unproven', at(confirming), { kind: 'run-started', target: '2.0.0', progress: progress('resolve') }, at(confirming)],
  ['no run starts after a failed restart', at(restartFailed), { kind: 'run-started', target: '2.0.0', progress: progress('resolve') }, at(restartFailed)],
  ['no run starts in a superseded process', at(superseded), { kind: 'run-started', target: '2.0.0', progress: progress('resolve') }, at(superseded)],
  ['progress after the run ended', at(idle), { kind: 'progress', progress: progress('download') }, at(idle)],
  ['progress while restarting', at(restarting), { kind: 'progress', progress: progress('download') }, at(restarting)],
  ['run-failed when nothing runs', at(confirming), { kind: 'run-failed' }, at(confirming)],
  ['run-installed when nothing runs', at(idle), { kind: 'run-installed' }, at(idle)],
  ['restart-requested when nothing runs', at(idle), { kind: 'restart-requested' }, at(idle)],
  ['restart-failed when no restart was asked', at(running), { kind: 'restart-failed' }, at(running)],
  ['confirm-needed while running', at(running), { kind: 'confirm-needed', version: '9.9.9' }, at(running)],
  ['confirm-begun twice', at(confirmingBusy), { kind: 'confirm-begun' }, at(confirmingBusy)],
  ['confirm-begun when not confirming', at(idle), { kind: 'confirm-begun' }, at(idle)],
  ['confirm-settled when not confirming', at(running), { kind: 'confirm-settled' }, at(running)],
  ['confirm-error when not confirming', at(idle), { kind: 'confirm-error' }, at(idle)],
  ['superseded while running', at(running), { kind: 'superseded', version: '1.1.0' }, at(running)],
];

describe('upgrade state machine: next()', () => {
  it.each(transitions)('%s', (_name, from, event, to) => {
    expect(next(from, event)).toEqual(to);
  });

  it.each(ignored)('ignores: %s', (_name, from, event, to) => {
    expect(next(from, event)).toEqual(to);
  });

  it('never mutates the state it is given', () => {
    const from = at(running, { failure: 'raised' });
    const copy = structuredClone(from);
    next(from, { kind: 'restart-requested' });
    next(from, { kind: 'telemetry-built' });
    expect(from).toEqual(copy);
  });

  it('returns the very same state for a steady tick\'s events once they change nothing', () => {
    const steady: UpgradeState = { ...at(idle), heard: { telemetryReply: true, heartbeat: true } };
    for (const kind of ['telemetry-built', 'telemetry-reply', 'heartbeat'] as const) expect(next(steady, { kind })).toBe(steady);
    // While they still change something, a new state carries the change.
    const raised = at(idle, { failure: 'raised' });
    expect(next(raised, { kind: 'telemetry-built' })).toEqual({ ...raised, failure: 'sent' });
    expect(next(initialUpgradeState, { kind: 'heartbeat' }).heard.heartbeat).toBe(true);
    expect(next(initialUpgradeState, { kind: 'telemetry-reply' }).heard.telemetryReply).toBe(true);
  });
});

describe('upgrade state machine: selectors', () => {
  it.each<[string, UpgradePhase, { busy: boolean; commands: boolean; report: boolean }]>([
    ['idle', idle, { busy: false, commands: false, report: false }],
    ['running (command)', running, { busy: true, commands: true, report: false }],
    ['running (notice)', runningNoCommand, { busy: true, commands: false, report: false }],
    ['restarting', restarting, { busy: true, commands: true, report: false }],
    // The restart did not happen: the runner's own rule decides the command, nothing waits on it.
    ['restart-failed', restartFailed, { busy: true, commands: false, report: false }],
    ['confirming', confirming, { busy: true, commands: true, report: true }],
    ['superseded', superseded, { busy: true, commands: false, report: true }],
  ])('%s: busy / holds commands / holds the firmware report', (_name, phase, expected) => {
    const state = at(phase);
    expect({ busy: isBusy(state), commands: holdsCommands(state), report: holdsFirmwareReport(state) }).toEqual(expected);
  });

  it.each<[string, UpgradeState, boolean, boolean]>([
    ['nothing heard', at(confirming), false, false],
    ['telemetry only, heartbeat not required', at(confirming, { heard: { telemetryReply: true, heartbeat: false } }), false, true],
    ['telemetry only, heartbeat required', at(confirming, { heard: { telemetryReply: true, heartbeat: false } }), true, false],
    ['heartbeat only', at(confirming, { heard: { telemetryReply: false, heartbeat: true } }), true, false],
    ['both', at(confirming, { heard: { telemetryReply: true, heartbeat: true } }), true, true],
    ['both, but a confirmation is in flight', at(confirmingBusy, { heard: { telemetryReply: true, heartbeat: true } }), true, false],
    ['both, but nothing to confirm', at(idle, { heard: { telemetryReply: true, heartbeat: true } }), true, false],
  ])('ready to confirm: %s', (_name, state, requireHeartbeat, ready) => {
    expect(isReadyToConfirm(state, requireHeartbeat)).toBe(ready);
  });

  it.each<[string, UpgradeState, Record<string, unknown>]>([
    ['running: phase and percent', at(running), { upgrade_phase: 'download', upgrade_progress_pct: 25 }],
    ['running, size unknown', at({ ...running, progress: progress('download', 50, null) }), { upgrade_phase: 'download', upgrade_progress_pct: null }],
    ['restarting', at(restarting), { upgrade_phase: 'restart', upgrade_progress_pct: 25 }],
    ['a run just ended', at(idle, { clearProgressKeys: true }), { upgrade_phase: null, upgrade_progress_pct: null }],
    ['nothing to say', at(idle), {}],
    ['confirming says nothing', at(confirming), {}],
  ])('telemetry keys: %s', (_name, state, keys) => {
    expect(telemetryKeys(state)).toEqual(keys);
  });

  it('a failure goes out with exactly one send and clears on that send’s reply', () => {
    let state = next(at(running), { kind: 'run-failed' });
    const first = telemetryKeys(state);
    state = next(state, { kind: 'telemetry-built' });
    expect(first).toEqual({ upgrade_phase: null, upgrade_progress_pct: null });
    expect(telemetryKeys(state)).toEqual({});
    const before = state;
    state = next(state, { kind: 'telemetry-reply' });
    expect(failureCleared(before, state)).toBe(true);
    expect(failureCleared(state, next(state, { kind: 'telemetry-reply' }))).toBe(false);
  });
});

const eventArb: fc.Arbitrary<UpgradeEvent> = fc.oneof(
  fc.record({ kind: fc.constant('run-started' as const), target: fc.constantFrom('1.1.0', '2.0.0'), commandId: fc.option(fc.constant('c1'), { nil: undefined }), progress: fc.constant(progress('resolve')) }),
  fc.record({ kind: fc.constant('progress' as const), progress: fc.constantFrom(progress('download', 10, 100), progress('verify', 100, 100)) }),
  fc.record({ kind: fc.constant('confirm-needed' as const), version: fc.constant('1.1.0'), commandId: fc.option(fc.constant('c2'), { nil: undefined }) }),
  fc.record({ kind: fc.constant('superseded' as const), version: fc.constant('1.1.0') }),
  fc.constantFrom<UpgradeEvent>(
    { kind: 'run-failed' },
    { kind: 'run-installed' },
    { kind: 'restart-requested' },
    { kind: 'restart-failed' },
    { kind: 'failure-found' },
    { kind: 'telemetry-built' },
    { kind: 'telemetry-reply' },
    { kind: 'heartbeat' },
    { kind: 'confirm-begun' },
    { kind: 'confirm-settled' },
    { kind: 'confirm-error' },
  ),
);

describe('upgrade state machine: any sequence of events', () => {
  it('keeps its invariants', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 60 }), (events) => {
        let state = initialUpgradeState;
        for (const event of events) {
          state = next(state, event);
          // Whatever holds a command or the version report also keeps other upgrades out.
          if (holdsCommands(state) || holdsFirmwareReport(state)) expect(isBusy(state)).toBe(true);
          const keys = telemetryKeys(state);
          if ('upgrade_progress_pct' in keys && typeof keys.upgrade_progress_pct === 'number') {
            expect(keys.upgrade_progress_pct).toBeGreaterThanOrEqual(0);
            expect(keys.upgrade_progress_pct).toBeLessThanOrEqual(100);
          }
        }
        // A raised failure is always cleared by one send and its reply, whatever came before.
        state = next(next(state, { kind: 'telemetry-built' }), { kind: 'telemetry-reply' });
        expect(state.failure).toBe('none');
      }),
      { numRuns: 300 },
    );
  });
});
