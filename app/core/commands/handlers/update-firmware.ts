// `update_firmware` is a slot: the firmware pipeline (app/core/firmware) is wired in by the agent.
// This file owns only what the command protocol needs: the target version on the record, and the
// after-restart rule (done only if the running version is the target, docs/PROTOCOL.md#interrupted-commands).
import type { JsonObject } from '../../hub';
import type { CommandRecord } from '../../state/schema';
import type { CommandHandler, CommandOutcome } from '../handler-types';

export type StartFirmwareUpdate = (params: JsonObject, record: CommandRecord) => Promise<CommandOutcome>;

export function createUpdateFirmwareHandler(start: StartFirmwareUpdate): CommandHandler {
  return {
    name: 'update_firmware',
    label: (params) => (typeof params.version === 'string' ? `Installing version ${params.version}…` : 'Installing an update…'),
    async run(params, ctx) {
      const targetVersion = typeof params.version === 'string' ? params.version : undefined;
      const record = ctx.state.update((current) =>
        current.inflightCommand && targetVersion ? { inflightCommand: { ...current.inflightCommand, targetVersion } } : {},
      ).inflightCommand;
      if (!record) return { status: 'failed', message: 'no in-flight command record' };
      return start(params, record);
    },
    afterRestart(record, ctx) {
      if (!record.targetVersion) return { status: 'failed', message: 'interrupted by restart (no target version recorded)' };
      if (record.targetVersion === ctx.appVersion) return { status: 'done' };
      return { status: 'failed', message: `update to ${record.targetVersion} did not complete: running ${ctx.appVersion}` };
    },
  };
}
