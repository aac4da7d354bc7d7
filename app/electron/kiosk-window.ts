// The one kiosk window: created with the pinned options, loaded from app://, shown when painted,
// and supervised for crashes and hangs (crash-supervisor.ts decides what happens).
import { BrowserWindow, type NativeImage } from 'electron';
import type { Logger } from '../core/log/logger';
import { APP_ENTRY_URL, SAFE_SCREEN_URL } from './app-url';
import { createCrashSupervisor } from './crash-supervisor';
import { toTrouble } from './crash-policy';
import { clampTimerDelay } from '../core/util/timer-delay';
import { kioskWindowOptions } from './window-options';

export interface KioskWindow {
  window: BrowserWindow;
  webContentsIds(): ReadonlySet<number>;
  reloadPage(): Promise<void>;
  /** The kiosk page alone (web items' views are composited over it by screen-capture.ts). */
  captureImage(): Promise<NativeImage | null>;
  /** Current safe-screen text (served by the protocol handler). */
  safeScreenMessage(): string;
}

export interface KioskWindowDeps {
  preloadPath: string;
  isDev: boolean;
  isQuitting: () => boolean;
  logger: Logger;
}

export function openKioskWindow({ preloadPath, isDev, isQuitting, logger }: KioskWindowDeps): KioskWindow {
  const log = logger.child('window');
  const window = new BrowserWindow(kioskWindowOptions({ preloadPath, isDev }));
  const contents = window.webContents;
  const contentsId = contents.id;
  let safeMessage = 'starting';
  // Set when we kill a hung renderer ourselves, so its 'render-process-gone' is not a new crash.
  let expectKill = false;

  const load = (url: string) =>
    window.isDestroyed() ? Promise.resolve() : window.loadURL(url).catch((error: unknown) => log.error('page load failed', { url, error }));
  const reloadPage = () => load(APP_ENTRY_URL);

  const supervisor = createCrashSupervisor({
    now: Date.now,
    setTimer: (fn, ms) => setTimeout(fn, clampTimerDelay(ms)),
    clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
    isQuitting,
    reload: (trouble) => {
      if (trouble === 'unresponsive' && !window.isDestroyed() && !contents.isCrashed()) {
        expectKill = true;
        contents.forcefullyCrashRenderer();
      }
      void reloadPage();
    },
    showSafeScreen: (message) => {
      safeMessage = message;
      void load(SAFE_SCREEN_URL);
    },
    logger: log,
  });

  window.once('ready-to-show', () => window.show());
  contents.on('render-process-gone', (_event, details) => {
    if (expectKill) {
      expectKill = false;
      return;
    }
    supervisor.onTrouble(toTrouble(details.reason));
  });
  contents.on('unresponsive', () => supervisor.onTrouble('unresponsive'));
  contents.on('responsive', () => supervisor.onResponsive());
  contents.on('did-fail-load', (_e, code, description, url, isMainFrame) => {
    if (isMainFrame) log.error('kiosk page failed to load', { code, description, url });
  });
  window.on('closed', () => supervisor.dispose());
  void reloadPage();

  return {
    window,
    webContentsIds: () => (window.isDestroyed() ? new Set<number>() : new Set([contentsId])),
    reloadPage,
    async captureImage() {
      return window.isDestroyed() ? null : contents.capturePage();
    },
    safeScreenMessage: () => safeMessage,
  };
}
