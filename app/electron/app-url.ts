// The renderer is served from a custom privileged scheme instead of file:// (docs/ARCHITECTURE.md#electron-security): one fixed
// origin that the navigation, permission and IPC-sender checks can compare against.

export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
/** Built-in static page shown on a renderer crash loop; served by our protocol, not the renderer build. */
export const SAFE_SCREEN_URL = `${APP_ORIGIN}/__safe-screen`;

/** Parses `url` and says whether it belongs to our origin. Anything unparsable is foreign. */
export function isAppUrl(url: unknown): boolean {
  if (typeof url !== 'string' || url.length === 0 || url.length > 4096) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // username/password/port on our origin never come from us: treat as foreign.
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
