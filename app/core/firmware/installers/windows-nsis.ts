// NSIS (electron-builder's Windows installer): start it silently, detached, and let the app quit so
// it can replace the files. `--force-run` makes it start the kiosk again afterwards: nobody is in
// front of the screen to do it. NSIS keeps no previous version, so rollback is not possible here.
import { spawn } from 'node:child_process';
import { FirmwareError } from '../errors';
import type { CommandSpec } from './process';
import type { Installer } from './types';

export function buildNsisCommand(stagedFile: string): CommandSpec {
  return { file: stagedFile, args: ['/S', '--updated', '--force-run'] };
}

export type DetachedSpawner = (spec: CommandSpec) => void;

const spawnDetached: DetachedSpawner = (spec) => {
  spawn(spec.file, spec.args, { detached: true, stdio: 'ignore', windowsHide: true }).unref();
};

export function createNsisInstaller(spawner: DetachedSpawner = spawnDetached): Installer {
  return {
    kind: 'nsis',
    async install(stagedFile) {
      try {
        spawner(buildNsisCommand(stagedFile));
      } catch (error) {
        throw new FirmwareError('install-failed', `could not start the installer: ${(error as Error).message}`);
      }
      return { kind: 'restart-required' };
    },
    rollback: () => Promise.reject(new FirmwareError('rollback-failed', 'the Windows installer keeps no previous version to roll back to')),
  };
}
