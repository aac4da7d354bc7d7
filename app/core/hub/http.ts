// The one place that talks HTTP for both clients, on node:http/https directly (no HTTP library:
// axios cost ~11 MB of RSS and most of a telemetry tick's CPU, see the README's "Headless players"
// figures). One keep-alive agent per client, one wall-clock deadline per exchange, the body read
// with a byte limit and parsed here (a malformed body is a clear 'invalid-response'), and every
// failure mapped to a HubError by errors.ts. Redirects are never followed (the key must not travel).
//
// Proxies: a hub call goes through HTTPS_PROXY / HTTP_PROXY unless NO_PROXY or a loopback host says
// otherwise (README "Behind a proxy"); hub/route.ts picks the route, direct or via which proxy.
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { systemClock } from '../deps';
import { clampTimerDelay } from '../util/timer-delay';
import { errorFromStatus, errorFromTransport, hubError } from './errors';
import { createRoutes, type RequestRoute, type RouteFor } from './route';
import type { HubError } from './types';

export const DEFAULT_TIMEOUT_MS = 15_000;
/** Replies are small JSON; anything bigger is refused rather than buffered. */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** Parsed request URLs kept per client (its endpoints, a few ids); more clears the map. */
const MAX_CACHED_TARGETS = 64;

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

export interface HttpOptions {
  baseUrl: string;
  timeoutMs?: number;
  /** Sent as the raw `Authorization` header on every request (hub calls). */
  authorization?: string;
  /** Values that must never appear in an error message. */
  secrets?: readonly string[];
  now?: () => number;
  /** How a request reaches the base URL's origin (direct or via a proxy); default: the process environment's proxy settings. */
  routeFor?: RouteFor | undefined;
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

export function createHttp(options: HttpOptions): HttpCall {
  const url = parseBaseUrl(options.baseUrl, 'http');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? systemClock.now;
  const baseSecrets = options.secrets ?? [];
  // The base path without its trailing slash; request paths start with '/'.
  const prefix = url.pathname.replace(/\/+$/, '');
  const routeFor = options.routeFor ?? createRoutes();
  const baseHeaders: Record<string, string> = { accept: 'application/json', 'user-agent': 'xyte-kiosk' };
  if (options.authorization !== undefined) baseHeaders.authorization = options.authorization;

  // A client calls the same few paths every tick: each one's URL is parsed once (bounded map).
  const targets = new Map<string, URL>();
  const targetFor = (path: string): URL => {
    let target = targets.get(path);
    if (!target) {
      if (targets.size >= MAX_CACHED_TARGETS) targets.clear();
      target = new URL(url.origin + prefix + path);
      targets.set(path, target);
    }
    return target;
  };

  return async (endpoint, request) => {
    const secrets = request.secrets ? [...baseSecrets, ...request.secrets] : baseSecrets;
    if (!request.path.startsWith('/')) throw hubError('rejected', endpoint, 'request path must start with "/"', {}, secrets);
    const target = targetFor(request.path);
    const { body, headers } = encodeRequest(baseHeaders, request);
    let raw: RawReply;
    try {
      const route = routeFor(target, timeoutMs);
      raw = route.lean
        ? await route.lean(request.method, route.options.path, headers, body, timeoutMs, MAX_RESPONSE_BYTES)
        : await exchange(route, request.method, headers, body, timeoutMs);
    } catch (error) {
      throw toHubError(endpoint, error, timeoutMs, secrets);
    }
    if (raw.status < 200 || raw.status >= 300) {
      const header = (name: string) => {
        const value = raw.headers[name];
        return typeof value === 'string' ? value : undefined;
      };
      throw errorFromStatus(endpoint, { status: raw.status, body: raw.text, retryAfter: header('retry-after'), serverDate: header('date'), now }, secrets);
    }
    return { status: raw.status, text: raw.text, body: request.ignoreBody ? undefined : parseJson(endpoint, raw.text, secrets) };
  };
}

/** Headers merged by lower-case name (a per-request Authorization replaces the client's); objects go as JSON, Buffers as they are. */
function encodeRequest(base: Record<string, string>, request: HttpRequest): { body: Buffer | undefined; headers: Record<string, string> } {
  const headers = { ...base };
  let body: Buffer | undefined;
  if (request.data !== undefined) {
    if (Buffer.isBuffer(request.data)) body = request.data;
    else {
      body = Buffer.from(JSON.stringify(request.data), 'utf8');
      headers['content-type'] = 'application/json';
    }
    headers['content-length'] = String(body.length);
  }
  if (request.headers) for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  return { body, headers };
}

interface RawReply {
  status: number;
  text: string;
  headers: IncomingHttpHeaders | Record<string, string>;
}

const TOO_LARGE = 'ERR_BODY_TOO_LARGE';
const DEADLINE = 'ERR_DEADLINE';

function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * One request and its whole body within one wall-clock deadline (an idle timer would never trip on a
 * server dripping one byte a second). More than MAX_RESPONSE_BYTES, declared or streamed, is
 * refused; an error status keeps its status and drops a body that large.
 */
function exchange(route: RequestRoute, method: Method, headers: Record<string, string>, body: Buffer | undefined, timeoutMs: number): Promise<RawReply> {
  return new Promise<RawReply>((resolve, reject) => {
    let settled = false;
    let expired: Error | null = null;
    const settle = (error: unknown, reply?: RawReply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (reply) resolve(reply);
      // Whatever the destroyed socket reports after the deadline (a reset, a premature close), the cause is the deadline.
      else reject(expired ?? error);
    };
    const onResponse = (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      const ok = status >= 200 && status < 300;
      const tooLarge = (why: string) => {
        req.destroy();
        if (ok) settle(codedError(TOO_LARGE, why));
        else settle(null, { status, text: '', headers: res.headers });
      };
      if (Number(res.headers['content-length']) > MAX_RESPONSE_BYTES) return tooLarge('declared body exceeds the limit');
      const chunks: Buffer[] = [];
      let total = 0;
      res.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > MAX_RESPONSE_BYTES) tooLarge('body exceeds the limit');
        else chunks.push(chunk);
      });
      res.on('end', () => {
        const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, total).toString('utf8');
        settle(null, { status, text, headers: res.headers });
      });
      res.on('error', (error) => settle(error));
      res.on('close', () => settle(res.complete ? null : codedError('ERR_STREAM_PREMATURE_CLOSE', 'connection closed before the body ended')));
    };
    const transport = route.module === 'https:' ? https : http;
    const req = transport.request({ ...route.options, method, headers: { ...route.options.headers, ...headers } }, onResponse);
    const timer = setTimeout(() => {
      expired = codedError(DEADLINE, `no complete answer within ${timeoutMs} ms`);
      req.destroy(expired);
    }, clampTimerDelay(timeoutMs));
    req.on('error', (error) => settle(error));
    req.end(body);
  });
}

function toHubError(endpoint: string, error: unknown, timeoutMs: number, secrets: readonly string[]): HubError {
  const code = hasCode(error) ? (error as { code: string }).code : undefined;
  const message = error instanceof Error ? error.message : 'request failed';
  const timedOut = code === DEADLINE || code === 'ETIMEDOUT';
  return errorFromTransport(endpoint, { ...(code !== undefined ? { code } : {}), message, timedOut, oversized: code === TOO_LARGE }, timeoutMs, secrets);
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
