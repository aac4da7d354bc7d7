// Chromium switches set or removed before 'ready'. Pure plan, applied by main.ts, pinned by tests.
export interface CommandLinePlan {
  /** Switches stripped from a packaged run: each would weaken the sandbox or open a debug port. */
  remove: readonly string[];
  append: ReadonlyArray<readonly [string, string?]>;
}

const DANGEROUS_SWITCHES = [
  'remote-debugging-port',
  'remote-debugging-pipe',
  'remote-debugging-address',
  'remote-allow-origins',
  'inspect',
  'inspect-brk',
  'inspect-port',
  'js-flags',
  'no-sandbox',
  'disable-gpu-sandbox',
  'disable-web-security',
  'disable-site-isolation-trials',
  'allow-file-access-from-files',
  'allow-running-insecure-content',
  'ignore-certificate-errors',
  'ignore-certificate-errors-spki-list',
  'user-data-dir',
  'load-extension',
] as const;

export function commandLinePlan(isDev: boolean): CommandLinePlan {
  return {
    // A developer needs --inspect and --remote-debugging-port; a deployed kiosk never does.
    remove: isDev ? [] : DANGEROUS_SWITCHES,
    append: [
      // Signage content plays video without a click.
      ['autoplay-policy', 'no-user-gesture-required'],
      // Touch screens: no pinch zoom, no swipe-back navigation away from the kiosk page.
      ['disable-pinch'],
      ['overscroll-history-navigation', '0'],
    ],
  };
}
