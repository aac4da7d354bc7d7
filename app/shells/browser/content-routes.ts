// The browser shell's two content routes, both on its own loopback origin:
//   /content/<key>         a verified cached media file (images, videos), with Range for video
//   /content-web?item=<id> the wrapper page of one web item of the CURRENT play plan; its CSP
//                          limits where the item may navigate and sandboxes it (no pop-ups,
//                          downloads or top navigation); the URL never comes from the request.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { webFrameCsp, webItemOrigins, WEB_ITEM_PERMISSIONS_POLICY, WEB_ITEM_SANDBOX } from '../../ipc/content-policy';
import type { PlayPlan } from '../../ipc/contract';
import { SECURITY_HEADERS, sendPlain } from './static-files';

export const CONTENT_ROUTE = '/content/';
export const WEB_FRAME_ROUTE = '/content-web';

/** A cached file may never run as a document: served alone it is sandboxed with no script. */
const MEDIA_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox";

const SIGNATURES: Array<{ type: string; test: (b: Buffer) => boolean }> = [
  { type: 'image/png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/gif', test: (b) => b.subarray(0, 4).toString('latin1') === 'GIF8' },
  { type: 'image/webp', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  { type: 'video/webm', test: (b) => b.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3])) },
  { type: 'video/mp4', test: (b) => b.subarray(4, 8).toString('latin1') === 'ftyp' },
  { type: 'image/svg+xml', test: (b) => /^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/i.test(b.toString('utf8')) },
];

/** The media type from the file's first bytes (the shell sends nosniff, so it must be right). */
export function sniffMediaType(head: Buffer): string {
  return SIGNATURES.find((s) => s.test(head))?.type ?? 'application/octet-stream';
}

/** `bytes=a-b` / `bytes=a-` / `bytes=-n` within `size`, or null when absent/unsatisfiable. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (match[1] === '' && match[2] === '') || size === 0) return null;
  if (match[1] === '') {
    const suffix = Math.min(Number(match[2]), size);
    return suffix > 0 ? { start: size - suffix, end: size - 1 } : null;
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start <= end && start < size ? { start, end } : null;
}

export async function serveCachedMedia(req: IncomingMessage, res: ServerResponse, file: string | null): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendPlain(res, 405, 'method not allowed');
  const info = file ? await stat(file).catch(() => null) : null;
  if (!file || !info?.isFile()) return sendPlain(res, 404, 'not found');
  const handle = await open(file, 'r');
  const head = Buffer.alloc(64);
  try {
    await handle.read(head, 0, 64, 0);
  } finally {
    await handle.close();
  }
  const range = req.headers.range ? parseRange(req.headers.range, info.size) : null;
  if (req.headers.range && !range) {
    res.writeHead(416, { ...SECURITY_HEADERS, 'Content-Range': `bytes */${info.size}` });
    return void res.end();
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? info.size - 1;
  res.writeHead(range ? 206 : 200, {
    ...cachedMediaHeaders(sniffMediaType(head), Math.max(0, end - start + 1)),
    ...(range ? { 'Content-Range': `bytes ${start}-${end}/${info.size}` } : {}),
  });
  if (req.method === 'HEAD' || info.size === 0) return void res.end();
  createReadStream(file, { start, end }).on('error', () => res.destroy()).pipe(res);
}

/** Headers of a cached media file, for both shells. */
export function cachedMediaHeaders(type: string, length: number): Record<string, string> {
  return {
    ...SECURITY_HEADERS,
    'Content-Security-Policy': MEDIA_CSP,
    'Content-Type': type,
    'Content-Length': String(length),
    'Accept-Ranges': 'bytes',
    // a key names verified bytes that never change
    'Cache-Control': 'private, max-age=31536000, immutable',
  };
}

/** Headers of a web item's wrapper page, for both shells. */
export function webFrameHeaders(csp: string): Record<string, string> {
  return {
    ...SECURITY_HEADERS,
    'Content-Security-Policy': csp,
    'X-Frame-Options': 'SAMEORIGIN',
    'Permissions-Policy': WEB_ITEM_PERMISSIONS_POLICY,
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
  };
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;');
}

/** The wrapper page for web item `itemId` of `plan`, or null when the plan has no such item. */
export function webFramePage(plan: PlayPlan, itemId: string): { html: string; csp: string } | null {
  if (plan.screen.kind !== 'content') return null;
  const item = plan.screen.items.find((i) => i.id === itemId);
  if (!item || item.type !== 'web') return null;
  const origins = webItemOrigins(item.url, plan.allowOrigins);
  const html =
    '<!doctype html><html><head><meta charset="utf-8"><title>content</title>' +
    '<style>html,body,iframe{margin:0;padding:0;border:0;width:100%;height:100%;overflow:hidden;display:block;background:#000}</style></head>' +
    `<body><iframe src="${escapeAttribute(item.url)}" sandbox="${WEB_ITEM_SANDBOX}" allow="" referrerpolicy="no-referrer"></iframe></body></html>`;
  return { html, csp: webFrameCsp(origins) };
}

export async function serveWebFrame(req: IncomingMessage, res: ServerResponse, plan: () => Promise<PlayPlan>): Promise<void> {
  if (req.method !== 'GET') return sendPlain(res, 405, 'method not allowed');
  const itemId = new URL(req.url ?? '/', 'http://shell').searchParams.get('item') ?? '';
  const page = webFramePage(await plan(), itemId.slice(0, 100));
  if (!page) return sendPlain(res, 404, 'no such web item');
  res.writeHead(200, webFrameHeaders(page.csp));
  res.end(page.html);
}
