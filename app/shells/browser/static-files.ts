// Serves the built renderer from one directory. Only GET/HEAD, only files that resolve (after
// symlinks) inside the root, so "/../../etc/passwd" and its encoded forms never leave it.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { RENDERER_CSP_HEADER } from '../../ipc/csp';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** Headers on every response: the page's CSP plus the usual hardening. */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': RENDERER_CSP_HEADER,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Maps a request path to a file inside `root`, or null when it is malformed or escapes the root.
 * Pure except for nothing: the caller still checks the real path on disk (symlinks).
 */
export function resolveRequestPath(root: string, urlPath: string): string | null {
  const pathname = urlPath.split('?')[0]!.split('#')[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  if (!decoded.startsWith('/')) return null;
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.slice(1);
  const full = path.resolve(root, relative);
  return isInside(root, full) ? full : null;
}

function isInside(root: string, full: string): boolean {
  const base = path.resolve(root);
  return full === base || full.startsWith(base + path.sep);
}

export function sendPlain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text + '\n');
}

/** Serves one static file request; answers 404/405/400 itself. */
export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return sendPlain(res, 405, 'method not allowed');
  }
  const candidate = resolveRequestPath(root, req.url ?? '/');
  if (!candidate) return sendPlain(res, 400, 'bad path');
  const file = await realFileInside(root, candidate);
  if (!file) return sendPlain(res, 404, 'not found');
  const ext = path.extname(file.path).toLowerCase();
  const immutable = file.path.includes(`${path.sep}assets${path.sep}`);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': MIME[ext] ?? 'application/octet-stream',
    'Content-Length': String(file.size),
    // Vite's hashed assets never change; index.html must always be fresh after an upgrade.
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-store',
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file.path).on('error', () => res.destroy()).pipe(res);
}

async function realFileInside(root: string, candidate: string): Promise<{ path: string; size: number } | null> {
  try {
    const [realRoot, real] = await Promise.all([realpath(root), realpath(candidate)]);
    if (!isInside(realRoot, real)) return null;
    const info = await stat(real);
    return info.isFile() ? { path: real, size: info.size } : null;
  } catch {
    return null;
  }
}
