// The renderer's Content-Security-Policy, one string for every host of the page: renderer/index.html
// carries it in a meta tag (a test pins them together), Electron's app:// protocol and the browser
// shell send it as a header (plus frame-ancestors, which only works as a header). connect-src 'self' covers the same-origin ws:// endpoint in
// Chromium (CSP3 maps http→ws for 'self'), so no wildcard `ws:` scheme source is needed.
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  // the signage player: cached media and web items' wrapper pages, all served by the shell itself
  "media-src 'self'",
  "frame-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The header form: frame-ancestors is ignored in a meta tag, so only the header carries it. */
export const RENDERER_CSP_HEADER = `${RENDERER_CSP}; frame-ancestors 'none'`;
