// What the core may ask of the machine (commands reboot / restart / reload / screenshot, and quit),
// as the PlatformHooks the runtime takes. Electron objects come in as small structural parameters
// so the decisions (which reboot command, relaunch-then-exit) are tested in Node.
import { execFile } from 'node:child_process';
import type { Logger } from '../core/log/logger';

export interface PlatformActions {
  reboot(): Promise<void>;
  restartApp(): Promise<void>;
  reload(): Promise<void>;
  screenshot(): Promise<Buffer | null>;
  quit(): Promise<void>;
}

export interface PlatformActionDeps {
  platform: NodeJS.Platform;
  app: { relaunch(): void; exit(code?: number): void; quit(): void };
  /** Reloads the kiosk page (or reopens it after the safe screen). */
  reloadPage: () => Promise<void>;
  /** PNG of the kiosk window, or null when there is no window to capture. */
  capturePage: () => Promise<Buffer | null>;
  run?: (command: string, args: readonly string[]) => Promise<void>;
  logger: Logger;
}

export interface SystemCommand {
  command: string;
  args: readonly string[];
}

/**
 * The OS reboot command. Linux uses logind, which lets the active local session reboot without
 * root (the kiosk user is that session); Windows' shutdown works for an interactive user.
 */
export function rebootCommandFor(platform: NodeJS.Platform): SystemCommand | null {
  switch (platform) {
    case 'linux':
      return { command: 'systemctl', args: ['reboot'] };
    case 'win32':
      return { command: 'shutdown', args: ['/r', '/t', '0'] };
    case 'darwin':
      return { command: 'osascript', args: ['-e', 'tell application "System Events" to restart'] };
    default:
      return null;
  }
}

export function createPlatformActions(deps: PlatformActionDeps): PlatformActions {
  const run = deps.run ?? runCommand;
  return {
    async reboot() {
      const command = rebootCommandFor(deps.platform);
      if (!command) throw new Error(`reboot is not supported on ${deps.platform}`);
      deps.logger.warn('rebooting the machine', { command: command.command });
      await run(command.command, command.args);
    },
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

function runCommand(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, [...args], { timeout: 30_000 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${command} failed: ${String(stderr || error.message).trim().slice(0, 200)}`));
      else resolve();
    });
  });
}
