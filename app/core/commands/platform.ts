// What a command may ask of the machine or the shell it runs in. Each shell (Electron, headless,
// browser) implements these; core code never reboots or screenshots by itself.
export interface PlatformHooks {
  /** Reboots the machine. Resolves if the request was accepted (the process may die first). */
  reboot(): Promise<void>;
  /** Restarts this application. */
  restartApp(): Promise<void>;
  /** Reloads the kiosk renderer. */
  reload(): Promise<void>;
  /** A PNG of the kiosk screen, or null when the shell has no screen to capture. */
  screenshot(): Promise<Buffer | null>;
  quit(): Promise<void>;
}
