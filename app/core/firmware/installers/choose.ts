// Which install strategy fits this machine: a pure decision (table-tested), then a factory.
import { createAppImageInstaller } from './appimage';
import { createCommandInstaller } from './command';
import { createDebInstaller } from './linux-deb';
import { createNoInstaller } from './none';
import type { Installer } from './types';
import { createNsisInstaller } from './windows-nsis';
import { assertNever } from '../../util/assert-never';

export interface InstallerEnv {
  platform: NodeJS.Platform;
  /** $APPIMAGE: set by the AppImage runtime to the image's own path. */
  appImage?: string | undefined;
  execPath: string;
  /** The runtime's `firmware.installer` option (headless: --installer): '' | 'auto' | 'none' | 'appimage' | 'nsis' | 'deb' | 'command:<path>'. */
  configured: string;
}

export type InstallerChoice =
  | { kind: 'command'; path: string }
  | { kind: 'appimage'; target: string }
  | { kind: 'nsis' }
  | { kind: 'deb' }
  | { kind: 'none'; why: string };

export function chooseInstaller(env: InstallerEnv): InstallerChoice {
  const configured = env.configured.trim();
  if (configured.startsWith('command:')) {
    const path = configured.slice('command:'.length).trim();
    if (!path.startsWith('/') && !/^[a-z]:[\\/]/i.test(path)) return { kind: 'none', why: `installer command "${path}" must be an absolute path` };
    return { kind: 'command', path };
  }
  switch (configured) {
    case 'none':
      return { kind: 'none', why: 'upgrades are disabled: the installer is "none" (headless: --installer command:<path>)' };
    case 'appimage':
      return env.appImage ? { kind: 'appimage', target: env.appImage } : { kind: 'none', why: 'installer "appimage" but $APPIMAGE is not set' };
    case 'nsis':
      return { kind: 'nsis' };
    case 'deb':
      return { kind: 'deb' };
    case '':
    case 'auto':
      return detect(env);
    default:
      return { kind: 'none', why: `unknown installer "${configured}"` };
  }
}

function detect(env: InstallerEnv): InstallerChoice {
  if (env.platform === 'linux' && env.appImage) return { kind: 'appimage', target: env.appImage };
  if (env.platform === 'win32') return { kind: 'nsis' };
  if (env.platform === 'linux' && /^\/(opt|usr)\//.test(env.execPath)) return { kind: 'deb' };
  return { kind: 'none', why: `no installer for ${env.platform} at ${env.execPath}; choose one with the installer option (headless: --installer)` };
}

export function createInstaller(choice: InstallerChoice, opts: { markerDir?: string; timeoutMs?: number } = {}): Installer {
  switch (choice.kind) {
    case 'command':
      return createCommandInstaller({ path: choice.path, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) });
    case 'appimage':
      return createAppImageInstaller({ target: choice.target, ...(opts.markerDir ? { markerDir: opts.markerDir } : {}) });
    case 'nsis':
      return createNsisInstaller();
    case 'deb':
      return createDebInstaller({ ...(opts.markerDir ? { markerDir: opts.markerDir } : {}), ...(opts.timeoutMs ? { waitMs: opts.timeoutMs } : {}) });
    case 'none':
      return createNoInstaller(choice.why);
    default:
      return assertNever(choice, 'installer');
  }
}
