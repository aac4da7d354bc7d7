// `screenshot`: uploads a PNG of the kiosk screen as a dump.
import { errorMessage, type CommandHandler } from '../handler-types';
import { dumpTimestamp } from './dump';

export function createScreenshotHandler(): CommandHandler {
  return {
    name: 'screenshot',
    label: () => 'Taking a screenshot…',
    async run(_params, ctx) {
      let image: Buffer | null;
      try {
        image = await ctx.platform.screenshot();
      } catch (error) {
        return { status: 'failed', message: `screenshot failed: ${errorMessage(error)}` };
      }
      if (!image) return { status: 'failed', message: 'no screen to capture on this device' };
      const dumpId = await ctx.hub.sendDump('image/png', `xyte-kiosk-screenshot-${dumpTimestamp(ctx.clock.now())}.png`, image);
      return { status: 'done', message: `screenshot uploaded as dump ${dumpId}` };
    },
  };
}
