// The app:// scheme: registered as privileged before 'ready', served from the renderer build with
// path-traversal protection and the strict CSP (decisions in protocol-policy.ts).
import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import type { Logger } from '../core/log/logger';
import { cachedMediaHeaders, CONTENT_ROUTE, sniffMediaType } from '../shells/browser/content-routes';
import { APP_SCHEME, SAFE_SCREEN_URL } from './app-url';
import { resolveAppPath, responseHeaders, safeScreenHtml, safeScreenPolicy } from './protocol-policy';

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

export interface AppProtocolOptions {
  rendererDir: string;
  /** The current safe-screen message (crash loop), read at request time. */
  safeScreenMessage: () => string;
  /** The signage player's cached media by key (web items have their own views: content-views.ts). */
  content?: { file(key: string): string | null };
  logger: Logger;
}

/** Serves app://kiosk/* on `session` (after 'ready'). */
export function serveAppProtocol(session: Session, { rendererDir, safeScreenMessage, content, logger }: AppProtocolOptions): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('method not allowed', { status: 405 });
    const contentAnswer = content ? await contentResponse(request.url, content) : null;
    if (contentAnswer) return contentAnswer;
    if (stripQuery(request.url) === SAFE_SCREEN_URL) {
      return new Response(safeScreenHtml(safeScreenMessage()), {
        headers: { ...responseHeaders('safe.html'), 'Content-Security-Policy': safeScreenPolicy() },
      });
    }
    const file = resolveAppPath(rendererDir, request.url);
    if (!file) {
      logger.warn('app:// request refused', { url: request.url.slice(0, 200) });
      return new Response('not found', { status: 404 });
    }
    try {
      // Electron's fs reads inside app.asar transparently.
      const body = await readFile(file);
      return new Response(new Uint8Array(body), { headers: responseHeaders(file) });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

/** The cached-media route on app://kiosk (same path and headers as the browser shell), or null. */
async function contentResponse(url: string, content: NonNullable<AppProtocolOptions['content']>): Promise<Response | null> {
  const parsed = new URL(url);
  if (parsed.pathname.startsWith(CONTENT_ROUTE)) {
    const file = content.file(parsed.pathname.slice(CONTENT_ROUTE.length));
    const body = file ? await readFile(file).catch(() => null) : null;
    if (!body) return new Response('not found', { status: 404 });
    return new Response(new Uint8Array(body), { headers: cachedMediaHeaders(sniffMediaType(body.subarray(0, 64)), body.length) });
  }
  return null;
}

function stripQuery(url: string): string {
  return url.replace(/[?#].*$/, '');
}
