// The firmware upgrade as THIS process sees it: one explicit state and a pure `next(state, event)`.
// What survives a restart is the pipeline's record (app/core/firmware/record.ts, in the device
// state file); this state is rebuilt at every start from that record's verdict. The controller
// feeds events in and reads the selectors below; it keeps no flags of its own.
import type { UpgradeProgress } from '../../ipc/contract';
import type { TelemetryValue } from '../hub';
import { assertNever } from '../util/assert-never';

export type UpgradePhase =
  | { kind: 'idle' }
  /** A pipeline run in flight (resolve → download → verify → stage → install). */
  | { kind: 'running'; target: string; commandId?: string | undefined; progress: UpgradeProgress }
  /** Installed; the application restart was asked for. A command stays in progress until then. */
  | { kind: 'restarting'; target: string; commandId?: string | undefined; progress: UpgradeProgress }
  /** Installed, but the restart failed: the new version waits on disk for the next start. */
  | { kind: 'restart-failed'; target: string }
  /** The running version is new and unproven until telemetry (and a heartbeat) says it is healthy. */
  | { kind: 'confirming'; version: string; commandId?: string | undefined; confirmInFlight: boolean }
  /** This process runs a rolled-back version: it must never be reported as the running one. */
  | { kind: 'superseded'; version: string };

export interface UpgradeState {
  readonly phase: UpgradePhase;
  /** Health signals heard since the process started (half of a new version's proof each). */
  readonly heard: { readonly telemetryReply: boolean; readonly heartbeat: boolean };
  /**
   * The failure report on the hub (telemetry `status: error`): `raised` when it happened, `sent`
   * once a telemetry body was built with it, and gone with the reply to such a send — so it is
   * reported for exactly one send, never cleared by a reply to a send built before it.
   */
  readonly failure: 'none' | 'raised' | 'sent';
  /** A run ended while its progress keys were on the hub: the next send sets them to null. */
  readonly clearProgressKeys: boolean;
}

export type UpgradeEvent =
  | { kind: 'run-started'; target: string; commandId?: string | undefined; progress: UpgradeProgress }
  | { kind: 'progress'; progress: UpgradeProgress }
  /** The run failed (before or inside the pipeline). */
  | { kind: 'run-failed' }
  /** The installer applied the version in place: nothing to restart. */
  | { kind: 'run-installed' }
  | { kind: 'restart-requested' }
  | { kind: 'restart-failed' }
  /** The start-up verdict: the new version must now prove itself. */
  | { kind: 'confirm-needed'; version: string; commandId?: string | undefined }
  /** The start-up verdict reported a failed upgrade (failed, or rolled back). */
  | { kind: 'failure-found' }
  /** Rolled back on disk while this process still runs `version`. */
  | { kind: 'superseded'; version: string }
  | { kind: 'telemetry-built' }
  | { kind: 'telemetry-reply' }
  | { kind: 'heartbeat' }
  | { kind: 'confirm-begun' }
  /** The confirmation was recorded (committed), or the record no longer needed one. */
  | { kind: 'confirm-settled' }
  /** The confirmation could not be recorded: still unproven, the next signal tries again. */
  | { kind: 'confirm-error' };

export const initialUpgradeState: UpgradeState = {
  phase: { kind: 'idle' },
  heard: { telemetryReply: false, heartbeat: false },
  failure: 'none',
  clearProgressKeys: false,
};

