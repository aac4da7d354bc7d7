// Where a web item may go, one rule for both shells: its own origin plus the operator's
// allow-list, http(s) only. Electron checks every navigation of the item's view with
// isWebNavigationAllowed(); the browser shell puts the same origins in the frame-src of the
// item's wrapper page (webFrameCsp), so the browser itself refuses any other navigation.
// Pure and dependency-free: the preload-free Electron main, the shell and tests import it.

/** The origin of an http(s) URL, or null for anything else (javascript:, data:, file:, junk). */
export function httpOriginOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** The item's own origin first, then the allow-list's (deduplicated, junk dropped). */
export function webItemOrigins(itemUrl: string, allowOrigins: readonly string[]): string[] {
  const origins = [httpOriginOf(itemUrl), ...allowOrigins.map(httpOriginOf)].filter((o): o is string => o !== null);
  return [...new Set(origins)];
}

export function isWebNavigationAllowed(targetUrl: string, itemUrl: string, allowOrigins: readonly string[]): boolean {
  const target = httpOriginOf(targetUrl);
  return target !== null && webItemOrigins(itemUrl, allowOrigins).includes(target);
}

/**
 * CSP of the wrapper page that holds one web item: no script of its own, and frames (the item,
 * and wherever it navigates) only from the allowed origins. The `sandbox` directive gives the
 * wrapper and everything inside it no pop-ups, no top-level navigation, no downloads, no modals.
 */
export function webFrameCsp(origins: readonly string[]): string {
  const frames = origins.length > 0 ? origins.join(' ') : "'none'";
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `frame-src ${frames}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
    'sandbox allow-scripts allow-same-origin allow-forms',
  ].join('; ');
}

/** Powerful features a web item never gets (camera, microphone, location, …). */
export const WEB_ITEM_PERMISSIONS_POLICY = [
  'camera=()',
  'microphone=()',
  'geolocation=()',
  'display-capture=()',
  'usb=()',
  'serial=()',
  'hid=()',
  'bluetooth=()',
  'payment=()',
  'clipboard-read=()',
  'clipboard-write=()',
  'fullscreen=()',
].join(', ');

/** The iframe `sandbox` tokens for a web item: scripts and forms, nothing that leaves the frame. */
export const WEB_ITEM_SANDBOX = 'allow-scripts allow-same-origin allow-forms';
