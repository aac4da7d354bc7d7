// A local "media host" for the content e2e specs: tiny generated PNGs, a WebM recorded by the
// browser itself, and web pages (one of which tries every escape a signage page should not
// manage). Every request is logged so a spec can prove what was (not) fetched.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, deflateSync } from 'node:zlib';

/** A solid-colour PNG, generated (no fixture file needed). */
export function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x += 1) row.set(rgb, 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export interface MediaHost {
  origin: string;
  url(path: string): string;
  set(path: string, body: Buffer | string, type: string): void;
  requests: string[];
  close(): Promise<void>;
}

export async function startMediaHost(host = '127.0.0.1'): Promise<MediaHost> {
  const files = new Map<string, { body: Buffer; type: string }>();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push(req.url ?? '/');
    const file = files.get(path);
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length, 'cache-control': 'no-store' });
    res.end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const origin = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    set: (path, body, type) => void files.set(path, { body: Buffer.isBuffer(body) ? body : Buffer.from(body), type }),
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A plain coloured page with a big heading (what an operator's menu board might be). */
export function colourPage(title: string, colour: string): string {
  return `<!doctype html><html><body style="margin:0;background:${colour};font:bold 8vh sans-serif;color:#fff;display:grid;place-items:center;height:100vh"><h1>${title}</h1></body></html>`;
}

/**
 * A hostile page: tries a pop-up, a top-level navigation, the kiosk bridge and a navigation to a
 * host outside the allow-list, reporting each outcome to its own origin before the last attempt.
 */
export function hostilePage(awayUrl: string): string {
  return `<!doctype html><html><body style="margin:0;background:#7c3aed;color:#fff;font:6vh sans-serif"><h1>hostile page</h1><script>
  const out = {};
  try { out.popup = window.open('${awayUrl}', '_blank') === null ? 'blocked' : 'opened'; } catch (e) { out.popup = 'blocked'; }
  try { top.location.href = '${awayUrl}'; out.top = 'navigated'; } catch (e) { out.top = 'blocked'; }
  try { out.kiosk = typeof top.kiosk === 'undefined' && typeof parent.parent.kiosk === 'undefined' ? 'absent' : 'reachable'; } catch (e) { out.kiosk = 'blocked'; }
  fetch('/report?' + new URLSearchParams(out)).finally(() => setTimeout(() => { location.href = '${awayUrl}'; }, 300));
  </script></body></html>`;
}
