import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../app/core/log/logger';
import { createPlatformActions, rebootCommandFor } from '../../app/electron/platform-actions';

describe('rebootCommandFor', () => {
  it.each<[NodeJS.Platform, string | null]>([
    ['linux', 'systemctl reboot'],
    ['win32', 'shutdown /r /t 0'],
    ['darwin', 'osascript -e tell application "System Events" to restart'],
    ['aix', null],
  ])('%s → %s', (platform, expected) => {
    const command = rebootCommandFor(platform);
    expect(command ? [command.command, ...command.args].join(' ') : null).toBe(expected);
  });
});

describe('createPlatformActions', () => {
  function setup(platform: NodeJS.Platform = 'linux') {
    const calls: string[] = [];
    const actions = createPlatformActions({
      platform,
      app: { relaunch: () => calls.push('relaunch'), exit: (code) => calls.push(`exit:${code}`), quit: () => calls.push('quit') },
      reloadPage: async () => void calls.push('reload'),
      capturePage: async () => Buffer.from('png'),
      run: async (command, args) => void calls.push(`run:${command} ${args.join(' ')}`),
      logger: silentLogger,
    });
    return { actions, calls };
  }

  it('reboots through the OS command', async () => {
    const { actions, calls } = setup('linux');
    await actions.reboot();
    expect(calls).toEqual(['run:systemctl reboot']);
  });

  it('refuses to reboot where it does not know how', async () => {
    await expect(setup('aix').actions.reboot()).rejects.toThrow(/not supported/);
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
