// Final results (done/failed) and how they survive a restart (docs/PROTOCOL.md#interrupted-commands). The result is written
// to the persisted command record BEFORE Update Command is sent, and the record is cleared only once
// the hub took it (2xx) or refused it for good (4xx other than 401/429). A process that dies
// between the two finds the result on disk and reports THAT result — never re-runs the command,
// never re-decides it as "interrupted" — so every command is reported exactly once.
import type { CommandEvent } from '../../ipc/schemas';
import type { StateAccess } from '../state/state-access';
import { HubError, type HubClient, type UpdateCommandRequest } from '../hub';
import type { Logger } from '../log/logger';
import type { CommandRecord } from '../state/schema';
import type { CommandOutcome } from './handler-types';

/** A final result, as persisted on the record and sent to the hub. */
export type FinalOutcome = NonNullable<CommandRecord['outcome']>;

/** Which command a result belongs to, and what the screen called it. */
export interface ResultSubject {
  id: string;
  name: string;
  label: string;
}

export interface ResultReporterOptions {
  hub: Pick<HubClient, 'updateCommand'>;
  state: StateAccess;
  emit: (event: CommandEvent) => void;
  logger: Logger;
}

export interface ResultReporter {
  /** Persists the result on the record, then sends it; clears the record once the hub settled it. */
  send(subject: ResultSubject, outcome: FinalOutcome): Promise<void>;
  /** The result already decided for this record (on disk, or in memory if the write failed). */
  outcomeOf(record: CommandRecord): FinalOutcome | undefined;
  /** Drops the record (only if it is still this command's). */
  clearRecord(id: string): void;
}

const MESSAGE_MAX = 1000;

export function createResultReporter(options: ResultReporterOptions): ResultReporter {
  const { hub, state, emit, logger } = options;
  // Only for a result whose write to disk failed (disk full, …): this process still reports the
  // decided result instead of re-deciding it. What survives a restart is the record on disk.
  const decided = new Map<string, FinalOutcome>();

  const clearRecord = (id: string) => {
    decided.delete(id);
    state.update((current) => (current.inflightCommand?.id === id ? { inflightCommand: null } : {}));
  };

  const persistOutcome = (id: string, outcome: FinalOutcome) => {
    decided.set(id, outcome);
    try {
      // Only this command's record: a missing one was wiped on purpose (401) and stays gone.
      state.update((current) =>
        current.inflightCommand?.id === id ? { inflightCommand: { ...current.inflightCommand, phase: 'finished', outcome } } : {},
      );
    } catch (error) {
      logger.error('could not persist the command result; a restart before it is sent loses it', { id, error });
    }
  };

  return {
    outcomeOf: (record) => decided.get(record.id) ?? record.outcome,
    clearRecord,
    async send(subject, outcome) {
      const { id, name, label } = subject;
      persistOutcome(id, outcome);
      try {
        await hub.updateCommand(toReport(id, outcome));
      } catch (error) {
        // Not taken (network, 5xx, 401, 429): the record keeps the result for the next attempt.
        if (!isRefusedForGood(error)) throw error;
        // E.g. the hub already timed the command out, or took this very result before its reply
        // was lost: retrying can never succeed, so drop it rather than wedge the queue.
        logger.warn('command result refused by the hub; dropped', { id, error });
      }
      clearRecord(id);
      logger.info('command finished', { id, name, status: outcome.status, message: outcome.message });
      emit({
        phase: 'finished',
        id: clip(id, 100),
        name: clip(name, 100),
        label: clip(label, 2000),
        ok: outcome.status === 'done',
        ...(outcome.message ? { message: clip(outcome.message, 2000) } : {}),
      });
    },
  };
}

/** A handler's final outcome in its persisted shape (message clipped to what the hub gets). */
export function toFinal(outcome: Exclude<CommandOutcome, { status: 'awaiting_restart' }>): FinalOutcome {
  const message = outcome.message ? clip(outcome.message, MESSAGE_MAX) : undefined;
  return { status: outcome.status, ...(message ? { message } : {}) };
}

/** A 4xx other than 401/429 (those have their own kinds): the hub will never take this request. */
export function isRefusedForGood(error: unknown): boolean {
  const status = error instanceof HubError && error.kind === 'rejected' ? error.status : undefined;
  return status !== undefined && status >= 400 && status < 500 && status !== 401 && status !== 429;
}

function toReport(id: string, outcome: FinalOutcome): UpdateCommandRequest {
  return { id, status: outcome.status, ...(outcome.message ? { message: outcome.message } : {}) };
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}
