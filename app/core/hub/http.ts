// The one place that talks HTTP for both clients: one axios instance per client, a wall-clock
// deadline per request, bodies read as text and parsed here (so a malformed body is a clear
// 'invalid-response', not axios' silent fall-back to a string), and every failure mapped to a
// HubError by errors.ts.
//
// Proxies: axios in Node reads HTTPS_PROXY / HTTP_PROXY / NO_PROXY (and their lower-case forms,
// via `proxy-from-env`) for every request unless `proxy: false` is given, and tunnels https through
// the proxy with CONNECT. We keep that default so a kiosk behind a corporate proxy works with the
// usual environment variables. The one exception: a loopback host never goes through a proxy
// (no proxy can serve "127.0.0.1" on our behalf, and the local demo/simulator must keep working on
// machines that have a proxy configured).
import axios, { AxiosError, type AxiosInstance, type Method } from 'axios';
import type { Readable } from 'node:stream';
import { systemClock } from '../deps';
import { clampTimerDelay } from '../util/timer-delay';
import { errorFromStatus, errorFromTransport, hubError } from './errors';
import type { HubError } from './types';

export const DEFAULT_TIMEOUT_MS = 15_000;
/** Replies are small JSON; anything bigger is refused rather than buffered. */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export interface HttpOptions {
  baseUrl: string;
  timeoutMs?: number;
  /** Sent as the raw `Authorization` header on every request (hub calls). */
  authorization?: string;
  /** Values that must never appear in an error message. */
  secrets?: readonly string[];
  now?: () => number;
}

export interface HttpRequest {
  method: Method;
  path: string;
  data?: unknown;
  headers?: Record<string, string>;
  /** Extra secrets for this call only (e.g. the parent key, mass-telemetry tokens). */
  secrets?: readonly string[];
  /**
   * The reply body is not looked at (calls whose answer is undocumented: "treat 2xx as success").
   * A 2xx means the hub applied it; failing on its body would only make us repeat the action.
   */
  ignoreBody?: boolean;
}

export interface HttpReply {
  status: number;
  /** Parsed JSON; undefined for an empty body (204, or 200 with nothing) or when ignoreBody is set. */
  body: unknown;
  /** The body as received. */
  text: string;
}

export type HttpCall = (endpoint: string, request: HttpRequest) => Promise<HttpReply>;

/** Checks the base URL once, up front: only http(s), no credentials in it. */
export function parseBaseUrl(baseUrl: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw hubError('rejected', what, 'base URL is not a valid URL', {}, []);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw hubError('rejected', what, `base URL must be http(s), got ${url.protocol}`, {}, []);
  }
  if (url.username || url.password) throw hubError('rejected', what, 'base URL must not carry credentials', {}, []);
  return url;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

export function createHttp(options: HttpOptions): HttpCall {
  const url = parseBaseUrl(options.baseUrl, 'http');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? systemClock.now;
  const baseSecrets = options.secrets ?? [];
  const instance = axios.create({
    baseURL: url.toString().replace(/\/+$/, ''),
    allowAbsoluteUrls: false,
    timeout: timeoutMs,
    maxRedirects: 0,
    maxContentLength: MAX_RESPONSE_BYTES,
    // A stream, read by readLimited(): axios only checks the size while buffering, so a declared
    // Content-Length of 1 GB would otherwise be accepted until 8 MB had actually arrived.
    responseType: 'stream',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    ...(isLoopback(url.hostname) ? { proxy: false as const } : {}),
    headers: {
      Accept: 'application/json',
      ...(options.authorization !== undefined ? { Authorization: options.authorization } : {}),
    },
  });

  return async (endpoint, request) => {
    const secrets = [...baseSecrets, ...(request.secrets ?? [])];
    const raw = await send(instance, endpoint, request, timeoutMs, secrets);
    const text = raw.data;
    if (raw.status < 200 || raw.status >= 300) {
      const header = (name: string) => {
        const value: unknown = raw.headers[name];
        return typeof value === 'string' ? value : undefined;
      };
      throw errorFromStatus(endpoint, { status: raw.status, body: text, retryAfter: header('retry-after'), serverDate: header('date'), now }, secrets);
    }
    return { status: raw.status, text, body: request.ignoreBody ? undefined : parseJson(endpoint, text, secrets) };
  };
}

interface RawReply {
  status: number;
  data: string;
  headers: Record<string, unknown>;
}

async function send(instance: AxiosInstance, endpoint: string, request: HttpRequest, timeoutMs: number, secrets: readonly string[]): Promise<RawReply> {
  // axios' `timeout` is an idle timer on the socket: a server dripping one byte a second would
  // never trip it. The AbortController is the wall-clock deadline for the whole exchange.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), clampTimerDelay(timeoutMs));
  try {
    const reply = await instance.request<Readable>({
      method: request.method,
      url: request.path,
      data: request.data,
      ...(request.headers ? { headers: request.headers } : {}),
      signal: deadline.signal,
    });
    const headers = reply.headers as Record<string, unknown>;
    const ok = reply.status >= 200 && reply.status < 300;
    const data = await readLimited(reply.data, Number(headers['content-length']), deadline.signal).catch((error: unknown) => {
      // A huge error page must not hide the status it came with: keep the status, drop the body.
      if (!ok && hasCode(error) && (error as { code: string }).code === TOO_LARGE) return '';
      throw error;
    });
    return { status: reply.status, data, headers };
  } catch (error) {
    throw toHubError(endpoint, error, deadline.signal.aborted, timeoutMs, secrets);
  } finally {
    clearTimeout(timer);
  }
}

const TOO_LARGE = 'ERR_BODY_TOO_LARGE';

function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** Reads the whole body as UTF-8, refusing more than MAX_RESPONSE_BYTES and stopping at the deadline. */
async function readLimited(stream: Readable, declaredLength: number, signal: AbortSignal): Promise<string> {
  if (declaredLength > MAX_RESPONSE_BYTES) {
    stream.destroy();
    throw codedError(TOO_LARGE, `declared body of ${declaredLength} bytes exceeds the limit`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const onAbort = () => stream.destroy(codedError('ERR_CANCELED', 'deadline passed while reading the body'));
  if (signal.aborted) onAbort();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      total += buffer.length;
      if (total > MAX_RESPONSE_BYTES) {
        stream.destroy();
        throw codedError(TOO_LARGE, 'body exceeds the limit');
      }
      chunks.push(buffer);
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function toHubError(endpoint: string, error: unknown, deadlinePassed: boolean, timeoutMs: number, secrets: readonly string[]): HubError {
  // Only code and message are read: the AxiosError itself holds the config with our headers.
  const code = error instanceof AxiosError || hasCode(error) ? (error as { code?: string }).code : undefined;
  const message = error instanceof Error ? error.message : 'request failed';
  const oversized = code === TOO_LARGE || /maxContentLength/i.test(message);
  const timedOut = deadlinePassed || code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(message);
  return errorFromTransport(endpoint, { ...(code !== undefined ? { code } : {}), message, timedOut, oversized }, timeoutMs, secrets);
}

function hasCode(error: unknown): boolean {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

function parseJson(endpoint: string, text: string, secrets: readonly string[]): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw hubError('invalid-response', endpoint, 'body is not valid JSON', {}, secrets);
  }
}
