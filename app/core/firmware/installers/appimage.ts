// AppImage: the new image is copied next to the running one ($APPIMAGE), made executable, synced,
// and renamed over it in one atomic step; the previous image stays as `<name>.last-good`. At every
// instant the path holds a whole old or a whole new image, so a power cut cannot leave it mixed.
//
// Markers in `markerDir` (the app's data dir) are shared with build/launcher/xyte-kiosk-launcher.sh:
//   upgrade-pending     written before the swap (contains the new version)
//   upgrade-boot-count  the launcher's count of unconfirmed starts
//   upgrade-confirmed   written by confirm(): the new image proved healthy
import { chmod, copyFile, link, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FirmwareError } from '../errors';
import type { Installer } from './types';
import { fsyncFile } from '../download';
import { createMarkers } from './markers';

export { MARKERS } from './markers';

export interface AppImageOptions {
  /** The path of the running AppImage ($APPIMAGE). */
  target: string;
  markerDir?: string;
}

export function lastGoodPath(target: string): string {
  return `${target}.last-good`;
}

export function createAppImageInstaller(opts: AppImageOptions): Installer {
  const markers = createMarkers(opts.markerDir);
  return {
    kind: 'appimage',
    async install(stagedFile, version) {
      const fresh = `${opts.target}.new`;
      try {
        await copyFile(stagedFile, fresh);
        await chmod(fresh, 0o755);
        await fsyncFile(fresh);
        await keepLastGood(opts.target);
        await markers.arm(version);
        await rename(fresh, opts.target);
        await syncDir(dirname(opts.target));
      } catch (error) {
        await rm(fresh, { force: true });
        throw new FirmwareError('install-failed', `could not replace the AppImage: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      return { kind: 'restart-required' };
    },
    async rollback() {
      const tmp = `${opts.target}.rollback`;
      try {
        await copyFile(lastGoodPath(opts.target), tmp);
        await chmod(tmp, 0o755);
        await fsyncFile(tmp);
        await rename(tmp, opts.target);
        await syncDir(dirname(opts.target));
      } catch (error) {
        await rm(tmp, { force: true });
        throw new FirmwareError('rollback-failed', `could not restore ${lastGoodPath(opts.target)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      await markers.clear();
    },
    confirm: () => markers.confirm(),
  };
}

/** Hard-links (or copies) the current image to `.last-good` via a temp name, so that file too is
 * always whole. */
async function keepLastGood(target: string): Promise<void> {
  const tmp = `${lastGoodPath(target)}.tmp`;
  await rm(tmp, { force: true });
  try {
    await link(target, tmp);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // first install: nothing to keep
    await copyFile(target, tmp);
  }
  await rename(tmp, lastGoodPath(target));
}

async function syncDir(path: string): Promise<void> {
  try {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // some filesystems refuse fsync on a directory; the rename itself is still atomic
  }
}
