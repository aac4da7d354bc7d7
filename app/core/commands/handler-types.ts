// The command handler contract (docs/PROTOCOL.md#commands, #interrupted-commands). A handler runs one named command; the runner owns
// the wire protocol (persist → in_progress → run → done/failed) so handlers stay small.
import type { Clock } from '../deps';
import type { HubClient, JsonObject } from '../hub';
import type { Logger } from '../log/logger';
import type { StateAccess } from '../state/state-access';
import type { CommandRecord } from '../state/schema';
import type { PlatformHooks } from './platform';

export type CommandOutcome =
  | { status: 'done'; message?: string }
  | { status: 'failed'; message: string }
  /** The process is about to reboot/restart; the persisted record reports the result afterwards. */
  | { status: 'awaiting_restart' };

/** The state report a `dump` command uploads; the dump handler redacts it before sending. */
export interface DumpReport {
  [key: string]: unknown;
}

export interface CommandContext {
  hub: HubClient;
  state: StateAccess;
  logger: Logger;
  clock: Clock;
  platform: PlatformHooks;
  appVersion: string;
  /** Identifies this boot of the machine (see boot-id.ts): proves a reboot happened. */
  bootId: string;
  collectDump: () => Promise<DumpReport>;
  /** Shows a progress label on screen for the running command. */
  emitProgress: (label: string) => void;
  /** Secret values (the access key) that must never leave in a dump; checked before upload. */
  secrets?: () => readonly string[];
}

export interface CommandHandler {
  name: string;
  /** Toast text while it runs, e.g. "Rebooting…". */
  label: (params: JsonObject) => string;
  run(params: JsonObject, ctx: CommandContext): Promise<CommandOutcome>;
  /** Decides the result when the command is found in flight after a restart (docs/PROTOCOL.md#interrupted-commands). */
  afterRestart?(record: CommandRecord, ctx: CommandContext): CommandOutcome;
}

export const INTERRUPTED_MESSAGE = 'interrupted by restart';

/** Marks the persisted in-flight record as waiting for a restart, with what proves it happened. */
export function markAwaitingRestart(state: StateAccess, extra: Partial<Pick<CommandRecord, 'bootMarker' | 'targetVersion'>> = {}): void {
  state.update((current) =>
    current.inflightCommand ? { inflightCommand: { ...current.inflightCommand, ...extra, phase: 'awaiting_restart' } } : {},
  );
}

/** Handler outcome for a record found after a restart when the handler has no afterRestart rule. */
export function defaultAfterRestart(): { status: 'failed'; message: string } {
  return { status: 'failed', message: INTERRUPTED_MESSAGE };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
