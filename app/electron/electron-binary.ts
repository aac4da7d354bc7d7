// Finds the Electron executable the way node_modules/electron/index.js does, WITHOUT requiring it:
// that module starts a download when the binary is missing, and nothing can be downloaded here.
import path from 'node:path';

export interface FileProbe {
  exists(file: string): boolean;
  read(file: string): string;
}

/** Absolute path of the Electron executable, or null when the binary is not installed. */
export function findElectronBinary(electronPackageDir: string, env: NodeJS.ProcessEnv, probe: FileProbe): string | null {
  const pathFile = path.join(electronPackageDir, 'path.txt');
  const relative = probe.exists(pathFile) ? probe.read(pathFile).trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override
    ? path.join(override, relative || 'electron')
    : relative
      ? path.join(electronPackageDir, 'dist', relative)
      : null;
  return candidate && probe.exists(candidate) ? candidate : null;
}
