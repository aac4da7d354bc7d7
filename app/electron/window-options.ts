// The kiosk window's options in one pure function, so every security flag is pinned by a test
// (docs/ARCHITECTURE.md#electron-security) instead of being scattered across main.ts.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

export interface KioskWindowInput {
  /** Absolute path of the bundled preload (dist/electron/preload.cjs). */
  preloadPath: string;
  /** Unpackaged run: devtools allowed. Everything else stays locked. */
  isDev: boolean;
}

/** Dark neutral surface of the status screen: no white flash while the renderer boots. */
export const KIOSK_BACKGROUND = '#0f1115';

/**
 * The web preferences every renderer of ours gets, the kiosk page and each web item's view
 * (content-view-policy.ts): sandboxed, isolated, no Node anywhere, no webviews or plugins.
 */
export const LOCKED_DOWN_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  plugins: false,
  safeDialogs: true,
  // Middle-click would otherwise be a second way to open links (electronegativity AUXCLICK).
  disableBlinkFeatures: 'Auxclick',
  navigateOnDragDrop: false,
  spellcheck: false,
  // The screen is always visible; never throttle the renderer's heartbeat timers.
  backgroundThrottling: false,
} as const satisfies WebPreferences;

export function kioskWindowOptions({ preloadPath, isDev }: KioskWindowInput): BrowserWindowConstructorOptions {
  return {
    kiosk: true,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    backgroundColor: KIOSK_BACKGROUND,
    // Shown on 'ready-to-show' so a half-painted page never appears on a signage screen.
    show: false,
    title: 'Xyte Kiosk',
    webPreferences: {
      ...LOCKED_DOWN_PREFERENCES,
      preload: preloadPath,
      devTools: isDev,
    },
  };
}
