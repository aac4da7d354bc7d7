// Everything the screen shows, as one reducer over bridge events, plus the pure choice of which
// screen is up. The core owns the truth (status snapshots); the renderer only remembers what the
// person decided in this session, so a dialog they answered does not flash back.
import type { CommandEvent, ConfigEvent, StatusSnapshot, UpgradeProgress } from '../../app/ipc/contract';
import { addDiagnostic, commandDiagnostic, configDiagnostic, statusDiagnostics, type Diagnostic } from './diagnostics';
import { commandToast, configToast, pushToast, type Toast } from './toasts';

export interface KioskState {
  status: StatusSnapshot | null;
  /** Latest onUpgradeProgress event since the last snapshot (events are fresher between them). */
  liveProgress: UpgradeProgress | null;
  /** Versions answered (Later or Upgrade now) in this session. */
  decided: readonly string[];
  toasts: readonly Toast[];
  transport: 'connected' | 'reconnecting';
  /** Technical detail for the operator's diagnostics view (never shown on the public screen). */
  diagnostics: readonly Diagnostic[];
}

export type KioskAction =
  | { type: 'status'; status: StatusSnapshot }
  | { type: 'progress'; progress: UpgradeProgress }
  | { type: 'decided'; version: string }
  | { type: 'undecided'; version: string }
  | { type: 'command'; event: CommandEvent }
  | { type: 'config'; event: ConfigEvent }
  | { type: 'notify'; toast: Omit<Toast, 'rev'>; detail?: string }
  | { type: 'toast-expired'; key: string; rev: number }
  | { type: 'transport'; connected: boolean };

export const initialKioskState: KioskState = { status: null, liveProgress: null, decided: [], toasts: [], transport: 'connected', diagnostics: [] };

/** The state before any snapshot, or with the one that arrived before the first render. */
export function initKioskState(status: StatusSnapshot | null): KioskState {
  return status ? { ...initialKioskState, status, diagnostics: statusDiagnostics([], status, Date.now()) } : initialKioskState;
}

/**
 * True when `next` changes nothing on screen. Snapshots are small (a few KB) and come from one
 * serializer, so comparing their JSON is cheap and exact; it spares a whole-screen re-render for
 * each re-sent snapshot (the push on connect followed by the getStatus answer, periodic re-sends).
 */
function isSameSnapshot(state: KioskState, next: StatusSnapshot): boolean {
  return state.status !== null && state.liveProgress === null && JSON.stringify(state.status) === JSON.stringify(next);
}

export function reduceKiosk(state: KioskState, action: KioskAction): KioskState {
  // Diagnostics are stamped with the time the renderer saw them; only that field reads the clock.
  const now = Date.now();
  switch (action.type) {
    case 'status':
      return isSameSnapshot(state, action.status)
        ? state
        : { ...state, status: action.status, liveProgress: null, diagnostics: statusDiagnostics(state.diagnostics, action.status, now) };
    case 'progress':
      return { ...state, liveProgress: action.progress };
    case 'decided':
      return state.decided.includes(action.version) ? state : { ...state, decided: [...state.decided, action.version] };
    case 'undecided':
      return { ...state, decided: state.decided.filter((v) => v !== action.version) };
    case 'command':
      return { ...state, toasts: pushToast(state.toasts, commandToast(action.event)), diagnostics: commandDiagnostic(state.diagnostics, action.event, now) };
    case 'config':
      return { ...state, toasts: pushToast(state.toasts, configToast(action.event)), diagnostics: configDiagnostic(state.diagnostics, action.event, now) };
    case 'notify':
      return { ...state, toasts: pushToast(state.toasts, action.toast), diagnostics: addDiagnostic(state.diagnostics, action.toast.key, action.detail, now) };
    case 'toast-expired':
      return { ...state, toasts: state.toasts.filter((t) => !(t.key === action.key && t.rev === action.rev)) };
    case 'transport': {
      const transport = action.connected ? 'connected' : 'reconnecting';
      return state.transport === transport ? state : { ...state, transport };
    }
  }
}

export type Screen =
  | { kind: 'connecting' }
  | { kind: 'status'; status: StatusSnapshot }
  | { kind: 'upgrade-dialog'; status: StatusSnapshot; current: string; available: string; notes: string | null }
  | { kind: 'upgrade-progress'; status: StatusSnapshot; current: string; target: string; progress: UpgradeProgress }
  | { kind: 'upgrade-result'; status: StatusSnapshot; ok: boolean; version: string; reason: string | null };

export function selectScreen(state: KioskState): Screen {
  const status = state.status;
  if (!status) return { kind: 'connecting' };
  const upgrade = status.upgrade;
  switch (upgrade.kind) {
    case 'idle':
      return { kind: 'status', status };
    case 'notice':
      if (state.decided.includes(upgrade.available)) return { kind: 'status', status };
      return { kind: 'upgrade-dialog', status, current: upgrade.current, available: upgrade.available, notes: upgrade.notes ?? null };
    case 'in-progress': {
      const live = state.liveProgress?.version === upgrade.target ? state.liveProgress : null;
      return { kind: 'upgrade-progress', status, current: upgrade.current, target: upgrade.target, progress: live ?? upgrade.progress };
    }
    case 'succeeded':
      return { kind: 'upgrade-result', status, ok: true, version: upgrade.version, reason: null };
    case 'failed':
      return { kind: 'upgrade-result', status, ok: false, version: upgrade.target, reason: upgrade.reason };
  }
}
