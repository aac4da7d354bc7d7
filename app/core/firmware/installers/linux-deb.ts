// .deb installs need root: they go through a small privileged helper shipped by the package and
// allowed by a polkit rule, `pkexec /usr/lib/xyte-kiosk/install-deb <file>` (the helper runs
// `apt-get install --allow-downgrades <file>` and keeps the previous .deb for `--rollback`).
import { FirmwareError } from '../errors';
import { describeExit, runProcess, type CommandSpec } from './process';
import type { Installer } from './types';

export const DEB_HELPER = '/usr/lib/xyte-kiosk/install-deb';

export function buildDebInstall(stagedFile: string, helper = DEB_HELPER): CommandSpec {
  return { file: 'pkexec', args: [helper, stagedFile] };
}

export function buildDebRollback(helper = DEB_HELPER): CommandSpec {
  return { file: 'pkexec', args: [helper, '--rollback'] };
}

export function createDebInstaller(opts: { helper?: string; timeoutMs?: number } = {}): Installer {
  const timeoutMs = opts.timeoutMs ?? 10 * 60_000;
  return {
    kind: 'deb',
    async install(stagedFile) {
      const spec = buildDebInstall(stagedFile, opts.helper);
      const result = await runProcess(spec, timeoutMs);
      if (result.code !== 0) throw new FirmwareError('install-failed', describeExit(spec, result));
      return { kind: 'restart-required' };
    },
    async rollback() {
      const spec = buildDebRollback(opts.helper);
      const result = await runProcess(spec, timeoutMs);
      if (result.code !== 0) throw new FirmwareError('rollback-failed', describeExit(spec, result));
    },
  };
}
