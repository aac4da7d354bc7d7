// Builds the firmware updater (app/core/firmware) from what the runtime knows: where state lives,
// who we are on the hub, the applied config's upgrade policy, and which installer this machine
// uses. Every shell gets the same pipeline; only the installer choice differs.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { UpgradeProgress } from '../../ipc/contract';
import type { StateAccess } from '../state/state-access';
import type { Clock } from '../deps';
import {
  chooseInstaller,
  createFirmwareUpdater,
  createInstaller,
  type FirmwarePolicy,
  type FirmwareUpdater,
  type InstallerChoice,
  type InstallerEnv,
} from '../firmware';
import type { Logger } from '../log/logger';
import type { OutboundPolicy } from '../net/outbound-url';
import type { Identity } from '../state/schema';
import type { ConfigView } from '../agent/config-view';

export const IDLE_TIMEOUT_MS = 30_000;
export const MIN_FREE_FLOOR_BYTES = 200 * 1024 * 1024;

export interface FirmwareRuntimeOptions {
  /** 'auto' (default) | 'none' | 'command:<absolute path>' | 'appimage' | 'nsis' | 'deb'. */
  installer?: string;
  /** Confirm a new version only after the renderer sent a heartbeat (default true; headless: false). */
  requireRendererHeartbeat?: boolean;
  /** Default `<dataDir>/staging`. */
  stagingDir?: string;
  /** The download watchdog's clock (default: the runtime's). Tests with a fake agent clock pass real time. */
  clock?: Clock;
}

export interface FirmwareDepsInput {
  options: FirmwareRuntimeOptions;
  dataDir: string;
  appVersion: string;
  state: StateAccess;
  config: ConfigView;
  identity(): Identity | null;
  clock: Clock;
  logger: Logger;
  onProgress(progress: UpgradeProgress): void;
  /** The outbound-URL policy for download hosts (and the operator's proxy variables). */
  outbound(): OutboundPolicy;
  /** Host facts for 'auto' (tests pass their own). */
  env?: Omit<InstallerEnv, 'configured'> & { electron: boolean };
}

export interface RuntimeFirmware {
  updater: FirmwareUpdater;
  installer: InstallerChoice;
  /** The size of the file about to be fetched (free-space policy), null when unknown. */
  setFileSize(bytes: number | null): void;
}

export function createRuntimeFirmware(input: FirmwareDepsInput): RuntimeFirmware {
  const stagingDir = input.options.stagingDir ?? path.join(input.dataDir, 'staging');
  mkdirSync(stagingDir, { recursive: true, mode: 0o700 });
  const choice = resolveInstaller(input.options.installer ?? 'auto', input.env ?? hostEnv());
  if (choice.kind === 'none') input.logger.info('firmware upgrades unavailable', { why: choice.why });
  let fileSize: number | null = null;
  const updater = createFirmwareUpdater({
    stagingDir,
    appVersion: input.appVersion,
    hubOrigin: () => new URL(requireIdentity(input).hubUrl).origin,
    accessKey: () => requireIdentity(input).accessKey,
    readRecord: () => input.state.get().upgrade,
    writeRecord: (record) => void input.state.update({ upgrade: record }),
    installer: createInstaller(choice, { markerDir: input.dataDir }),
    policy: () => ({ ...policyFrom(input.config(), fileSize), outbound: input.outbound() }),
    onProgress: input.onProgress,
    logger: input.logger,
    clock: input.options.clock ?? input.clock,
  });
  return { updater, installer: choice, setFileSize: (bytes) => void (fileSize = bytes) };
}

/** The applied config's upgrade section as the pipeline's policy. */
export function policyFrom(config: ReturnType<ConfigView>, fileSize: number | null): FirmwarePolicy {
  const { upgrade } = config;
  return {
    maxBytes: upgrade.max_size_mb * 1024 * 1024,
    allowUnverified: upgrade.allow_unverified,
    publicKeyPem: upgrade.public_key_pem,
    idleTimeoutMs: IDLE_TIMEOUT_MS,
    // Room for the installer's copy of the file, and never a disk filled to the brim by a download.
    minFreeBytes: Math.max(2 * (fileSize ?? 0), MIN_FREE_FLOOR_BYTES),
  };
}

/**
 * 'auto' detection looks at the executable: under plain Node (headless runner, browser shell,
 * tests) that is node itself, and /usr/bin/node would pass for an installed .deb. Decision: only
 * the packaged Electron app detects; elsewhere the shell must name an installer.
 */
export function resolveInstaller(configured: string, env: Omit<InstallerEnv, 'configured'> & { electron: boolean }): InstallerChoice {
  const value = configured.trim();
  if ((value === '' || value === 'auto') && !env.electron) {
    return { kind: 'none', why: 'installer auto-detection needs the packaged app; pass an installer (e.g. command:<path>)' };
  }
  return chooseInstaller({ platform: env.platform, appImage: env.appImage, execPath: env.execPath, configured: value });
}

function hostEnv(): Omit<InstallerEnv, 'configured'> & { electron: boolean } {
  return { platform: process.platform, appImage: process.env.APPIMAGE, execPath: process.execPath, electron: Boolean(process.versions.electron) };
}

function requireIdentity(input: FirmwareDepsInput): Identity {
  const identity = input.identity();
  if (!identity) throw new Error('the device is not registered');
  return identity;
}
