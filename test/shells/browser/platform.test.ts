// The browser shell's platform hooks against a real shell and real WebSocket clients: `reload`
// reaches every connected screen or fails with the reason; `screenshot` never pretends.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../app/core/log/logger';
import { createReloadHandler } from '../../../app/core/commands/handlers/reload';
import { createScreenshotHandler } from '../../../app/core/commands/handlers/screenshot';
import { createBrowserPlatform, NO_SCREEN_TO_RELOAD, NO_SCREENSHOT } from '../../../app/shells/browser/platform';
import { startTestShell, type ShellFixture } from './helpers';
import { connectClient } from './ws-client';

describe('browser shell platform', () => {
  let fx: ShellFixture;
  beforeEach(async () => {
    fx = await startTestShell();
  });
  afterEach(async () => fx.close());

  const hooks = () => createBrowserPlatform(silentLogger, () => undefined, () => fx.shell);
  // The two handlers only touch ctx.platform (and, for a picture, the hub, which is never reached).
  const ctx = () => ({ platform: hooks() }) as unknown as Parameters<ReturnType<typeof createReloadHandler>['run']>[1];

  it('reload asks every connected screen to reload and is done', async () => {
    const a = await connectClient(fx.shell.port);
    const b = await connectClient(fx.shell.port);
    try {
      expect(await createReloadHandler().run({}, ctx())).toEqual({ status: 'done' });
      await expect(a.next((m) => m.type === 'reload')).resolves.toEqual({ type: 'reload' });
      await expect(b.next((m) => m.type === 'reload')).resolves.toEqual({ type: 'reload' });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('reload with no screen connected fails with the reason', async () => {
    expect(await createReloadHandler().run({}, ctx())).toEqual({ status: 'failed', message: `reload failed: ${NO_SCREEN_TO_RELOAD}` });
    const noShell = createBrowserPlatform(silentLogger, () => undefined, () => null);
    await expect(noShell.reload!()).rejects.toThrow(NO_SCREEN_TO_RELOAD);
  });

  it('screenshot fails with a clear reason, never done without a picture', async () => {
    expect(await createScreenshotHandler().run({}, ctx())).toEqual({ status: 'failed', message: `screenshot failed: ${NO_SCREENSHOT}` });
  });
});
