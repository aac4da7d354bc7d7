// Fills in the platform hooks a shell did not provide: a command that needs one fails with a clear
// message ("reboot is not supported by this shell") instead of pretending to have worked. A shell
// that really may reboot the machine says so (`systemReboot`): the command line then comes from
// the cloud config `commands.reboot_command`, else the OS default.
import { spawn } from 'node:child_process';
import { createSystemReboot, resolveRebootCommand, type PlatformHooks, type SpawnFn } from '../commands';

export interface PlatformDefaults {
  /** Allow reboot() to run the configured system command when the shell gave no reboot hook. */
  systemReboot?: boolean;
  rebootCommand(): readonly string[] | undefined;
  platform?: NodeJS.Platform;
  spawn?: SpawnFn;
}

export function completePlatformHooks(partial: Partial<PlatformHooks> = {}, defaults?: PlatformDefaults): PlatformHooks {
  const unsupported = (what: string) => async () => {
    throw new Error(`${what} is not supported by this shell`);
  };
  // Resolved at reboot time: a config applied since start-up decides.
  const systemReboot = defaults?.systemReboot
    ? async () => {
        const argv = resolveRebootCommand(defaults.rebootCommand(), defaults.platform ?? process.platform);
        if (!argv) throw new Error(`reboot is not supported on ${defaults.platform ?? process.platform}; set commands.reboot_command`);
        await createSystemReboot(argv, defaults.spawn ?? spawn)();
      }
    : undefined;
  return {
    reboot: partial.reboot ?? systemReboot ?? unsupported('reboot'),
    restartApp: partial.restartApp ?? unsupported('restarting the application'),
    reload: partial.reload ?? unsupported('reloading the screen'),
    screenshot: partial.screenshot ?? (async () => null),
    quit: partial.quit ?? (async () => undefined),
  };
}
