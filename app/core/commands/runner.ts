// The Get Command loop (docs/PROTOCOL.md#commands, #interrupted-commands). Per command: persist the record
// BEFORE anything else → Update Command in_progress → run → write the result to the record →
// done/failed → clear the record. The record is cleared only once the hub settled the result
// (results.ts), so every command is reported exactly once even across power cuts; a command the hub
// hands back `in_progress` after a restart is never re-run: its record (or the lack of one) decides.
import type { CommandEvent } from '../../ipc/schemas';
import type { StateAccess } from '../state/state-access';
import type { CommandRequest, HubClient } from '../hub';
import type { Logger } from '../log/logger';
import type { CommandRecord } from '../state/schema';
import {
  INTERRUPTED_MESSAGE,
  defaultAfterRestart,
  errorMessage,
  type CommandContext,
  type CommandHandler,
  type CommandOutcome,
} from './handler-types';
import { clip, createResultReporter, isRefusedForGood, toFinal, type FinalOutcome } from './results';

export interface CommandRunnerOptions {
  hub: Pick<HubClient, 'getCommand' | 'updateCommand'>;
  state: StateAccess;
  handlers: CommandHandler[];
  /** emitProgress is supplied per command by the runner. */
  ctx: Omit<CommandContext, 'emitProgress'> & Partial<Pick<CommandContext, 'emitProgress'>>;
  emit: (event: CommandEvent) => void;
  logger: Logger;
  /** Commands handled per drain() call, so one tick cannot spin forever on a misbehaving hub. */
  maxPerDrain?: number;
}

export interface CommandRunner {
  /** Get Command until nothing is pending (bounded). Stops early when a command restarts the process. */
  drain(): Promise<void>;
  /** Start-up pass: reports the command that was in flight (or finished but unsent) when the process stopped. */
  reportInterrupted(): Promise<void>;
}

/** How long a reboot / app restart asked for by a command may take before it counts as failed. */
export const RESTART_GRACE_MS = 10 * 60_000;

