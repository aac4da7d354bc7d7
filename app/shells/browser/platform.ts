// PlatformHooks for the browser shell: a development and test shell, so it never reboots or
// restarts the machine it runs on; it says what a real kiosk would do. `reload` reloads the pages
// connected to the shell (and fails when none is), `screenshot` fails with the reason (a page
// cannot capture itself without a capture library), and `quit` stops the shell.
import type { PlatformHooks } from '../../core/commands';
import type { Logger } from '../../core/log/logger';

export const NO_SCREEN_TO_RELOAD = 'no kiosk screen is connected to the browser shell';
export const NO_SCREENSHOT = 'the browser shell cannot capture the screen (the Electron kiosk can)';

export interface BrowserScreens {
  /** Asks every connected screen to reload; returns how many were asked. */
  reloadScreens(): number;
}

/** `screens` is read at command time: the shell starts listening after the runtime is built. */
export function createBrowserPlatform(logger: Logger, quit: () => void, screens: () => BrowserScreens | null): Partial<PlatformHooks> {
  return {
    reboot: async () => logger.info('browser shell: a real kiosk would reboot the machine now'),
    restartApp: async () => logger.info('browser shell: a real kiosk would restart the app now'),
    reload: async () => {
      if (!(screens()?.reloadScreens() ?? 0)) throw new Error(NO_SCREEN_TO_RELOAD);
    },
    screenshot: async () => {
      throw new Error(NO_SCREENSHOT);
    },
    quit: async () => {
      // After the hook returns, so the command result is recorded first.
      setImmediate(quit);
    },
  };
}
