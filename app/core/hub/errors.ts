// Turns whatever a hub call can end in (an HTTP status, a socket error, a timeout, an oversized or
// malformed body) into exactly one HubError kind, so callers switch on five cases instead of poking
// at socket errors. Only a code and a message are kept: nothing that held the request (its
// headers, and therefore the access key) leaks out.
import { maskAndTruncate, maskSecrets } from '../redact';
import { HubError, type HubErrorKind } from './types';
import { assertNever } from '../util/assert-never';

/** The hub may never make us wait less than one 30-second rate window (docs/PROTOCOL.md#limits). */
export const MIN_RATE_LIMIT_WAIT_MS = 30_000;
const MAX_SERVER_TEXT = 300;

/** Builds a HubError whose message and server text are masked. */
export function hubError(
  kind: HubErrorKind,
  endpoint: string,
  message: string,
  details: HubError['details'],
  secrets: readonly string[],
): HubError {
  const masked = { ...details };
  if (masked.serverMessage !== undefined) masked.serverMessage = maskSecrets(masked.serverMessage, secrets);
  return new HubError(kind, endpoint, maskSecrets(message, secrets), masked);
}

/** The longest wait a Retry-After can impose (README "Errors"): a longer ask is capped, not obeyed. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;
/** Longer header values are junk: never handed to the date parser. */
const MAX_RETRY_AFTER_TEXT = 100;

/**
 * Retry-After is either delta-seconds or an HTTP date. A date is measured against the response's
 * own Date header when present (server clock vs server clock, immune to local clock skew), else
 * against `now`. The result is always finite and within [0, MAX_RETRY_AFTER_MS]: a huge number
 * (even 400 digits) or a date in 2100 is capped; missing, unparsable, negative or past → 0, so
 * the normal 30 s floor applies.
 */
export function parseRetryAfterMs(value: string | undefined, serverDate: string | undefined, now: () => number): number {
  const text = value?.trim();
  if (!text) return 0;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) {
    ms = Number(text) * 1000; // Infinity for hundreds of digits: capped below
  } else {
    if (text.length > MAX_RETRY_AFTER_TEXT) return 0;
    const at = Date.parse(text);
    const reference = serverDate && serverDate.length <= MAX_RETRY_AFTER_TEXT ? Date.parse(serverDate) : Number.NaN;
    ms = at - (Number.isFinite(reference) ? reference : now());
  }
  if (Number.isNaN(ms) || ms <= 0) return 0;
  return Math.min(MAX_RETRY_AFTER_MS, Math.round(ms));
}

export function rateLimitWaitMs(retryAfter: string | undefined, serverDate: string | undefined, now: () => number): number {
  return Math.max(MIN_RATE_LIMIT_WAIT_MS, parseRetryAfterMs(retryAfter, serverDate, now));
}

/**
 * The server's `{"error": text}`, or a short piece of a non-JSON body (an HTML error page…).
 * Secrets are masked BEFORE the cut to 300 characters: a key the hub echoes across the cut would
 * otherwise leave a fragment the mask no longer recognises.
 */
export function extractServerMessage(body: string, secrets: readonly string[]): string | undefined {
  const text = body.trim();
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && 'error' in parsed) {
      const error = (parsed as { error: unknown }).error;
      return maskAndTruncate(typeof error === 'string' ? error : JSON.stringify(error), MAX_SERVER_TEXT, secrets);
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return maskAndTruncate(text.replace(/\s+/g, ' '), MAX_SERVER_TEXT, secrets);
}

export interface StatusContext {
  status: number;
  body: string;
  retryAfter?: string | undefined;
  serverDate?: string | undefined;
  now: () => number;
}