export function createCommandRunner(options: CommandRunnerOptions): CommandRunner {
  const { hub, state, emit, logger } = options;
  const maxPerDrain = options.maxPerDrain ?? 20;
  const handlers = new Map(options.handlers.map((handler) => [handler.name, handler]));
  const results = createResultReporter({ hub, state, emit, logger });
  // Commands whose handler asked for a reboot / restart in THIS process, and when. While that
  // restart is under way the loop keeps ticking; deciding the command now would report "did not
  // reboot" while the machine is still shutting down. After the grace period it is decided anyway.
  const restartRequestedAt = new Map<string, number>();
  const awaitingOwnRestart = (): boolean => {
    const record = state.get().inflightCommand;
    const since = record ? restartRequestedAt.get(record.id) : undefined;
    if (!record || since === undefined) return false;
    // Only a record that says a restart is under way waits: one that already carries its result
    // (an upgrade that failed before restarting, a restart that could not start) is reported now.
    if (record.phase !== 'awaiting_restart' || record.outcome) {
      restartRequestedAt.delete(record.id);
      return false;
    }
    if (options.ctx.clock.now() - since < RESTART_GRACE_MS) return true;
    restartRequestedAt.delete(record.id);
    logger.warn('restart was requested but never happened; deciding the command now', { id: record.id, name: record.name });
    return false;
  };

  const contextFor = (id: string, name: string): CommandContext => ({
    ...options.ctx,
    emitProgress: (label) => emit({ phase: 'progress', id: clip(id, 100), name: clip(name, 100), label: clip(label, 2000) }),
  });

  const labelFor = (name: string, params: CommandRecord['parameters']) => {
    const handler = handlers.get(name);
    if (!handler) return `Unsupported command: ${name}`;
    try {
      return handler.label(params);
    } catch {
      return name;
    }
  };

  /** True when the record must be reported: it has a result, or its command had started. */
  const needsReport = (record: CommandRecord) => results.outcomeOf(record) !== undefined || record.phase !== 'received';

  /** The handler's afterRestart rule decides a command that was in flight when the process stopped. */
  const decideAfterRestart = (record: CommandRecord): FinalOutcome => {
    const handler = handlers.get(record.name);
    let outcome: CommandOutcome;
    try {
      outcome = handler?.afterRestart ? handler.afterRestart(record, contextFor(record.id, record.name)) : defaultAfterRestart();
    } catch (error) {
      outcome = { status: 'failed', message: `${INTERRUPTED_MESSAGE}: ${errorMessage(error)}` };
    }
    if (outcome.status === 'awaiting_restart') outcome = defaultAfterRestart();
    logger.info('command found in flight after restart', { id: record.id, name: record.name, phase: record.phase, outcome: outcome.status });
    return toFinal(outcome);
  };

  /** Reports a leftover record: the result it already carries, else what afterRestart decides. */
  const settleRecord = async (record: CommandRecord): Promise<void> => {
    const decided = results.outcomeOf(record);
    if (decided) logger.info('reporting a command result the hub has not taken yet', { id: record.id, name: record.name, status: decided.status });
    const outcome = decided ?? decideAfterRestart(record);
    await results.send({ id: record.id, name: record.name, label: labelFor(record.name, record.parameters) }, outcome);
  };

  /** Sends the record's result if it has one (a report that failed earlier); runs nothing. */
  const resendDecided = async () => {
    const record = state.get().inflightCommand;
    if (record && results.outcomeOf(record)) await settleRecord(record);
  };

  const execute = async (command: CommandRequest): Promise<CommandOutcome> => {
    const parameters = command.parameters ?? {};
    const handler = handlers.get(command.name);
    const subject = { id: command.id, name: command.name, label: labelFor(command.name, parameters) };
    const record: CommandRecord = { id: command.id, name: command.name, parameters, startedAt: new Date(options.ctx.clock.now()).toISOString(), phase: 'received' };
    state.update({ inflightCommand: record });
    const started = () => emit({ phase: 'started', id: clip(command.id, 100), name: clip(command.name, 100), label: clip(subject.label, 2000) });

    if (!handler) {
      started();
      const outcome: CommandOutcome = { status: 'failed', message: `unsupported command ${command.name}` };
      await results.send(subject, toFinal(outcome));
      return outcome;
    }
    // Mandatory before anything that may reboot (docs/PROTOCOL.md#commands). If it fails the record stays 'received',
    // and the command (still pending on the hub) is simply run on the next drain.
    if (!(await reportInProgress(command))) return { status: 'failed', message: 'refused by the hub' };
    started();
    state.update((current) => (current.inflightCommand?.id === command.id ? { inflightCommand: { ...current.inflightCommand, phase: 'executing' } } : {}));

    let outcome: CommandOutcome;
    try {
      outcome = await handler.run(parameters, contextFor(command.id, command.name));
    } catch (error) {
      outcome = { status: 'failed', message: errorMessage(error) };
    }
    if (outcome.status === 'awaiting_restart') {
      logger.info('command awaits restart', { id: command.id, name: command.name });
      restartRequestedAt.set(command.id, options.ctx.clock.now());
      return outcome;
    }
    await results.send(subject, toFinal(outcome));
    return outcome;
  };

  /** False when the hub refuses for good (e.g. it already timed the command out): skip it. */
  const reportInProgress = async (command: CommandRequest): Promise<boolean> => {
    try {
      await hub.updateCommand({ id: command.id, status: 'in_progress' });
      return true;
    } catch (error) {
      if (!isRefusedForGood(error)) throw error;
      logger.warn('hub refused in_progress; command skipped', { id: command.id, name: command.name, error });
      results.clearRecord(command.id);
      return false;
    }
  };

  /** One command from Get Command; returns false when the process is about to restart. */
  const handle = async (command: CommandRequest): Promise<boolean> => {
    const record = state.get().inflightCommand;
    if (record && needsReport(record)) {
      // This command's own record (the hub hands it back in_progress) or a different command's
      // leftover: either way its result or afterRestart rule decides; it is never re-run.
      await settleRecord(record);
      if (record.id === command.id) return true;
    }
    if (command.status === 'in_progress' && record?.id !== command.id) {
      // In progress on the hub but no local record: it may have run already, so never re-run it.
      const outcome = toFinal({ status: 'failed', message: `${INTERRUPTED_MESSAGE} (no local record)` });
      await results.send({ id: command.id, name: command.name, label: labelFor(command.name, command.parameters ?? {}) }, outcome);
      return true;
    }
    return (await execute(command)).status !== 'awaiting_restart';
  };

  return {
    async drain() {
      if (awaitingOwnRestart()) return;
      await resendDecided();
      for (let handled = 0; handled < maxPerDrain; handled++) {
        const command = await hub.getCommand();
        if (!command) {
          dropStaleReceived();
          return;
        }
        if (!(await handle(command))) return;
      }
      logger.warn('command drain stopped at its per-call limit; continuing next tick', { limit: maxPerDrain });
    },
    async reportInterrupted() {
      const record = state.get().inflightCommand;
      // 'received' without a result: never started, and still pending on the hub, which will
      // hand it out again.
      if (!record || !needsReport(record)) return;
      await settleRecord(record);
    },
  };

  function dropStaleReceived() {
    // Nothing pending on the hub, so a never-started record belongs to a command the hub withdrew.
    const record = state.get().inflightCommand;
    if (record && !needsReport(record)) results.clearRecord(record.id);
  }
}
