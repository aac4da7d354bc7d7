// The web items' views go out through the same forward proxy as the core's downloads and hub
// calls: the runtime's HTTP(S)_PROXY / NO_PROXY (rules in app/core/net/proxy.ts, README "Behind a
// proxy") translated to Chromium's fixed proxy rules, set on each content session before its first
// page loads. Pure, so every translation is pinned by a table test.
//
// Chromium's format (Electron ProxyConfig): proxyRules `http=http://host:port;https=http://host:port`
// (a scheme without a rule goes direct), proxyBypassRules a comma-separated list of host patterns,
// `*.suffix`, `host:port`, IP literals (`[v6]` bracketed) and `a.b.c.d/n` ranges. Loopback is
// always bypassed, as in the core: Chromium does so implicitly unless the list holds `<-loopback>`,
// which can never be produced here (only plain host characters pass), and the loopback names and
// ranges are listed explicitly as well so no Chromium version can proxy them.
import { isIP } from 'node:net';
import { parseProxyUrl, readVariable, type ProxyEndpoint, type ProxyEnv } from '../core/net/proxy';
import { splitPort } from '../core/net/proxy-no-proxy';

/** Electron's ProxyConfig, the part we set (kept structural so this file needs no electron import). */
export interface ContentProxyConfig {
  mode: 'direct' | 'fixed_servers';
  proxyRules?: string;
  proxyBypassRules?: string;
}

export type ContentProxyPlan =
  | { kind: 'ok'; config: ContentProxyConfig; endpoints: readonly ProxyEndpoint[] }
  /** A proxy variable is set but unusable: the core refuses such downloads, the views refuse to load. */
  | { kind: 'invalid'; variable: string; reason: string };

export const LOOPBACK_BYPASS = ['localhost', '*.localhost', '127.0.0.0/8', '[::1]'] as const;
/** The same bounds as the core's NO_PROXY reading (app/core/net/proxy-no-proxy.ts). */
const MAX_ENTRIES = 256;
const MAX_ENTRY_LENGTH = 255;
const MAX_ENV_VALUE_LENGTH = 4096;

/** The session proxy settings for `env` (a frozen copy of the runtime's proxy variables). */
export function contentProxyPlan(env: ProxyEnv): ContentProxyPlan {
  const rules: string[] = [];
  const endpoints: ProxyEndpoint[] = [];
  for (const scheme of ['http', 'https'] as const) {
    const found = readVariable(env, `${scheme}_proxy`);
    if (!found) continue;
    const parsed = parseProxyUrl(found.value);
    if (typeof parsed === 'string') return { kind: 'invalid', variable: found.name, reason: parsed };
    // `display` is scheme://host:port: credentials never enter Chromium's rules (see proxyLogin)
    rules.push(`${scheme}=${parsed.display}`);
    endpoints.push(parsed);
  }
  if (rules.length === 0) return { kind: 'ok', config: { mode: 'direct' }, endpoints };
  const noProxy = readVariable(env, 'no_proxy')?.value ?? '';
  const bypass = translateNoProxy(noProxy);
  if (bypass === 'all') return { kind: 'ok', config: { mode: 'direct' }, endpoints: [] };
  return { kind: 'ok', config: { mode: 'fixed_servers', proxyRules: rules.join(';'), proxyBypassRules: [...LOOPBACK_BYPASS, ...bypass].join(',') }, endpoints };
}

/** NO_PROXY entries as Chromium bypass rules; `all` for `*`. Unreadable entries are skipped. */
export function translateNoProxy(noProxy: string): string[] | 'all' {
  if (noProxy.length > MAX_ENV_VALUE_LENGTH) return [];
  const out = new Set<string>();
  for (const raw of noProxy.split(/[\s,]+/).filter(Boolean).slice(0, MAX_ENTRIES)) {
    const entry = raw.toLowerCase();
    if (entry === '*') return 'all';
    if (entry.length > MAX_ENTRY_LENGTH) continue;
    for (const rule of translateEntry(entry)) out.add(rule);
  }
  return [...out];
}

function translateEntry(entry: string): string[] {
  const { name, port } = splitPort(entry);
  // a port no connection uses matches nothing in the core: bypass nothing either
  if (port !== null && (port < 1 || port > 65_535)) return [];
  const suffix = port === null ? '' : `:${port}`;
  if (name.includes('/')) return isIPv4Range(name) && port === null ? [name] : [];
  if (isIP(name) === 4) return [`${name}${suffix}`];
  if (isIP(name) === 6) return [`[${name}]${suffix}`];
  // the core reads `example.com`, `.example.com` and `*.example.com` alike: the domain and below
  const domain = name.replace(/^\*?\./, '').replace(/\.$/, '');
  if (!/^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/.test(domain)) return [];
  return [`${domain}${suffix}`, `*.${domain}${suffix}`];
}

function isIPv4Range(range: string): boolean {
  const [base = '', bits = '', ...rest] = range.split('/');
  return rest.length === 0 && isIP(base) === 4 && /^\d{1,2}$/.test(bits) && Number(bits) <= 32;
}

/**
 * The credentials to answer a view's `login` event with: only for a proxy challenge, only from
 * the proxy the plan names (host and port), never for a page's own HTTP auth. Stays in main.
 */
export function proxyLogin(plan: ContentProxyPlan, challenge: { isProxy: boolean; host: string; port: number }): { username: string; password: string } | null {
  if (plan.kind !== 'ok' || !challenge.isProxy) return null;
  const host = challenge.host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const endpoint = plan.endpoints.find((e) => e.hostname === host && e.port === challenge.port && e.authorization);
  if (!endpoint?.authorization) return null;
  const decoded = Buffer.from(endpoint.authorization.slice('Basic '.length), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
