// `restart_app`: restarting this application is its own proof — if we are running again to read
// the record, the restart happened.
import { errorMessage, markAwaitingRestart, type CommandHandler } from '../handler-types';

export function createRestartAppHandler(): CommandHandler {
  return {
    name: 'restart_app',
    label: () => 'Restarting the application…',
    async run(_params, ctx) {
      markAwaitingRestart(ctx.state);
      try {
        await ctx.platform.restartApp();
      } catch (error) {
        return { status: 'failed', message: `restart failed: ${errorMessage(error)}` };
      }
      return { status: 'awaiting_restart' };
    },
    afterRestart: () => ({ status: 'done' }),
  };
}
