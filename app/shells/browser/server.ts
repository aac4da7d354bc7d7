// The browser shell: the kiosk UI in any Chromium, with the same core and the same IPC contract
// as Electron, only over a WebSocket (docs/ARCHITECTURE.md#layers). Binds to loopback only and checks Host and
// Origin, so neither another machine nor a web page in the same browser can drive the kiosk.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../../core/log/logger';
import { CONTENT_ROUTE, serveCachedMedia, serveWebFrame, WEB_FRAME_ROUTE } from './content-routes';
import { sendPlain, serveStatic } from './static-files';
import { createWsEndpoint, type WsRuntime } from './ws-endpoint';
import { KIOSK_WS_PATH } from '../../ipc/channels';

export interface BrowserShellOptions {
  /** `contentFile`: a verified cached media file by key (the signage player's cache). */
  runtime: WsRuntime & { contentFile?(key: string): string | null };
  /** Directory holding the built renderer (dist/renderer). */
  rendererDir: string;
  /** 0 or absent = an ephemeral port. */
  port?: number;
  host?: '127.0.0.1';
  logger: Logger;
}

export interface BrowserShell {
  /** e.g. "http://127.0.0.1:4800/" */
  url: string;
  port: number;
  /** Asks every connected screen to reload; returns how many were asked. */
  reloadScreens(): number;
  close(): Promise<void>;
}

/** The Host header values under which the shell answers (anything else: DNS-rebinding guard). */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** True when a WebSocket upgrade comes from a page this shell served. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  return origin !== undefined && allowedHosts(port).some((host) => origin === `http://${host}`);
}

export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger.child('browser-shell');
  const endpoint = createWsEndpoint(options.runtime, logger);
  let port = 0;

  const hostAllowed = (req: IncomingMessage) => allowedHosts(port).includes(req.headers.host ?? '');

  const server = createServer((req, res) => {
    if (!hostAllowed(req)) return sendPlain(res, 421, 'unknown host');
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    const served =
      pathname.startsWith(CONTENT_ROUTE) ? serveCachedMedia(req, res, options.runtime.contentFile?.(pathname.slice(CONTENT_ROUTE.length)) ?? null)
      : pathname === WEB_FRAME_ROUTE ? serveWebFrame(req, res, () => options.runtime.handlers.getPlayPlan())
      : serveStatic(options.rendererDir, req, res);
    served.catch((error: unknown) => {
      logger.error('static serve failed', { error });
      if (!res.headersSent) sendPlain(res, 500, 'internal error');
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    const refusal =
      path !== KIOSK_WS_PATH ? '404 Not Found'
      : !hostAllowed(req) ? '421 Misdirected Request'
      : !isAllowedOrigin(req.headers.origin, port) ? '403 Forbidden'
      : null;
    if (refusal) {
      logger.warn('ws upgrade refused', { path, origin: req.headers.origin ?? null, reason: refusal });
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    endpoint.accept(req, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}/`;
  logger.info('browser shell listening', { url });

  let closing: Promise<void> | undefined;
  const close = async () => {
    await endpoint.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { url, port, reloadScreens: () => endpoint.reloadScreens(), close: () => (closing ??= close()) };
}
