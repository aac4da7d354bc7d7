// Auto-launch at boot (docs/ARCHITECTURE.md#operations). Windows and macOS use the OS login item; Linux relies on the
// XDG autostart entry and systemd user unit that the deb installs (build/), so nothing here.
export interface LoginItemSettings {
  openAtLogin: boolean;
}

/** The login-item settings to apply, or null when this platform/run should not touch them. */
export function loginItemSettingsFor(platform: NodeJS.Platform, isPackaged: boolean): LoginItemSettings | null {
  // An unpackaged run is a developer's electron binary: registering it would start it at every login.
  if (!isPackaged) return null;
  switch (platform) {
    case 'win32':
    case 'darwin':
      return { openAtLogin: true };
    default:
      return null;
  }
}
