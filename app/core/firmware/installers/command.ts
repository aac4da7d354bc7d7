// `command:<path>`: an operator-provided script does the install. Contract (README):
//   <path> <stagedFile> <version>   exit 0 → restart required; print a line `installed` when the new
//                                   version is already live and no restart is needed
//   <path> --rollback               restore the previous version; exit 0 on success
import { FirmwareError } from '../errors';
import { describeExit, runProcess, type CommandSpec } from './process';
import type { Installer, InstallResult } from './types';

export interface CommandInstallerOptions {
  path: string;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000;

export function buildCommandInstall(path: string, stagedFile: string, version: string): CommandSpec {
  return { file: path, args: [stagedFile, version] };
}

export function createCommandInstaller(opts: CommandInstallerOptions): Installer {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    kind: `command:${opts.path}`,
    async install(stagedFile, version): Promise<InstallResult> {
      const spec = buildCommandInstall(opts.path, stagedFile, version);
      const result = await runProcess(spec, timeoutMs);
      if (result.code !== 0) throw new FirmwareError('install-failed', describeExit(spec, result));
      const saysInstalled = result.stdout.split(/\r?\n/).some((line) => line.trim() === 'installed');
      return saysInstalled ? { kind: 'installed' } : { kind: 'restart-required' };
    },
    async rollback() {
      const spec: CommandSpec = { file: opts.path, args: ['--rollback'] };
      const result = await runProcess(spec, timeoutMs);
      if (result.code !== 0) throw new FirmwareError('rollback-failed', describeExit(spec, result));
    },
  };
}
