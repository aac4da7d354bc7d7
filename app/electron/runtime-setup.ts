// Builds the core runtime for the Electron shell: where state lives, the safeStorage secret box,
// the electron-store conf, display info and the platform hooks. Called once from main.ts after
// 'ready' (safeStorage and screen are unusable before).
import { app, safeStorage, screen } from 'electron';
import Store from 'electron-store';
import { createKioskRuntime, type KioskRuntime } from '../core/runtime';
import type { RootLogger } from '../core/log/logger';
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
  return createKioskRuntime({
    dataDir: paths.dataDir,
    ...(paths.entryUrl ? { entryUrl: paths.entryUrl } : {}),
    ...(paths.deviceConfigPath ? { deviceConfigPath: paths.deviceConfigPath } : {}),
    appVersion: app.getVersion(),
    logger,
    secretBox: createSafeStorageBox(safeStorage, logger.child('secret-box')),
    // A FACTORY, never a pre-built Store: electron-store's constructor throws on a corrupt file,
    // so the core must run its crash recovery first and only then build the store with its conf
    // options (mode 0600, never silently reset). Pinned by test/electron/main-smoke.test.ts.
    createConf: (options) => new Store({ ...options, name: options.configName }),
    getDisplays: () => {
      const primaryId = screen.getPrimaryDisplay().id;
      return screen.getAllDisplays().map((d) => ({ width: d.size.width, height: d.size.height, primary: d.id === primaryId }));
    },
    // 'auto' picks the installer from how this copy was installed (AppImage, NSIS, deb helper).
    firmware: { installer: 'auto' },
    platform: createPlatformActions({ app, reloadPage, capturePage, logger: logger.child('platform') }),
    // The core's one reboot path: the cloud's commands.reboot_command, else the OS default.
    systemReboot: true,
    // downloads honour HTTP(S)_PROXY / NO_PROXY from the service's environment
    proxyEnv: process.env,
  });
}
