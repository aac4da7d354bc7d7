// Whether the core may pre-flight a web page at all, by the one outbound-URL policy
// (app/core/net/outbound-url.ts).
//
// Decision: a page is SHOWN by the browser, which the policy does not govern; the policy governs
// what the core itself fetches on the hub's say-so. So:
//   refused    the URL's shape, or an address that is always refused (link-local, cloud metadata,
//              unspecified, multicast, reserved): the page is never shown either;
//   unchecked  a loopback or private address while the policy does not allow those (every kiosk
//              whose hub is not local): the core does not probe the site's network on the hub's
//              word, and the page (an intranet dashboard, typically) is shown unchecked, with the
//              renderer's load timeout as its only guard, as before the pre-flight existed;
//   fetch      everything else; the request's own connect-time lookup checks every address again
//              (a name that resolves differently a moment later is refused then).
// A name that does not resolve here is left to the request (it fails as a network error, or a
// proxy resolves it).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { checkOutboundUrl, classifyAddress, type AddressClass, type OutboundPolicy } from '../net/outbound-url';

export type Destination = { kind: 'fetch' } | { kind: 'unchecked' } | { kind: 'refused'; reason: string };

const isInside = (kind: AddressClass) => kind === 'loopback' || kind === 'private';
const isAlwaysRefused = (kind: AddressClass) => kind !== 'public' && !isInside(kind);

export async function classifyWebDestination(url: string, policy: OutboundPolicy): Promise<Destination> {
  let parsed: URL;
  try {
    // shape and always-refused literal addresses; inside addresses are judged below
    parsed = checkOutboundUrl(url, { ...policy, allowPrivate: true });
  } catch (error) {
    return { kind: 'refused', reason: (error as Error).message };
  }
  if (policy.allowPrivate) return { kind: 'fetch' };
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host)) return isInside(classifyAddress(host)) ? { kind: 'unchecked' } : { kind: 'fetch' };
  if (/^localhost$|\.localhost$/i.test(host)) return { kind: 'unchecked' };
  const addresses = await resolveAll(host, policy.resolve ?? dnsLookup);
  if (addresses === null) return { kind: 'fetch' };
  const kinds = addresses.map((entry) => classifyAddress(entry.address));
  const refused = kinds.find(isAlwaysRefused);
  if (refused !== undefined) return { kind: 'refused', reason: `${refused} addresses are not fetched` };
  return kinds.some(isInside) ? { kind: 'unchecked' } : { kind: 'fetch' };
}

function resolveAll(host: string, resolve: typeof dnsLookup): Promise<LookupAddress[] | null> {
  return new Promise((done) => {
    resolve(host, { all: true }, (error, addresses) => done(error ? null : (addresses as unknown as LookupAddress[])));
  });
}
