// What the core may ask of the Electron app (commands restart / reload / screenshot, and quit), as
// the PlatformHooks the runtime takes. Electron objects come in as small structural parameters so
// the decisions (relaunch-then-exit) are tested in Node.
import type { Logger } from '../core/log/logger';

/** No reboot here: the core's one reboot path (config `commands.reboot_command`, else the OS
 * default) serves this shell too; runtime-setup turns it on with `systemReboot`. */
export interface PlatformActions {
  restartApp(): Promise<void>;
  reload(): Promise<void>;
  screenshot(): Promise<Buffer | null>;
  quit(): Promise<void>;
}

export interface PlatformActionDeps {
  app: { relaunch(): void; exit(code?: number): void; quit(): void };
  /** Reloads the kiosk page (or reopens it after the safe screen). */
  reloadPage: () => Promise<void>;
  /** PNG of the kiosk window, or null when there is no window to capture. */
  capturePage: () => Promise<Buffer | null>;
  logger: Logger;
}

export function createPlatformActions(deps: PlatformActionDeps): PlatformActions {
  return {
    async restartApp() {
      deps.logger.warn('restarting the application');
      // relaunch() only schedules the new instance; exit() (not quit()) avoids a before-quit
      // handler cancelling the restart half-way.
      deps.app.relaunch();
      deps.app.exit(0);
    },
    reload: () => deps.reloadPage(),
    screenshot: () => deps.capturePage(),
    async quit() {
      deps.app.quit();
    },
  };
}
