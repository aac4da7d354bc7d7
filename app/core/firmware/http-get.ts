// One streaming GET with redirects followed by hand, so that the Authorization header can be
// dropped on every hop that leaves the hub's origin (docs/PROTOCOL.md#files).
//
// Decision: a cross-origin redirect is FOLLOWED without the header rather than refused. Storage
// services (S3, CDNs) redirect across hosts routinely, the access key never leaves the hub's
// origin, and the bytes are trusted only after the checksum/signature check anyway. Refused are:
// more than MAX_REDIRECTS hops, a non-http(s) Location, and an https → http downgrade. Every hop
// obeys the one outbound-URL policy (app/core/net/outbound-url.ts), checked again at connect time.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { checkOutboundUrl, createGuardedLookup, OutboundRefusedError, type OutboundPolicy } from '../net/outbound-url';
import { clampTimerDelay } from '../util/timer-delay';
import { FirmwareError } from './errors';
import { parseDownloadUrl } from './checks';

export const MAX_REDIRECTS = 3;

export interface GetOptions {
  url: string;
  /** Origin (`https://hub.example`) that may receive the Authorization header. */
  authOrigin: string;
  authorization: string;
  headers?: Record<string, string>;
  signal: AbortSignal;
  /** No response headers within this time → idle-timeout. */
  idleTimeoutMs: number;
  outbound: OutboundPolicy;
}

export interface GetResult {
  response: IncomingMessage;
  finalUrl: URL;
}

export async function getFollowingRedirects(opts: GetOptions): Promise<GetResult> {
  let url = parseDownloadUrl(opts.url);
  for (let hop = 0; ; hop++) {
    checkDestination(url, opts.outbound);
    const withAuth = sameOrigin(url, opts.authOrigin);
    const headers: Record<string, string> = { ...opts.headers, 'accept-encoding': 'identity' };
    if (withAuth) headers.authorization = opts.authorization;
    const response = await requestOnce(url, headers, opts);
    const status = response.statusCode ?? 0;
    if (status < 300 || status >= 400 || status === 304) return { response, finalUrl: url };
    response.resume(); // drain the redirect body so the socket is released
    url = nextHop(url, response.headers.location, hop);
  }
}

/** The outbound policy's verdict on a literal host, as a firmware refusal (the lookup checks names). */
export function checkDestination(url: URL, policy: OutboundPolicy): void {
  try {
    checkOutboundUrl(url.href, policy);
  } catch (error) {
    throw refusal(error);
  }
}

function refusal(error: unknown): FirmwareError {
  return new FirmwareError('bad-url', `the download host is not allowed: ${(error as Error).message}`);
}

function nextHop(from: URL, location: string | undefined, hop: number): URL {
  if (hop + 1 > MAX_REDIRECTS) throw new FirmwareError('redirect-refused', `more than ${MAX_REDIRECTS} redirects`);
  if (!location) throw new FirmwareError('redirect-refused', 'a redirect without a Location header');
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new FirmwareError('redirect-refused', 'a redirect to a malformed URL');
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new FirmwareError('redirect-refused', `a redirect to a ${next.protocol} URL`);
  }
  if (from.protocol === 'https:' && next.protocol === 'http:') {
    throw new FirmwareError('redirect-refused', 'a redirect from https down to plain http');
  }
  if (next.username || next.password) throw new FirmwareError('redirect-refused', 'a redirect to a URL with credentials');
  return next;
}

export function sameOrigin(url: URL, origin: string): boolean {
  try {
    return url.origin === new URL(origin).origin;
  } catch {
    return false;
  }
}

function requestOnce(url: URL, headers: Record<string, string>, opts: GetOptions): Promise<IncomingMessage> {
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    // no highWaterMark here: measured, a 1 MiB one does not change the 64 KiB socket reads, did not
    // speed anything up, and raised peak RSS
    const req = lib.get(url, { headers, signal: opts.signal, lookup: createGuardedLookup(opts.outbound) }, (response) => {
      req.setTimeout(0); // from here the download's own watchdog judges idleness, with the right error
      resolve(response);
    });
    req.setTimeout(clampTimerDelay(opts.idleTimeoutMs), () => {
      req.destroy(new FirmwareError('idle-timeout', `no response from the download server for ${opts.idleTimeoutMs} ms`));
    });
    req.on('error', (error) => reject(mapRequestError(error, opts.signal)));
  });
}

export function mapRequestError(error: unknown, signal: AbortSignal): FirmwareError {
  if (error instanceof FirmwareError) return error;
  if (error instanceof OutboundRefusedError) return refusal(error);
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    return reason instanceof FirmwareError ? reason : new FirmwareError('aborted', 'the upgrade was cancelled');
  }
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code === 'ECONNRESET' || code === 'ECONNABORTED' || code === 'EPIPE' || (error as Error).message === 'aborted') {
    return new FirmwareError('interrupted', 'the download connection was cut');
  }
  return new FirmwareError('network', `download failed: ${code || (error as Error).message}`);
}
