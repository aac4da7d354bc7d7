// `reload`: reloads the kiosk screen; the process survives, so the result is known at once.
import { errorMessage, type CommandHandler } from '../handler-types';

export function createReloadHandler(): CommandHandler {
  return {
    name: 'reload',
    label: () => 'Reloading the screen…',
    async run(_params, ctx) {
      try {
        await ctx.platform.reload();
        return { status: 'done' };
      } catch (error) {
        return { status: 'failed', message: `reload failed: ${errorMessage(error)}` };
      }
    },
  };
}
