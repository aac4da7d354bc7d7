// Builds the core runtime for the Electron shell: where state lives, the safeStorage secret box,
// the electron-store conf and the platform hooks. Called once from main.ts after 'ready'.
import { app, safeStorage } from 'electron';
import Store from 'electron-store';
import { createKioskRuntime, type KioskRuntime } from '../core/runtime';
import type { RootLogger } from '../core/log/logger';
import { DEVICE_STATE_CONFIG_NAME, deviceStateConfOptions } from '../core/state/device-state-store';
import { createPlatformActions } from './platform-actions';
import { createSafeStorageBox } from './safe-storage-box';
import { electronPaths } from './runtime-paths';

export interface RuntimeSetupDeps {
  logger: RootLogger;
  reloadPage: () => Promise<void>;
  capturePage: () => Promise<Buffer | null>;
}

export async function setUpRuntime({ logger, reloadPage, capturePage }: RuntimeSetupDeps): Promise<KioskRuntime> {
  const paths = electronPaths(process.env, app.getPath('appData'));
  // electron-store with the core's conf options (mode 0600, never silently reset on corruption).
  const conf = new Store({ ...deviceStateConfOptions(paths.dataDir), name: DEVICE_STATE_CONFIG_NAME });
  return createKioskRuntime({
    dataDir: paths.dataDir,
    entryUrl: paths.entryUrl,
    deviceConfigPath: paths.deviceConfigPath,
    appVersion: app.getVersion(),
    logger,
    secretBox: createSafeStorageBox(safeStorage, logger.child('secret-box')),
    conf,
    platform: createPlatformActions({ platform: process.platform, app, reloadPage, capturePage, logger: logger.child('platform') }),
  });
}