/** Maps a non-2xx HTTP status to its HubError (docs/PROTOCOL.md#unauthorized: only 401 means "credentials gone"). */
export function errorFromStatus(endpoint: string, ctx: StatusContext, secrets: readonly string[]): HubError {
  const { status } = ctx;
  const serverMessage = extractServerMessage(ctx.body, secrets);
  const details = { status, ...(serverMessage !== undefined ? { serverMessage } : {}) };
  const suffix = serverMessage ? `: ${serverMessage}` : '';
  if (status === 401) return hubError('unauthorized', endpoint, `unauthorized (401)${suffix}`, details, secrets);
  if (status === 429) {
    const retryAfterMs = rateLimitWaitMs(ctx.retryAfter, ctx.serverDate, ctx.now);
    return hubError('rate-limited', endpoint, `rate limited (429), retry in ${Math.ceil(retryAfterMs / 1000)} s`, { ...details, retryAfterMs }, secrets);
  }
  if (status >= 500) return hubError('transient', endpoint, `server error (${status})${suffix}`, details, secrets);
  if (status >= 300 && status < 400) {
    // Never followed: a redirect could carry the Authorization header to another origin. The
    // Location is deliberately not quoted, it may echo the key.
    return hubError('rejected', endpoint, `redirect (${status}) refused: hub calls never follow redirects`, { status }, secrets);
  }
  return hubError('rejected', endpoint, `rejected (${status})${suffix}`, details, secrets);
}

/** Socket-level error codes that mean "try again later". */
const TRANSIENT_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN',
  'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'ERR_CANCELED', 'ERR_NETWORK', 'ERR_SOCKET_CONNECTION_TIMEOUT',
  'UND_ERR_SOCKET', 'ERR_STREAM_PREMATURE_CLOSE', 'HPE_INVALID_CONSTANT', 'ERR_BAD_RESPONSE',
  // the forward proxy could not be reached, refused the tunnel, or is misconfigured (its message says which)
  'ERR_PROXY',
]);

export interface TransportFailure {
  code?: string;
  message: string;
  /** True when our own wall-clock deadline or the idle timeout fired. */
  timedOut: boolean;
  /** True when the body grew past the size limit. */
  oversized: boolean;
}

/** Maps a failure below HTTP (no usable status) to a HubError. */
export function errorFromTransport(endpoint: string, failure: TransportFailure, timeoutMs: number, secrets: readonly string[]): HubError {
  if (failure.oversized) {
    return hubError('invalid-response', endpoint, 'response body too large, refused', {}, secrets);
  }
  if (failure.timedOut) return hubError('transient', endpoint, `timed out after ${timeoutMs} ms`, {}, secrets);
  const code = failure.code ?? 'unknown';
  const known = TRANSIENT_CODES.has(code) ? '' : ' (unrecognised)';
  // Any failure without an HTTP answer is worth retrying later; the code is kept for the log.
  return hubError('transient', endpoint, `network error ${code}${known}: ${failure.message}`, {}, secrets);
}

/** One line for the status screen; never includes the key (messages are masked at creation). */
export function describeHubError(e: HubError): string {
  const status = e.status !== undefined ? ` (${e.status})` : '';
  const server = e.details.serverMessage ? `: ${e.details.serverMessage}` : '';
  switch (e.kind) {
    case 'unauthorized':
      return `Hub no longer accepts this device's credentials${status}; registering again`;
    case 'rate-limited':
      return `Hub asked us to slow down${status}; retrying in ${Math.ceil((e.details.retryAfterMs ?? MIN_RATE_LIMIT_WAIT_MS) / 1000)} s`;
    case 'transient':
      return e.status !== undefined ? `Hub temporarily unavailable${status}${server}` : `Hub unreachable: ${stripEndpoint(e)}`;
    case 'rejected':
      return `Hub rejected the request${status}${server || `: ${stripEndpoint(e)}`}`;
    case 'invalid-response':
      return `Hub sent an unexpected reply to ${e.endpoint}: ${stripEndpoint(e)}`;
    default:
      return assertNever(e.kind, 'hub error kind');
  }
}

function stripEndpoint(e: HubError): string {
  const prefix = `${e.endpoint}: `;
  return e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
}

export function isHubError(value: unknown): value is HubError {
  return value instanceof HubError;
}
