// NO_PROXY matching (rules in app/core/net/proxy.ts). Entries are bounded in number and length so
// a pathological value costs nothing; an entry that cannot be read is skipped, never fatal.
import { isIP } from 'node:net';

const MAX_ENTRIES = 256;
const MAX_ENTRY_LENGTH = 255;

/** Whether `host` (lower case, no brackets) on `port` is exempt from the proxy by `noProxy`. */
export function matchesNoProxy(host: string, port: number, noProxy: string): boolean {
  const entries = noProxy.split(/[\s,]+/).filter(Boolean).slice(0, MAX_ENTRIES);
  return entries.some((entry) => entry.length <= MAX_ENTRY_LENGTH && matchesEntry(host, port, entry.toLowerCase()));
}

function matchesEntry(host: string, port: number, entry: string): boolean {
  if (entry === '*') return true;
  const { name, port: wanted } = splitPort(entry);
  if (wanted !== null && wanted !== port) return false;
  if (name === '') return false;
  if (name.includes('/')) return matchesCidr(host, name);
  if (isIP(name)) return isIP(host) !== 0 && sameAddress(host, name);
  const domain = name.replace(/^\*?\./, '').replace(/\.$/, '');
  if (domain === '') return false;
  return host === domain || host.endsWith(`.${domain}`);
}

/** `[v6]:port`, `name:port`, a bare IPv6 address (no port), or a bare name. */
export function splitPort(entry: string): { name: string; port: number | null } {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(entry);
  if (bracketed) return { name: bracketed[1]!, port: bracketed[2] === undefined ? null : Number(bracketed[2]) };
  if (isIP(entry) === 6 || entry.split(':').length > 2) return { name: entry, port: null };
  const withPort = /^(.*):(\d{1,5})$/.exec(entry);
  if (withPort) return { name: withPort[1]!, port: Number(withPort[2]) };
  return { name: entry, port: null };
}

function sameAddress(a: string, b: string): boolean {
  if (isIP(a) === 4 && isIP(b) === 4) return a === b;
  // IPv6: compare through URL's canonical form (it compresses and lower-cases)
  try {
    return new URL(`http://[${a}]/`).hostname === new URL(`http://[${b}]/`).hostname;
  } catch {
    return false;
  }
}

/** `a.b.c.d/n` against an IPv4 host. IPv6 ranges are not read (an exact IPv6 entry is). */
function matchesCidr(host: string, range: string): boolean {
  const [base = '', bitsText = ''] = range.split('/');
  if (isIP(base) !== 4 || isIP(host) !== 4 || !/^\d{1,2}$/.test(bitsText)) return false;
  const bits = Number(bitsText);
  if (bits > 32) return false;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return ((toInt(base) & mask) >>> 0) === ((toInt(host) & mask) >>> 0);
}

function toInt(v4: string): number {
  return v4.split('.').reduce((n, octet) => ((n << 8) | Number(octet)) >>> 0, 0);
}
