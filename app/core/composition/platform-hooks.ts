// Fills in the platform hooks a shell did not provide: a command that needs one fails with a clear
// message ("reboot is not supported by this shell") instead of pretending to have worked. A shell
// that really may reboot the machine says so (`systemReboot`): the command line then comes from
// the cloud config `commands.reboot_command`, else the OS default.
import { spawn } from 'node:child_process';
import { createSystemReboot, defaultRebootCommand, type PlatformHooks } from '../commands';

export interface PlatformDefaults {
  /** Allow reboot() to run the configured system command when the shell gave no reboot hook. */
  systemReboot?: boolean;
  rebootCommand(): readonly string[] | undefined;
}

export function completePlatformHooks(partial: Partial<PlatformHooks> = {}, defaults?: PlatformDefaults): PlatformHooks {
  const unsupported = (what: string) => async () => {
    throw new Error(`${what} is not supported by this shell`);
  };
  const systemReboot = defaults?.systemReboot
    ? () => createSystemReboot(defaults.rebootCommand() ?? defaultRebootCommand(), spawn)()
    : undefined;
  return {
    reboot: partial.reboot ?? systemReboot ?? unsupported('reboot'),
    restartApp: partial.restartApp ?? unsupported('restarting the application'),
    reload: partial.reload ?? unsupported('reloading the screen'),
    screenshot: partial.screenshot ?? (async () => null),
    quit: partial.quit ?? (async () => undefined),
  };
}
