// The ONE outbound-URL policy for everything the device downloads on the hub's say-so (firmware
// files, signage content). A hostile or compromised hub could otherwise point the kiosk at its own
// network: a cloud metadata service, a router's admin page, a service bound to localhost.
//
// The rule (README "Outbound downloads", docs/PROTOCOL.md):
//   * http and https only, no credentials in the URL;
//   * every address the host name resolves to is checked AT CONNECT TIME (the `lookup` given to
//     http.get), so a DNS answer that changes between a check and the connection (rebinding)
//     cannot slip through; a literal IP in the URL is checked before any socket opens;
//   * link-local (169.254/16, fe80::/10), cloud metadata addresses, unspecified (0.0.0.0/8, ::),
//     multicast and broadcast are refused, always;
//   * loopback and private ranges (127/8, ::1, 10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7)
//     are refused unless the policy allows them (the local simulator, lab setups, tests).
// Refusal messages name the host class, never a remote body or anything derived from one.
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import { isIP } from 'node:net';
import type { ProxyEnv } from './proxy';

export interface OutboundPolicy {
  /** Allow loopback and private (RFC 1918, CGNAT, ULA) destinations. */
  allowPrivate: boolean;
  /** DNS resolution (default node:dns lookup); tests pass their own answers. */
  resolve?: typeof dnsLookup;
  /** The operator's proxy variables (app/core/net/proxy.ts); absent = every download is direct. */
  proxyEnv?: ProxyEnv | undefined;
}

export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'unspecified' | 'multicast' | 'reserved';

export class OutboundRefusedError extends Error {
  override readonly name = 'OutboundRefusedError';
  readonly code = 'ERR_OUTBOUND_REFUSED';
}

/** Well-known instance-metadata endpoints outside link-local (Alibaba, Azure wire server, AWS IPv6). */
const METADATA_V4 = new Set(['100.100.100.200', '168.63.129.16']);
const METADATA_V6_PREFIX = 'fd00:ec2:'; // fd00:ec2::254
/** Host NAMES of metadata services, refused before any lookup: through a proxy, which resolves
 * names itself, the connect-time address check never sees their addresses. */
const METADATA_NAMES = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal', 'metadata.tencentyun.com', 'metadata.platformequinix.com']);

/**
 * The policy a runtime uses: the operator's explicit choice, else loopback/private allowed only
 * while the hub itself is on loopback (the local simulator and the tests).
 */
export function defaultOutboundPolicy(allowPrivate: boolean | undefined, hubUrl: string): OutboundPolicy {
  if (allowPrivate !== undefined) return { allowPrivate };
  try {
    const host = new URL(hubUrl).hostname.replace(/^\[(.*)\]$/, '$1');
    return { allowPrivate: host === 'localhost' || classifyAddress(host) === 'loopback' };
  } catch {
    return { allowPrivate: false };
  }
}

/** Parses and checks a URL's shape (scheme, credentials, a literal IP host). Throws OutboundRefusedError. */
export function checkOutboundUrl(text: string, policy: OutboundPolicy): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OutboundRefusedError('not a valid absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundRefusedError(`${url.protocol} URLs are not fetched; only http and https`);
  if (url.username || url.password) throw new OutboundRefusedError('URLs carrying credentials are not fetched');
  const host = hostAddress(url);
  if (isIP(host)) checkAddress(host, policy);
  else if (METADATA_NAMES.has(host.toLowerCase().replace(/\.$/, ''))) throw new OutboundRefusedError('metadata hosts are not fetched');
  else if (/^localhost$|\.localhost$/i.test(host) && !policy.allowPrivate) throw new OutboundRefusedError('loopback hosts are not fetched');
  return url;
}

/** The URL's host without IPv6 brackets. */
function hostAddress(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** Throws when `address` (a literal IP) is not an allowed destination. */
export function checkAddress(address: string, policy: OutboundPolicy): void {
  const kind = classifyAddress(address);
  if (kind === 'public') return;
  if ((kind === 'loopback' || kind === 'private') && policy.allowPrivate) return;
  throw new OutboundRefusedError(`${kind} addresses are not fetched`);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
export type GuardedLookup = (hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback) => void;

/**
 * A drop-in `lookup` for http(s).get / net.connect: resolves every address of the host and refuses
 * the connection when ANY of them is not allowed (a mixed answer is a rebinding shape).
 */
export function createGuardedLookup(policy: OutboundPolicy): GuardedLookup {
  const resolve = policy.resolve ?? dnsLookup;
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const list = addresses as unknown as LookupAddress[];
      try {
        if (list.length === 0) throw new OutboundRefusedError('the host name resolved to no address');
        for (const entry of list) checkAddress(entry.address, policy);
      } catch (refused) {
        return callback(refused as NodeJS.ErrnoException, '');
      }
      if ((options as LookupAllOptions).all) return callback(null, list);
      const first = list[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/** The class of a literal IPv4/IPv6 address; anything unparsable is 'reserved' (refused). */
export function classifyAddress(address: string): AddressClass {
  const version = isIP(address);
  if (version === 4) return classifyV4(address.split('.').map(Number));
  if (version === 6) return classifyV6(address.toLowerCase());
  return 'reserved';
}

function classifyV4(octets: number[]): AddressClass {
  const [a = 0, b = 0] = octets;
  const dotted = octets.join('.');
  if (METADATA_V4.has(dotted)) return 'metadata';
  if (a === 169 && b === 254) return dotted === '169.254.169.254' ? 'metadata' : 'link-local';
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)) return 'private';
  if (a >= 224 && a <= 239) return 'multicast';
  if (a >= 240) return 'reserved'; // includes 255.255.255.255
  return 'public';
}

function classifyV6(address: string): AddressClass {
  const words = expandV6(address);
  if (!words) return 'reserved';
  const mapped = words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff;
  if (mapped) return classifyV4([words[6]! >> 8, words[6]! & 0xff, words[7]! >> 8, words[7]! & 0xff]);
  if (words.every((w) => w === 0)) return 'unspecified';
  if (words.slice(0, 7).every((w) => w === 0) && words[7] === 1) return 'loopback';
  if (address.startsWith(METADATA_V6_PREFIX)) return 'metadata';
  const first = words[0]!;
  if ((first & 0xffc0) === 0xfe80) return 'link-local';
  if ((first & 0xfe00) === 0xfc00) return 'private';
  if ((first & 0xff00) === 0xff00) return 'multicast';
  return 'public';
}

/** Eight 16-bit words, or null. Handles `::` and a trailing dotted IPv4 part. */
function expandV6(address: string): number[] | null {
  let text = address.replace(/%.*$/, ''); // zone id
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const o = v4[1]!.split('.').map(Number);
    text = text.slice(0, -v4[1]!.length) + `${((o[0]! << 8) | o[1]!).toString(16)}:${((o[2]! << 8) | o[3]!).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((w) => parseInt(w, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const words = [...left, ...Array<number>(Math.max(0, fill)).fill(0), ...right];
  return words.length === 8 && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff) ? words : null;
}
