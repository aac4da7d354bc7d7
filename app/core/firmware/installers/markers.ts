// The launcher's boot-counter markers (build/launcher/xyte-kiosk-launcher.sh), written in the app's
// data dir by the installers whose packages the launcher can roll back (AppImage, deb):
//   upgrade-pending     written before the new version is put in place (contains the new version)
//   upgrade-boot-count  the launcher's count of unconfirmed starts
//   upgrade-confirmed   the new version proved healthy
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const MARKERS = { pending: 'upgrade-pending', count: 'upgrade-boot-count', confirmed: 'upgrade-confirmed' } as const;

export interface Markers {
  /** A new version is about to be installed: start counting unconfirmed starts. */
  arm(version: string): Promise<void>;
  /** The new version is healthy: the launcher stops counting. */
  confirm(): Promise<void>;
  /** Nothing pending any more (the install failed, or it was rolled back). */
  clear(): Promise<void>;
}

/** Markers in `dir`; without a dir (tests, headless) every call does nothing. */
export function createMarkers(dir: string | undefined): Markers {
  const remove = async (name: string) => {
    if (dir) await rm(join(dir, name), { force: true });
  };
  return {
    async arm(version) {
      await remove(MARKERS.confirmed);
      await remove(MARKERS.count);
      if (dir) await writeFile(join(dir, MARKERS.pending), `${version}\n`);
    },
    async confirm() {
      if (dir) await writeFile(join(dir, MARKERS.confirmed), 'confirmed\n');
      await remove(MARKERS.pending);
      await remove(MARKERS.count);
    },
    async clear() {
      await remove(MARKERS.pending);
      await remove(MARKERS.count);
    },
  };
}