/** The one transition function. Events that do not apply to the current phase change nothing. */
export function next(state: UpgradeState, event: UpgradeEvent): UpgradeState {
  const { phase } = state;
  switch (event.kind) {
    case 'run-started':
      if (phase.kind !== 'idle') return state;
      return { ...state, phase: { kind: 'running', target: event.target, commandId: event.commandId, progress: event.progress }, clearProgressKeys: false };
    case 'progress':
      return phase.kind === 'running' ? { ...state, phase: { ...phase, progress: event.progress } } : state;
    case 'run-failed':
      return phase.kind === 'running' ? { ...state, phase: { kind: 'idle' }, failure: 'raised', clearProgressKeys: true } : state;
    case 'run-installed':
      return phase.kind === 'running' ? { ...state, phase: { kind: 'idle' }, clearProgressKeys: true } : state;
    case 'restart-requested': {
      if (phase.kind !== 'running') return state;
      const progress: UpgradeProgress = { ...phase.progress, phase: 'restart', version: phase.target, rateBytesPerSec: 0, etaSec: null };
      return { ...state, phase: { kind: 'restarting', target: phase.target, commandId: phase.commandId, progress } };
    }
    case 'restart-failed':
      return phase.kind === 'restarting' ? { ...state, phase: { kind: 'restart-failed', target: phase.target }, clearProgressKeys: true } : state;
    case 'confirm-needed':
      if (phase.kind !== 'idle') return state;
      return { ...state, phase: { kind: 'confirming', version: event.version, commandId: event.commandId, confirmInFlight: false } };
    case 'failure-found':
      return { ...state, failure: 'raised' };
    case 'superseded':
      return phase.kind === 'idle' ? { ...state, phase: { kind: 'superseded', version: event.version } } : state;
    // These three arrive every tick (and heartbeat); once nothing changes any more the same state
    // comes back rather than a new object per tick.
    case 'telemetry-built': {
      const failure = state.failure === 'raised' ? 'sent' : state.failure;
      const clearProgressKeys = sendsProgress(phase) ? state.clearProgressKeys : false;
      return failure === state.failure && clearProgressKeys === state.clearProgressKeys ? state : { ...state, failure, clearProgressKeys };
    }
    case 'telemetry-reply': {
      const failure = state.failure === 'sent' ? 'none' : state.failure;
      return state.heard.telemetryReply && failure === state.failure ? state : { ...state, heard: { ...state.heard, telemetryReply: true }, failure };
    }
    case 'heartbeat':
      return state.heard.heartbeat ? state : { ...state, heard: { ...state.heard, heartbeat: true } };
    case 'confirm-begun':
      return phase.kind === 'confirming' && !phase.confirmInFlight ? { ...state, phase: { ...phase, confirmInFlight: true } } : state;
    case 'confirm-settled':
      return phase.kind === 'confirming' ? { ...state, phase: { kind: 'idle' } } : state;
    case 'confirm-error':
      return phase.kind === 'confirming' ? { ...state, phase: { ...phase, confirmInFlight: false } } : state;
    default:
      return assertNever(event, 'upgrade event');
  }
}

/** Another upgrade may not start (one is running, installed, unproven, or this process is stale). */
export function isBusy(state: UpgradeState): boolean {
  return state.phase.kind !== 'idle';
}

/** The in-flight command belongs to a running or unproven upgrade: neither report nor re-run it. */
export function holdsCommands(state: UpgradeState): boolean {
  const { phase } = state;
  return (phase.kind === 'running' || phase.kind === 'restarting' || phase.kind === 'confirming') && phase.commandId !== undefined;
}

/** The running version may not be reported to the hub: unproven, or already rolled back on disk. */
export function holdsFirmwareReport(state: UpgradeState): boolean {
  return state.phase.kind === 'confirming' || state.phase.kind === 'superseded';
}

/** Both health signals are in and no confirmation is being recorded: confirm now. */
export function isReadyToConfirm(state: UpgradeState, requireHeartbeat: boolean): boolean {
  const { phase, heard } = state;
  return phase.kind === 'confirming' && !phase.confirmInFlight && heard.telemetryReply && (heard.heartbeat || !requireHeartbeat);
}

/** The upgrade's keys for the telemetry body being built now (read BEFORE `telemetry-built`). */
export function telemetryKeys(state: UpgradeState): Record<string, TelemetryValue> {
  const { phase } = state;
  if (phase.kind === 'running' || phase.kind === 'restarting') {
    const { bytesDone, bytesTotal } = phase.progress;
    const pct = bytesTotal ? Math.min(100, Math.floor((bytesDone / bytesTotal) * 100)) : null;
    return { upgrade_phase: phase.progress.phase, upgrade_progress_pct: pct };
  }
  return state.clearProgressKeys ? { upgrade_phase: null, upgrade_progress_pct: null } : {};
}

/** The reply to a send that carried the failure arrived: the device is no longer in error for it. */
export function failureCleared(before: UpgradeState, after: UpgradeState): boolean {
  return before.failure === 'sent' && after.failure === 'none';
}

function sendsProgress(phase: UpgradePhase): boolean {
  return phase.kind === 'running' || phase.kind === 'restarting';
}
