// The renderer's Content-Security-Policy. renderer/index.html carries the same string in a meta
// tag (a test pins them together) so the page is locked down under Electron's app:// protocol and
// under the browser shell alike. connect-src 'self' covers the same-origin ws:// endpoint in
// Chromium (CSP3 maps http→ws for 'self'), so no wildcard `ws:` scheme source is needed.
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
