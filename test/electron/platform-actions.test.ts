import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../app/core/log/logger';
import { createPlatformActions } from '../../app/electron/platform-actions';

describe('createPlatformActions', () => {
  function setup() {
    const calls: string[] = [];
    const actions = createPlatformActions({
      app: { relaunch: () => calls.push('relaunch'), exit: (code) => calls.push(`exit:${code}`), quit: () => calls.push('quit') },
      reloadPage: async () => void calls.push('reload'),
      capturePage: async () => Buffer.from('png'),
      logger: silentLogger,
    });
    return { actions, calls };
  }

  it('has no reboot of its own: the core reboots every shell through one path (commands.reboot_command)', () => {
    expect('reboot' in setup().actions).toBe(false);
  });

  it('restarts by relaunch then exit (not quit)', async () => {
    const { actions, calls } = setup();
    await actions.restartApp();
    expect(calls).toEqual(['relaunch', 'exit:0']);
  });

  it('reloads, captures and quits through its parameters', async () => {
    const { actions, calls } = setup();
    await actions.reload();
    expect((await actions.screenshot())?.toString()).toBe('png');
    await actions.quit();
    expect(calls).toEqual(['reload', 'quit']);
  });
});
