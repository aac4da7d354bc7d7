// The ONE machine reboot, for every shell that may reboot (Electron kiosk, headless runner): the
// command line comes from the cloud config `commands.reboot_command` (operators on locked-down
// images use sudo wrappers, etc.), else the OS default. spawn is injected so tests exercise this
// without rebooting the machine.
import type { SpawnOptions } from 'node:child_process';

export interface SpawnedProcess {
  once(event: 'error', listener: (error: Error) => void): unknown;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
}

export type SpawnFn = (command: string, args: readonly string[], options: SpawnOptions) => SpawnedProcess;

/**
 * The OS reboot command, or null where we do not know one. Linux uses logind, which lets the
 * active local session (the kiosk user) reboot without root; Windows' shutdown works for an
 * interactive user.
 */
export function defaultRebootCommand(platform: NodeJS.Platform = process.platform): string[] | null {
  switch (platform) {
    case 'linux':
      return ['systemctl', 'reboot'];
    case 'win32':
      return ['shutdown', '/r', '/t', '0'];
    case 'darwin':
      return ['osascript', '-e', 'tell application "System Events" to restart'];
    default:
      return null;
  }
}

/** The command a reboot runs: the cloud's `commands.reboot_command` when set, else the OS default. */
export function resolveRebootCommand(configured: readonly string[] | undefined, platform: NodeJS.Platform = process.platform): readonly string[] | null {
  return configured && configured.length > 0 ? configured : defaultRebootCommand(platform);
}

/** Returns a reboot() that runs `argv` and resolves when it exits 0, rejecting with why otherwise. */
export function createSystemReboot(argv: readonly string[], spawn: SpawnFn): () => Promise<void> {
  return () =>
    new Promise<void>((resolve, reject) => {
      const [command, ...args] = argv;
      if (!command) return reject(new Error('no reboot command configured'));
      let child: SpawnedProcess;
      try {
        child = spawn(command, args, { stdio: 'ignore', shell: false });
      } catch (error) {
        return reject(error instanceof Error ? error : new Error(String(error)));
      }
      child.once('error', (error) => reject(new Error(`${command}: ${error.message}`)));
      child.once('exit', (code, signal) => {
        if (code === 0) resolve();
        else reject(new Error(`${command} exited with ${code !== null ? `code ${code}` : `signal ${signal ?? 'unknown'}`}`));
      });
    });
}
