import type { lookup, LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { classifyWebDestination } from '../../../app/core/content/web-destination';

const dns = (...addresses: string[]) =>
  ((_host: string, _opts: unknown, cb: (e: Error | null, a: LookupAddress[]) => void) =>
    addresses.length === 1 && addresses[0] === 'NXDOMAIN'
      ? cb(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), [])
      : cb(
          null,
          addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
        )) as unknown as typeof lookup;

describe('where a web page pre-flight may go', () => {
  it.each([
    ['https://93.184.216.34/', false, undefined, 'fetch'],
    ['https://signage.test/', false, dns('93.184.216.34'), 'fetch'],
    ['https://nowhere.test/', false, dns('NXDOMAIN'), 'fetch'], // the request reports it (or a proxy resolves it)
    ['http://192.168.1.50/dash', false, undefined, 'unchecked'],
    ['http://[::1]:8080/', false, undefined, 'unchecked'],
    ['http://printer.localhost/', false, undefined, 'unchecked'],
    ['http://dash.corp.test/', false, dns('10.0.0.7'), 'unchecked'],
    ['http://dash.corp.test/', false, dns('93.184.216.34', '10.0.0.7'), 'unchecked'],
    ['http://192.168.1.50/dash', true, undefined, 'fetch'],
    ['http://169.254.169.254/latest/', true, undefined, 'refused'],
    ['http://[fe80::1]/', false, undefined, 'refused'],
    ['http://meta.test/', false, dns('100.100.100.200'), 'refused'],
    ['http://mixed.test/', false, dns('10.0.0.7', '224.0.0.1'), 'refused'],
    ['file:///etc/passwd', true, undefined, 'refused'],
    ['http://user:pw@signage.test/', true, undefined, 'refused'],
  ] as const)('%s (private allowed: %s) → %s', async (url, allowPrivate, resolve, expected) => {
    const destination = await classifyWebDestination(url, { allowPrivate, ...(resolve ? { resolve } : {}) });
    expect(destination.kind).toBe(expected);
  });
});
