// Which forward proxy, if any, a request to a URL goes through: the operator's HTTP_PROXY /
// HTTPS_PROXY / NO_PROXY (lower-case names win over upper-case ones, as curl and wget read them).
// Pure: the environment comes in as a parameter, nothing is read from the process here.
//
// The rules (README "Behind a proxy", docs/PROTOCOL.md#outbound-proxy):
//   * http targets use http_proxy, https targets https_proxy; unset or empty means direct;
//   * loopback targets (localhost, *.localhost, 127/8, ::1) are never proxied;
//   * NO_PROXY: comma/space separated; `*` matches everything; `example.com`, `.example.com` and
//     `*.example.com` match the domain and every name below it; `host:port` matches that port only;
//     a literal IP matches itself, `a.b.c.d/n` an IPv4 range;
//   * a proxy URL is `http://[user:pass@]host[:port]` (a bare `host:port` is read as http); anything
//     else is reported as `invalid` with a plain reason, never thrown at the caller by surprise;
//   * a proxy's credentials become a Proxy-Authorization header and appear nowhere else: `display`
//     (the only form meant for logs) is scheme://host:port.
import { isIP } from 'node:net';
import { classifyAddress } from './outbound-url';
import { matchesNoProxy } from './proxy-no-proxy';

/** The process environment, or any stand-in for it (tests pass a plain object). */
export type ProxyEnv = Readonly<Record<string, string | undefined>>;

export interface ProxyEndpoint {
  hostname: string;
  port: number;
  /** `Basic …` from the proxy URL's credentials, or null. Sent to the proxy only. */
  authorization: string | null;
  /** `http://host:port`: what logs and errors may show. */
  display: string;
}

export type ProxyChoice =
  | { kind: 'direct'; why: 'no-proxy-set' | 'no-proxy-match' | 'loopback' }
  | { kind: 'proxy'; variable: string; proxy: ProxyEndpoint }
  | { kind: 'invalid'; variable: string; reason: string };

/** Why a proxied connection failed; `config` is a bad proxy setting, the rest are the proxy's doing. */
export type ProxyFailure = 'config' | 'connect' | 'refused' | 'timeout' | 'protocol';

export class ProxyError extends Error {
  override readonly name = 'ProxyError';
  readonly code = 'ERR_PROXY';
  constructor(
    readonly failure: ProxyFailure,
    message: string,
  ) {
    super(message);
  }
}

const DEFAULT_PROXY_PORT = 80;
/** Longer values are not a proxy setting anyone wrote by hand; refused rather than parsed. */
const MAX_ENV_VALUE_LENGTH = 4096;

const PROXY_VARIABLES = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY'] as const;

/** Only the proxy variables of an environment (a frozen copy: later changes to it do not count). */
export function pickProxyEnv(env: ProxyEnv | undefined): ProxyEnv {
  const out: Record<string, string> = {};
  for (const name of PROXY_VARIABLES) {
    const value = env?.[name];
    if (typeof value === 'string') out[name] = value;
  }
  return Object.freeze(out);
}

/**
 * The secret parts of the proxy settings (passwords raw and decoded, the Basic token, the
 * user-info) for the root logger's mask list (app/core/redact.ts): no log line or dump can then
 * show them, whatever error text quotes a proxy URL.
 */
export function proxySecrets(env: ProxyEnv): string[] {
  const out = new Set<string>();
  for (const name of PROXY_VARIABLES) {
    const value = env[name];
    if (typeof value !== 'string' || value.length > MAX_ENV_VALUE_LENGTH || !value.includes('@')) continue;
    const parsed = parseProxyUrl(value.trim());
    const userInfo = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^@/]*)@/i.exec(value.trim())?.[1] ?? '';
    const password = userInfo.includes(':') ? userInfo.slice(userInfo.indexOf(':') + 1) : '';
    if (password) out.add(password).add(userInfo);
    try {
      if (password) out.add(decodeURIComponent(password));
    } catch {
      // not percent-encoded text: the raw form is masked already
    }
    if (typeof parsed !== 'string' && parsed.authorization) out.add(parsed.authorization).add(parsed.authorization.slice('Basic '.length));
  }
  return [...out];
}

/** The proxy choice for `target`. Never throws: an unparsable target is simply not proxied. */
export function chooseProxy(target: URL | string, env: ProxyEnv): ProxyChoice {
  let url: URL;
  try {
    url = typeof target === 'string' ? new URL(target) : target;
  } catch {
    return { kind: 'direct', why: 'no-proxy-set' };
  }
  const scheme = url.protocol === 'https:' ? 'https' : url.protocol === 'http:' ? 'http' : null;
  if (scheme === null) return { kind: 'direct', why: 'no-proxy-set' };
  const found = readVariable(env, `${scheme}_proxy`);
  if (!found) return { kind: 'direct', why: 'no-proxy-set' };
  const host = hostOf(url);
  if (isLoopbackHost(host)) return { kind: 'direct', why: 'loopback' };
  const noProxy = readVariable(env, 'no_proxy')?.value ?? '';
  if (matchesNoProxy(host, effectivePort(url), noProxy)) return { kind: 'direct', why: 'no-proxy-match' };
  const parsed = parseProxyUrl(found.value);
  if (typeof parsed === 'string') return { kind: 'invalid', variable: found.name, reason: parsed };
  return { kind: 'proxy', variable: found.name, proxy: parsed };
}

/** chooseProxy, with `invalid` turned into a ProxyError('config') naming the variable. */
export function resolveProxy(target: URL | string, env: ProxyEnv): ProxyEndpoint | null {
  const choice = chooseProxy(target, env);
  switch (choice.kind) {
    case 'direct':
      return null;
    case 'proxy':
      return choice.proxy;
    case 'invalid':
      throw new ProxyError('config', `the proxy setting ${choice.variable} is not usable: ${choice.reason}`);
  }
}

/** `name` in lower case, else upper case; blank values count as unset. */
export function readVariable(env: ProxyEnv, name: string): { name: string; value: string } | null {
  for (const key of [name, name.toUpperCase()]) {
    const value = env[key];
    if (typeof value === 'string' && value.trim() !== '') return { name: key, value: value.trim() };
  }
  return null;
}

/** A proxy endpoint, or the plain reason it is not one (the reason never repeats the value). */
export function parseProxyUrl(text: string): ProxyEndpoint | string {
  if (text.length > MAX_ENV_VALUE_LENGTH) return 'the value is too long';
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return 'not a valid URL';
  }
  if (url.protocol !== 'http:') return `only http:// proxies are supported, not ${url.protocol.replace(/:$/, '')}://`;
  if (!url.hostname) return 'no proxy host';
  if (url.pathname !== '/' && url.pathname !== '') return 'a proxy URL has no path';
  const port = url.port === '' ? DEFAULT_PROXY_PORT : Number(url.port);
  const hostname = hostOf(url);
  const display = `http://${isIP(hostname) === 6 ? `[${hostname}]` : hostname}:${port}`;
  return { hostname, port, authorization: basicAuthorization(url), display };
}

function basicAuthorization(url: URL): string | null {
  if (!url.username && !url.password) return null;
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  };
  return `Basic ${Buffer.from(`${decode(url.username)}:${decode(url.password)}`).toString('base64')}`;
}

/** The URL's host name without IPv6 brackets or a trailing dot, lower case. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
}

function effectivePort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return isIP(host) !== 0 && classifyAddress(host) === 'loopback';
}
