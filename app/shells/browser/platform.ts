// PlatformHooks for the browser shell: a development and test shell, so it never reboots or
// restarts the machine it runs on; it says what a real kiosk would do. `quit` stops the shell.
import type { PlatformHooks } from '../../core/commands';
import type { Logger } from '../../core/log/logger';

export function createBrowserPlatform(logger: Logger, quit: () => void): Partial<PlatformHooks> {
  return {
    reboot: async () => logger.info('browser shell: a real kiosk would reboot the machine now'),
    restartApp: async () => logger.info('browser shell: a real kiosk would restart the app now'),
    reload: async () => logger.info('browser shell: reload the browser tab to reload the kiosk screen'),
    screenshot: async () => null,
    quit: async () => {
      // After the hook returns, so the command result is recorded first.
      setImmediate(quit);
    },
  };
}
