// `reboot`: the record is marked awaiting_restart with this boot's id BEFORE the reboot is asked
// for, so after the machine comes back a different boot id proves the reboot happened (→ done),
// and the same boot id means it never did (→ failed). The runner has already sent in_progress.
import { errorMessage, markAwaitingRestart, type CommandHandler } from '../handler-types';

export function createRebootHandler(): CommandHandler {
  return {
    name: 'reboot',
    label: () => 'Rebooting…',
    async run(_params, ctx) {
      markAwaitingRestart(ctx.state, { bootMarker: ctx.bootId });
      try {
        await ctx.platform.reboot();
      } catch (error) {
        return { status: 'failed', message: `reboot failed: ${errorMessage(error)}` };
      }
      return { status: 'awaiting_restart' };
    },
    afterRestart(record, ctx) {
      if (record.bootMarker && record.bootMarker !== ctx.bootId) return { status: 'done' };
      return { status: 'failed', message: 'the machine did not reboot (the application restarted without a reboot)' };
    },
  };
}
