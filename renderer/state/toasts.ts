// Toast text for core events (pure): one toast per command id (started → finished replaces it)
// and one per config version. Plain words only: a command's or config's technical message goes
// to the diagnostics view, never onto the public screen.
import type { CommandEvent, ConfigEvent } from '../../app/ipc/contract';
import type { Tone } from '../format/connection';

export interface Toast {
  key: string;
  tone: Tone;
  text: string;
  /** Bumped when a toast with the same key is replaced, so its timer restarts. */
  rev: number;
}

export const MAX_TOASTS = 3;
export const TOAST_MS = 6000;

function withoutEllipsis(label: string): string {
  return label.replace(/(…|\.\.\.)\s*$/, '').trim();
}

export function commandToast(event: CommandEvent): Omit<Toast, 'rev'> {
  const key = `command:${event.id}`;
  if (event.phase !== 'finished') return { key, tone: 'info', text: event.label };
  const what = withoutEllipsis(event.label) || 'Command';
  if (event.ok === false) return { key, tone: 'error', text: `${what}: did not work` };
  return { key, tone: 'ok', text: `${what}: done` };
}

export function configToast(event: ConfigEvent): Omit<Toast, 'rev'> {
  const key = `config:${event.version}`;
  if (event.outcome === 'refused') return { key, tone: 'warn', text: 'New settings not applied — keeping the current ones' };
  return { key, tone: 'ok', text: 'Settings updated' };
}

/** Adds or replaces a toast, newest last, keeping at most MAX_TOASTS. */
export function pushToast(toasts: readonly Toast[], next: Omit<Toast, 'rev'>): Toast[] {
  const existing = toasts.find((t) => t.key === next.key);
  const rev = existing ? existing.rev + 1 : 0;
  return [...toasts.filter((t) => t.key !== next.key), { ...next, rev }].slice(-MAX_TOASTS);
}
