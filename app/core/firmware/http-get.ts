// One streaming GET with redirects followed by hand, so that the Authorization header can be
// dropped on every hop that leaves the hub's origin (docs/PROTOCOL.md#files).
//
// Decision: a cross-origin redirect is FOLLOWED without the header rather than refused. Storage
// services (S3, CDNs) redirect across hosts routinely, the access key never leaves the hub's
// origin, and the bytes are trusted only after the checksum/signature check anyway. Refused are:
// more than MAX_REDIRECTS hops, a non-http(s) Location, and an https → http downgrade. Every hop
// obeys the one outbound-URL policy (app/core/net/outbound-url.ts), checked again at connect time.
//
// Each hop honours the operator's proxy variables (docs/PROTOCOL.md#outbound-proxy): the target is
// still checked by the policy before anything is sent; the proxy resolves the name, so the
// connect-time address check applies to the proxy's own address.
import http, { type IncomingMessage, type RequestOptions } from 'node:http';
import https from 'node:https';
import { checkOutboundUrl, createGuardedLookup, OutboundRefusedError, type OutboundPolicy } from '../net/outbound-url';
import { ProxyError, resolveProxy, type ProxyEndpoint } from '../net/proxy';
import { proxiedRequestOptions } from '../net/proxy-connect';
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
  /** The certificate authority trusted for download hosts INSTEAD of the system ones (tests); absent = the system ones. */
  ca?: string | undefined;
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
    const proxy = proxyFor(url, opts.outbound);
    if (withAuth && proxy && url.protocol === 'http:') {
      // through a proxy, a plain-http request is readable by the proxy: the access key stays home
      throw new FirmwareError('bad-url', 'the hub is reached over plain http through a proxy; its key is sent over https only');
    }
    const headers: Record<string, string> = { ...opts.headers, 'accept-encoding': 'identity' };
    if (withAuth) headers.authorization = opts.authorization;
    const response = await requestOnce(url, headers, proxy, opts);
    const status = response.statusCode ?? 0;
    if (proxy && status === 407) {
      response.resume();
      throw new FirmwareError('http-status', `the proxy ${proxy.display} asks for credentials (HTTP 407)`);
    }
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

/** The proxy for this hop, or null; a proxy setting that cannot be used is a download failure. */
function proxyFor(url: URL, policy: OutboundPolicy): ProxyEndpoint | null {
  try {
    return resolveProxy(url, policy.proxyEnv ?? {});
  } catch (error) {
    throw proxyFailure(error as ProxyError);
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

function requestOnce(url: URL, headers: Record<string, string>, proxy: ProxyEndpoint | null, opts: GetOptions): Promise<IncomingMessage> {
  const lib = url.protocol === 'https:' ? https : http;
  const base: RequestOptions & { ca?: string } = { headers, signal: opts.signal, lookup: createGuardedLookup(opts.outbound), ...(opts.ca ? { ca: opts.ca } : {}) };
  return new Promise((resolve, reject) => {
    const onResponse = (response: IncomingMessage) => {
      req.setTimeout(0); // from here the download's own watchdog judges idleness, with the right error
      resolve(response);
    };
    // no highWaterMark here: measured, a 1 MiB one does not change the 64 KiB socket reads, did not
    // speed anything up, and raised peak RSS
    const req = proxy ? http.get(viaProxy(url, proxy, base, opts), onResponse) : lib.get(url, base, onResponse);
    req.setTimeout(clampTimerDelay(opts.idleTimeoutMs), () => {
      req.destroy(new FirmwareError('idle-timeout', `no response from the download server for ${opts.idleTimeoutMs} ms`));
    });
    req.on('error', (error) => reject(mapRequestError(error, opts.signal)));
  });
}

/** The request through `proxy`: its address is checked (link-local/metadata never; the operator's
 * private proxy yes), its steps bounded by the idle timeout, the target's certificate checked. */
function viaProxy(url: URL, proxy: ProxyEndpoint, base: RequestOptions, opts: GetOptions): RequestOptions {
  const policy: OutboundPolicy = { allowPrivate: true, ...(opts.outbound.resolve ? { resolve: opts.outbound.resolve } : {}) };
  const via = proxiedRequestOptions(url, proxy, { timeoutMs: opts.idleTimeoutMs, policy, ca: opts.ca, signal: opts.signal });
  return { ...base, ...via, headers: { ...base.headers, ...via.headers } };
}

/** Every proxy failure is a network error (retried with backoff); the message says which. */
function proxyFailure(error: ProxyError): FirmwareError {
  return new FirmwareError('network', `download failed through the proxy: ${error.message}`);
}

export function mapRequestError(error: unknown, signal: AbortSignal): FirmwareError {
  if (error instanceof FirmwareError) return error;
  if (error instanceof OutboundRefusedError) return refusal(error);
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    return reason instanceof FirmwareError ? reason : new FirmwareError('aborted', 'the upgrade was cancelled');
  }
  if (error instanceof ProxyError) return proxyFailure(error);
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code === 'ECONNRESET' || code === 'ECONNABORTED' || code === 'EPIPE' || (error as Error).message === 'aborted') {
    return new FirmwareError('interrupted', 'the download connection was cut');
  }
  return new FirmwareError('network', `download failed: ${code || (error as Error).message}`);
}
