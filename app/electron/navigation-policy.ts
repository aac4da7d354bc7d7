// Deny-by-default policy for everything a page could use to leave the kiosk
// (docs/ARCHITECTURE.md#electron-security, #operations): navigation, new windows, webviews and permissions. Pure so it can be pinned by table tests;
// main.ts attaches it to every webContents.
import { isAppUrl } from './app-url';

/** Only pages of our own origin may be loaded in the kiosk window. */
export function isAllowedNavigation(url: unknown): boolean {
  return isAppUrl(url);
}

/** The answer for `setWindowOpenHandler`: a kiosk never opens another window. */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

// The window is already fullscreen, so allowing the HTML fullscreen API to our own page costs
// nothing and keeps a video element's fullscreen button from throwing. Everything else (camera,
// microphone, geolocation, notifications, clipboard, HID/USB/serial, …) is refused.
const ALLOWED_FOR_APP_ORIGIN: ReadonlySet<string> = new Set(['fullscreen']);

/**
 * One decision for both `setPermissionRequestHandler` and `setPermissionCheckHandler`, so a
 * permission cannot be refused on request but reported as granted on check (or the reverse).
 */
export function permissionDecision(permission: unknown, requestingUrl: unknown): boolean {
  return typeof permission === 'string' && ALLOWED_FOR_APP_ORIGIN.has(permission) && isAppUrl(requestingUrl);
}
