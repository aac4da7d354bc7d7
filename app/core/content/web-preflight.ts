// The pre-flight of a web item: before a page is ever put on screen, the core asks its server
// whether it is there. A browser cannot read the HTTP status of a cross-origin frame, so without
// this a 404 or 500 page would be shown as it is, and an unreachable host would show a blank frame
// until the renderer's load timeout.
//
// Decision: one GET (not HEAD: many page servers answer HEAD with 405 or differently from GET),
// judged on its status line and headers alone: the body is never read (the socket is destroyed
// as soon as the headers are in), so a huge or endless page costs nothing. The request goes
// through the downloader's own request path (app/core/firmware/http-get.ts): the one outbound-URL
// policy (what it means for a page: web-destination.ts) with its connect-time address checks, redirects followed by hand (at most 3, no https →
// http downgrade), and whatever proxy support that path has. It carries no Authorization header
// (no origin is entitled to the hub's), and no cookie. A redirect that ends outside the item's
// origin and the allow-list fails too: the wrapper's CSP would refuse to frame it.
import { isFirmwareError } from '../firmware/errors';
import { getFollowingRedirects } from '../firmware/http-get';
import type { OutboundPolicy } from '../net/outbound-url';
import { classifyWebDestination } from './web-destination';
import { webItemOrigins } from '../../ipc/content-policy';
import { clampTimerDelay } from '../util/timer-delay';

/** Why a page failed its pre-flight. Codes go to logs and proof-of-play events, never the screen. */
export type WebCheckCode = 'refused-url' | 'http-status' | 'off-allow-list' | 'network' | 'timeout';

/** `checked: false`: an inside page the policy does not let the core probe, shown unchecked. */
export type WebCheckResult = { ok: true; checked: boolean } | { ok: false; code: WebCheckCode; reason: string };

export const PREFLIGHT_TIMEOUT_MS = 8_000;
const MAX_PREFLIGHT_TIMEOUT_MS = 60_000;

export interface PreflightOptions {
  url: string;
  /** The allow-list's origins (the item's own origin is always allowed). */
  allowOrigins: readonly string[];
  outbound: OutboundPolicy;
  signal?: AbortSignal | undefined;
  /** Whole check, connection included (default 8 s, at most 60 s). */
  timeoutMs?: number | undefined;
}

const TIMED_OUT = Symbol('timed out');

/** Checks one page; never throws (a cancelled check reports `timeout`). */
export async function preflightWebPage(options: PreflightOptions): Promise<WebCheckResult> {
  const wanted = options.timeoutMs ?? PREFLIGHT_TIMEOUT_MS;
  const timeoutMs = Math.min(MAX_PREFLIGHT_TIMEOUT_MS, clampTimerDelay(Number.isFinite(wanted) ? wanted : PREFLIGHT_TIMEOUT_MS));
  const abort = new AbortController();
  const onOuterAbort = () => abort.abort(TIMED_OUT);
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (options.signal?.aborted) abort.abort(TIMED_OUT);
  // One deadline for the whole check, DNS and the TCP connect included (the request's own socket
  // timeout starts only once connected). Real time, like every socket timeout: it bounds a real
  // network wait, so a test's fake clock jumping hours ahead must not cut it.
  const deadline = setTimeout(() => abort.abort(TIMED_OUT), timeoutMs);
  try {
    const destination = await untilAborted(classifyWebDestination(options.url, options.outbound), abort.signal);
    if (destination.kind === 'refused') return { ok: false, code: 'refused-url', reason: `the page host is not allowed: ${destination.reason}` };
    if (destination.kind === 'unchecked') return { ok: true, checked: false };
    const { response, finalUrl } = await getFollowingRedirects({
      url: options.url,
      authOrigin: '', // no origin: the hub's Authorization is never sent to a page host
      authorization: '',
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8', 'user-agent': 'XyteKiosk-preflight' },
      signal: abort.signal,
      idleTimeoutMs: timeoutMs,
      outbound: options.outbound,
    });
    const status = response.statusCode ?? 0;
    response.destroy(); // headers are all we need: the body is never read
    if (status < 200 || status > 299) return { ok: false, code: 'http-status', reason: `HTTP ${status}` };
    if (!webItemOrigins(options.url, options.allowOrigins).includes(finalUrl.origin)) {
      return { ok: false, code: 'off-allow-list', reason: 'redirected outside the page origin and the allow-list' };
    }
    return { ok: true, checked: true };
  } catch (error) {
    if (abort.signal.aborted) return { ok: false, code: 'timeout', reason: `no answer within ${timeoutMs} ms` };
    return classify(error);
  } finally {
    clearTimeout(deadline);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}

/** `work`, or a rejection as soon as `signal` aborts (a DNS lookup cannot be cancelled itself). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function classify(error: unknown): WebCheckResult {
  if (!isFirmwareError(error)) return { ok: false, code: 'network', reason: 'the page could not be fetched' };
  switch (error.code) {
    case 'bad-url':
    case 'redirect-refused':
      return { ok: false, code: 'refused-url', reason: error.message };
    case 'idle-timeout':
      return { ok: false, code: 'timeout', reason: error.message };
    default:
      return { ok: false, code: 'network', reason: error.message };
  }
}
