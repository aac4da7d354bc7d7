// One reboot path for every shell: the command comes from the cloud config, else the OS default,
// decided when the reboot happens (a config applied after start counts). Spawn is recorded, never run.
import { describe, expect, it } from 'vitest';
import { defaultRebootCommand, resolveRebootCommand, type SpawnFn } from '../../../app/core/commands';
import { completePlatformHooks } from '../../../app/core/composition/platform-hooks';

function recordingSpawn(exitCode = 0) {
  const runs: string[][] = [];
  const spawn: SpawnFn = (command, args) => {
    runs.push([command, ...args]);
    return {
      once(event: string, listener: (...a: never[]) => void) {
        if (event === 'exit') queueMicrotask(() => (listener as (code: number) => void)(exitCode));
        return this;
      },
    } as ReturnType<SpawnFn>;
  };
  return { runs, spawn };
}

describe('resolveRebootCommand', () => {
  it.each<[readonly string[] | undefined, NodeJS.Platform, readonly string[] | null]>([
    [['sudo', '/sbin/reboot'], 'linux', ['sudo', '/sbin/reboot']],
    [['C:\\tools\\reboot.cmd'], 'win32', ['C:\\tools\\reboot.cmd']],
    [undefined, 'linux', ['systemctl', 'reboot']],
    [[], 'linux', ['systemctl', 'reboot']],
    [undefined, 'win32', ['shutdown', '/r', '/t', '0']],
    [undefined, 'darwin', ['osascript', '-e', 'tell application "System Events" to restart']],
    [undefined, 'aix', null],
    [['/opt/reboot'], 'aix', ['/opt/reboot']],
  ])('%j on %s → %j', (configured, platform, expected) => {
    expect(resolveRebootCommand(configured, platform)).toEqual(expected);
  });

  it('the OS default is the same one the config falls back to', () => {
    expect(resolveRebootCommand(undefined, 'linux')).toEqual(defaultRebootCommand('linux'));
  });
});

describe('completePlatformHooks reboot', () => {
  it('runs the configured command as it is at reboot time', async () => {
    const { runs, spawn } = recordingSpawn();
    const config: { reboot_command?: string[] } = {};
    const hooks = completePlatformHooks({}, { systemReboot: true, rebootCommand: () => config.reboot_command, platform: 'linux', spawn });
    await hooks.reboot();
    config.reboot_command = ['sudo', '/usr/local/bin/kiosk-reboot'];
    await hooks.reboot();
    expect(runs).toEqual([['systemctl', 'reboot'], ['sudo', '/usr/local/bin/kiosk-reboot']]);
  });

  it('fails clearly where there is neither a configured nor a known OS command', async () => {
    const { spawn } = recordingSpawn();
    const hooks = completePlatformHooks({}, { systemReboot: true, rebootCommand: () => undefined, platform: 'aix', spawn });
    await expect(hooks.reboot()).rejects.toThrow(/not supported on aix; set commands.reboot_command/);
  });

  it('a shell that may not reboot says so', async () => {
    const hooks = completePlatformHooks({}, { rebootCommand: () => ['x'] });
    await expect(hooks.reboot()).rejects.toThrow(/not supported by this shell/);
  });
});
