// Pure half of the app:// protocol: which file a URL maps to (never outside the renderer dir),
// its MIME type, and the security headers every response carries. protocol.ts wires it to Electron.
import path from 'node:path';
import { RENDERER_CSP_HEADER } from '../ipc/csp';
import { APP_HOST, APP_SCHEME } from './app-url';

/** The strict CSP of the kiosk page: only our own files, no inline script, no network beyond us. */
export function contentSecurityPolicy(): string {
  return RENDERER_CSP_HEADER;
}

/**
 * Maps `app://kiosk/<path>` to an absolute file path inside `root`, or null when the URL is not
 * ours or would escape `root` (../, encoded ../ or separators, absolute paths, NUL bytes).
 * Query strings and fragments are ignored; "/" is index.html.
 */
export function resolveAppPath(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname !== APP_HOST || parsed.port !== '') return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  // After decoding, a separator or dot-segment may appear that the URL parser never saw.
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || /^[a-zA-Z]:/.test(s))) return null;
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');
  const absoluteRoot = path.resolve(root);
  const target = path.resolve(absoluteRoot, relative);
  const fromRoot = path.relative(absoluteRoot, target);
  if (fromRoot === '' || fromRoot.startsWith('..') || path.isAbsolute(fromRoot)) return null;
  return target;
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
};

/** MIME type by extension; unknown files are opaque bytes (with nosniff, never executed). */
export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers of every app:// response. */
export function responseHeaders(filePath: string): Record<string, string> {
  return {
    'Content-Type': mimeTypeFor(filePath),
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    // Files change only with an app upgrade, which restarts the app; no stale cache across versions.
    'Cache-Control': 'no-cache',
  };
}

/**
 * The page shown on a renderer crash loop: static, scriptless, self-contained, so it renders even
 * when the renderer bundle is what crashes.
 */
export function safeScreenHtml(message: string): string {
  const text = escapeHtml(message);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Xyte Kiosk</title></head>
<body style="margin:0;height:100vh;display:flex;align-items:center;justify-content:center;background:#0f1115;color:#e8eaed;font-family:sans-serif">
<main style="text-align:center;max-width:80vw"><h1 style="font-size:6vh;margin:0 0 2vh">Xyte Kiosk</h1>
<p style="font-size:3.2vh;color:#f5b84a">Screen paused: ${text}</p>
<p style="font-size:2.4vh;color:#9aa0a6">The device keeps reporting to the cloud and retries by itself.</p></main></body></html>`;
}

/** Inline style attributes need their own CSP for this one static page (no script at all). */
export function safeScreenPolicy(): string {
  return "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
