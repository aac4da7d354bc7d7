// The Get Command loop (xyte-device-api.md §7.3, DESIGN §3.4–3.5). Per command: persist the record
// BEFORE anything else → Update Command in_progress → run → done/failed → clear the record. The
// record is cleared only once the hub accepted the result, so every command is reported exactly
// once even across power cuts; a command the hub hands back `in_progress` after a restart is never
// re-run: its record (or the lack of one) decides the result.
import type { CommandEvent } from '../../ipc/schemas';
import type { StateAccess } from '../config/state-access';
import { HubError, type CommandRequest, type HubClient, type UpdateCommandRequest } from '../hub/types';
import type { Logger } from '../log/logger';
import type { CommandRecord } from '../state/schema';
import {
  INTERRUPTED_MESSAGE,
  defaultAfterRestart,
  errorMessage,
  type CommandContext,
  type CommandHandler,
  type CommandOutcome,
} from './registry';

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
  /** Start-up pass: reports the command that was in flight when the process stopped. */
  reportInterrupted(): Promise<void>;
}

type Report = UpdateCommandRequest & { status: 'done' | 'failed' };
const MESSAGE_MAX = 1000;

export function createCommandRunner(options: CommandRunnerOptions): CommandRunner {
  const { hub, state, emit, logger } = options;
  const maxPerDrain = options.maxPerDrain ?? 20;
  const handlers = new Map(options.handlers.map((handler) => [handler.name, handler]));
  // Results the hub has not accepted yet (network failure after the command ran). Retried first.
  const unsent = new Map<string, { report: Report; name: string; label: string }>();

  const contextFor = (id: string, name: string): CommandContext => ({
    ...options.ctx,
    emitProgress: (label) => emit({ phase: 'progress', id: clip(id, 100), name: clip(name, 100), label: clip(label, 2000) }),
  });

  const clearRecord = (id: string) => {
    state.update((current) => (current.inflightCommand?.id === id ? { inflightCommand: null } : {}));
  };

  /** Sends a final result; clears the record only once the hub took it. */
  const sendResult = async (report: Report, name: string, label: string): Promise<void> => {
    try {
      await hub.updateCommand(report);
    } catch (error) {
      if (error instanceof HubError && error.kind === 'rejected') {
        // The hub refuses this result for good (e.g. it already timed the command out): retrying
        // can never succeed, so drop it rather than wedge the queue.
        logger.warn('command result rejected by the hub; dropped', { id: report.id, error });
      } else {
        if (!(error instanceof HubError && error.kind === 'unauthorized')) unsent.set(report.id, { report, name, label });
        throw error;
      }
    }
    unsent.delete(report.id);
    clearRecord(report.id);
    logger.info('command finished', { id: report.id, name, status: report.status, message: report.message });
    emit({ phase: 'finished', id: clip(report.id, 100), name: clip(name, 100), label: clip(label, 2000), ok: report.status === 'done', ...(report.message ? { message: clip(report.message, 2000) } : {}) });
  };

  const resendUnsent = async () => {
    for (const { report, name, label } of [...unsent.values()]) await sendResult(report, name, label);
  };

  const labelFor = (handler: CommandHandler | undefined, name: string, params: CommandRecord['parameters']) => {
    if (!handler) return `Unsupported command: ${name}`;
    try {
      return handler.label(params);
    } catch {
      return name;
    }
  };

  /** Reports a command interrupted by a restart; its handler's afterRestart rule decides. */
  const finishInterrupted = async (record: CommandRecord): Promise<void> => {
    const handler = handlers.get(record.name);
    let outcome: CommandOutcome;
    try {
      outcome = handler?.afterRestart ? handler.afterRestart(record, contextFor(record.id, record.name)) : defaultAfterRestart();
    } catch (error) {
      outcome = { status: 'failed', message: `${INTERRUPTED_MESSAGE}: ${errorMessage(error)}` };
    }
    if (outcome.status === 'awaiting_restart') outcome = defaultAfterRestart();
    logger.info('command found in flight after restart', { id: record.id, name: record.name, phase: record.phase, outcome: outcome.status });
    await sendResult(toReport(record.id, outcome), record.name, labelFor(handler, record.name, record.parameters));
  };

  const execute = async (command: CommandRequest): Promise<CommandOutcome> => {
    const parameters = command.parameters ?? {};
    const handler = handlers.get(command.name);
    const label = labelFor(handler, command.name, parameters);
    const record: CommandRecord = { id: command.id, name: command.name, parameters, startedAt: new Date(options.ctx.clock.now()).toISOString(), phase: 'received' };
    state.update({ inflightCommand: record });
    const started = () => emit({ phase: 'started', id: clip(command.id, 100), name: clip(command.name, 100), label: clip(label, 2000) });

    if (!handler) {
      started();
      const outcome: CommandOutcome = { status: 'failed', message: `unsupported command ${command.name}` };
      await sendResult(toReport(command.id, outcome), command.name, label);
      return outcome;
    }
    // Mandatory before anything that may reboot (§7.3). If it fails the record stays 'received',
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
      return outcome;
    }
    await sendResult(toReport(command.id, outcome), command.name, label);
    return outcome;
  };

  /** False when the hub refuses for good (e.g. it already timed the command out): skip it. */
  const reportInProgress = async (command: CommandRequest): Promise<boolean> => {
    try {
      await hub.updateCommand({ id: command.id, status: 'in_progress' });
      return true;
    } catch (error) {
      if (!(error instanceof HubError && error.kind === 'rejected')) throw error;
      logger.warn('hub refused in_progress; command skipped', { id: command.id, name: command.name, error });
      clearRecord(command.id);
      return false;
    }
  };

  /** One command from Get Command; returns false when the process is about to restart. */
  const handle = async (command: CommandRequest): Promise<boolean> => {
    const record = state.get().inflightCommand;
    const started = record !== null && record.phase !== 'received';
    if (record && started && record.id === command.id) {
      await finishInterrupted(record);
      return true;
    }
    if (record && started) await finishInterrupted(record); // a different command's leftover record
    const ranBefore = command.status === 'in_progress' && record?.id !== command.id;
    if (ranBefore) {
      // In progress on the hub but no local record: it may have run already, so never re-run it.
      const report = toReport(command.id, { status: 'failed', message: `${INTERRUPTED_MESSAGE} (no local record)` });
      await sendResult(report, command.name, labelFor(handlers.get(command.name), command.name, command.parameters ?? {}));
      return true;
    }
    return (await execute(command)).status !== 'awaiting_restart';
  };

  return {
    async drain() {
      await resendUnsent();
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
      await resendUnsent();
      const record = state.get().inflightCommand;
      // 'received': never started, and still pending on the hub, which will hand it out again.
      if (!record || record.phase === 'received') return;
      await finishInterrupted(record);
    },
  };

  function dropStaleReceived() {
    // Nothing pending on the hub, so a never-started record belongs to a command the hub withdrew.
    const record = state.get().inflightCommand;
    if (record?.phase === 'received') clearRecord(record.id);
  }
}

function toReport(id: string, outcome: Exclude<CommandOutcome, { status: 'awaiting_restart' }>): Report {
  const message = outcome.message ? clip(outcome.message, MESSAGE_MAX) : undefined;
  return { id, status: outcome.status, ...(message ? { message } : {}) };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}
