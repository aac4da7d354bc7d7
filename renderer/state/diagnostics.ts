// The technical side of what the screen says in plain words: the core's messages (HTTP codes,
// error names, config paths, command results) collected for the operator's diagnostics view, never
// shown on the public screen itself. Bounded: the newest MAX_DIAGNOSTICS entries, each clipped.
import type { CommandEvent, ConfigEvent, StatusSnapshot } from '../../app/ipc/contract';
import { connectionDiagnostic } from '../format/connection';

export interface Diagnostic {
  /** What it is about: "connection", "command reload", "settings", "update". */
  topic: string;
  text: string;
  /** ms since the epoch, when the renderer saw it. */
  at: number;
}

export const MAX_DIAGNOSTICS = 20;
export const MAX_DIAGNOSTIC_CHARS = 500;

/** Adds an entry unless the newest entry of the same topic says the same. */
export function addDiagnostic(list: readonly Diagnostic[], topic: string, text: string | null | undefined, at: number): readonly Diagnostic[] {
  if (!text) return list;
  const clipped = text.length > MAX_DIAGNOSTIC_CHARS ? `${text.slice(0, MAX_DIAGNOSTIC_CHARS - 1)}…` : text;
  const last = [...list].reverse().find((d) => d.topic === topic);
  if (last?.text === clipped) return list;
  return [...list, { topic, text: clipped, at }].slice(-MAX_DIAGNOSTICS);
}

export function statusDiagnostics(list: readonly Diagnostic[], status: StatusSnapshot, at: number): readonly Diagnostic[] {
  const withConnection = addDiagnostic(list, 'connection', connectionDiagnostic(status.connection), at);
  return status.upgrade.kind === 'failed' ? addDiagnostic(withConnection, 'update', `${status.upgrade.target}: ${status.upgrade.reason}`, at) : withConnection;
}

export function commandDiagnostic(list: readonly Diagnostic[], event: CommandEvent, at: number): readonly Diagnostic[] {
  if (event.phase !== 'finished' || !event.message) return list;
  return addDiagnostic(list, `command ${event.name}`, `${event.ok === false ? 'failed' : 'done'}: ${event.message}`, at);
}

export function configDiagnostic(list: readonly Diagnostic[], event: ConfigEvent, at: number): readonly Diagnostic[] {
  const changed = event.changed.length ? ` (${event.changed.join(', ')})` : '';
  return addDiagnostic(list, 'settings', `version ${event.version} ${event.outcome}${changed}${event.message ? `: ${event.message}` : ''}`, at);
}
