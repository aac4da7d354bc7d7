// How a hub request reaches its origin: straight to the hub over a keep-alive connection that is
// reused from tick to tick, or through the operator's forward proxy (HTTP_PROXY / HTTPS_PROXY /
// NO_PROXY, read per request like any Node tool; loopback never proxied). The proxy itself, its
// choice and its connection, is app/core/net/proxy.ts and proxy-connect.ts; this module only picks.
import http, { type ClientRequestArgs } from 'node:http';
import https from 'node:https';
import { resolveProxy, type ProxyEnv } from '../net/proxy';
import { proxiedRequestOptions } from '../net/proxy-connect';
import { createLeanExchange, type LeanExchange } from './lean-socket';

export interface RequestRoute {
  /** Which module sends the request: 'https:' only for a direct https call (a tunnel brings its own TLS socket). */
  module: 'http:' | 'https:';
  /** Merged into http(s).request's options: where to connect, the agent or connection, the request path, hop headers. */
  options: ClientRequestArgs & { path: string; headers: Record<string, string> };
  /** A direct route's own keep-alive socket (lean-socket.ts); when set, node:http is not used. */
  lean?: LeanExchange | undefined;
}

export type RouteFor = (target: URL, timeoutMs: number) => RequestRoute;

/**
 * An idle keep-alive connection is dropped after this long: shorter than the usual 5 s server
 * keep-alive timeout, so a tick does not reuse a socket the server is just closing.
 */
export const IDLE_SOCKET_MS = 4_000;
const MAX_ORIGINS = 8;

export interface KeepAliveAgents {
  http: http.Agent;
  https: https.Agent;
}

/** One keep-alive agent per protocol for one client: the connection is reused from tick to tick. */
export function createKeepAliveAgents(ca?: string | undefined): KeepAliveAgents {
  const options = { keepAlive: true, timeout: IDLE_SOCKET_MS, maxSockets: 4, scheduling: 'lifo' as const };
  return { http: new http.Agent(options), https: new https.Agent({ ...options, ...(ca ? { ca } : {}) }) };
}

/** Straight to the target host. */
export function directRoute(target: URL, agents: KeepAliveAgents): RequestRoute {
  const secure = target.protocol === 'https:';
  return {
    module: secure ? 'https:' : 'http:',
    options: {
      // URL keeps IPv6 literals bracketed; the socket wants them bare.
      hostname: target.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: target.port ? Number(target.port) : secure ? 443 : 80,
      agent: secure ? agents.https : agents.http,
      path: target.pathname + target.search,
      headers: {},
    },
  };
}

/**
 * The proxy's own address may be private (a corporate proxy usually is); link-local and cloud
 * metadata addresses stay refused (app/core/net/outbound-url.ts).
 */
const PROXY_POLICY = { allowPrivate: true };

export interface RouteOptions {
  /** The proxy variables; default: the process environment, read at each request. */
  env?: ProxyEnv | undefined;
  /** An extra certificate authority for the hub (tests); the system's are used otherwise. */
  ca?: string | undefined;
}

/** Direct, or via the proxy the environment names for this target. A bad proxy setting throws a ProxyError('config'). */
export function createRoutes(options: RouteOptions = {}): RouteFor {
  const env = options.env ?? process.env;
  const agents = createKeepAliveAgents(options.ca);
  const leans = new Map<string, LeanExchange>();
  const leanFor = (target: URL): LeanExchange => {
    let lean = leans.get(target.origin);
    if (!lean) {
      // A client talks to one hub origin; the bound only keeps a misuse from growing the map.
      if (leans.size >= MAX_ORIGINS) leans.clear();
      const secure = target.protocol === 'https:';
      const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
      const port = target.port ? Number(target.port) : secure ? 443 : 80;
      lean = createLeanExchange({ secure, host, port, hostHeader: target.host, ca: options.ca }, IDLE_SOCKET_MS);
      leans.set(target.origin, lean);
    }
    return lean;
  };
  // The direct route of a target URL is the same every time (http.ts hands out one URL object per
  // path): built once per URL, not once per tick. The proxy choice is still made per request.
  const directs = new WeakMap<URL, RequestRoute>();
  const directFor = (target: URL): RequestRoute => {
    let route = directs.get(target);
    const lean = leanFor(target);
    if (route?.lean !== lean) {
      route = { ...directRoute(target, agents), lean };
      directs.set(target, route);
    }
    return route;
  };
  return (target, timeoutMs) => {
    const proxy = resolveProxy(target, env);
    if (!proxy) return directFor(target);
    return { module: 'http:', options: proxiedRequestOptions(target, proxy, { timeoutMs, policy: PROXY_POLICY, ca: options.ca }) };
  };
}
