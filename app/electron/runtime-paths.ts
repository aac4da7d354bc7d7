// Where the Electron shell keeps its state and finds its provisioning settings. Environment
// variables win (fleet images can set them in the systemd unit). The default state dir is
// <appData>/xyte-kiosk — the same directory build/launcher/xyte-kiosk-launcher.sh uses for its
// upgrade markers (XYTE_DATA_DIR, default ${XDG_CONFIG_HOME:-~/.config}/xyte-kiosk), and apart
// from Chromium's own userData ("<appData>/Xyte Kiosk").
import path from 'node:path';

export interface ElectronPaths {
  dataDir: string;
  /** The provisioning server; undefined → the core's device file (device.json) must provide it. */
  entryUrl: string | undefined;
  deviceConfigPath: string | undefined;
}

export function electronPaths(env: NodeJS.ProcessEnv, appDataDir: string): ElectronPaths {
  return {
    dataDir: nonEmpty(env.XYTE_DATA_DIR) ?? path.join(appDataDir, 'xyte-kiosk'),
    entryUrl: nonEmpty(env.XYTE_ENTRY_URL),
    deviceConfigPath: nonEmpty(env.XYTE_DEVICE_CONFIG),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value : undefined;
}
