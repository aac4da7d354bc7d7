// The machine reboot the headless runner uses for PlatformHooks.reboot. The command line comes from
// config `commands.reboot_command` (operators on locked-down images use sudo wrappers, etc.).
// spawn is injected so tests exercise this without rebooting the machine.
import type { SpawnOptions } from 'node:child_process';

export interface SpawnedProcess {
  once(event: 'error', listener: (error: Error) => void): unknown;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
}

export type SpawnFn = (command: string, args: readonly string[], options: SpawnOptions) => SpawnedProcess;

export function defaultRebootCommand(platform: NodeJS.Platform = process.platform): string[] {
  return platform === 'win32' ? ['shutdown', '/r', '/t', '0'] : ['systemctl', 'reboot'];
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
