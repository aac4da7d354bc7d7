import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../app/core/log/logger';
import { chooseProxy, parseProxyUrl, pickProxyEnv, ProxyError, proxySecrets, resolveProxy, type ProxyChoice } from '../../../app/core/net/proxy';

const proxied = (choice: ProxyChoice) => (choice.kind === 'proxy' ? choice.proxy.display : choice.kind);

describe('chooseProxy: which variable', () => {
  it('uses http_proxy for http targets and https_proxy for https targets', () => {
    const env = { http_proxy: 'http://plain.proxy:3128', https_proxy: 'http://tls.proxy:8080' };
    expect(proxied(chooseProxy('http://media.example.com/a.png', env))).toBe('http://plain.proxy:3128');
    expect(proxied(chooseProxy('https://media.example.com/a.png', env))).toBe('http://tls.proxy:8080');
  });

  it('reads the upper-case names too; the lower-case one wins when both are set', () => {
    expect(proxied(chooseProxy('https://a.example.com/', { HTTPS_PROXY: 'http://upper:1' }))).toBe('http://upper:1');
    expect(proxied(chooseProxy('https://a.example.com/', { HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2' }))).toBe('http://lower:2');
    const choice = chooseProxy('http://a.example.com/', { HTTP_PROXY: 'http://upper:1' });
    expect(choice.kind === 'proxy' && choice.variable).toBe('HTTP_PROXY');
  });

  it('goes direct when the variable is unset or blank, and never uses http_proxy for https', () => {
    expect(chooseProxy('https://a.example.com/', {})).toEqual({ kind: 'direct', why: 'no-proxy-set' });
    expect(chooseProxy('https://a.example.com/', { https_proxy: '  ', HTTPS_PROXY: '' }).kind).toBe('direct');
    expect(chooseProxy('https://a.example.com/', { http_proxy: 'http://p:1' }).kind).toBe('direct');
    expect(chooseProxy('ftp://a.example.com/', { http_proxy: 'http://p:1', https_proxy: 'http://p:1' }).kind).toBe('direct');
    expect(chooseProxy('not a url', { http_proxy: 'http://p:1' }).kind).toBe('direct');
  });

  it('never proxies loopback targets', () => {
    const env = { http_proxy: 'http://p:1', https_proxy: 'http://p:1' };
    for (const url of ['http://localhost:8080/', 'https://hub.localhost/', 'http://127.0.0.1/', 'http://127.8.9.10:81/', 'http://[::1]:3000/', 'https://LOCALHOST./']) {
      expect(chooseProxy(url, env), url).toEqual({ kind: 'direct', why: 'loopback' });
    }
    expect(chooseProxy('http://10.0.0.5/', env).kind).toBe('proxy');
  });
});

describe('chooseProxy: NO_PROXY', () => {
  const at = (url: string, noProxy: string, key = 'no_proxy') => chooseProxy(url, { https_proxy: 'http://p:1', http_proxy: 'http://p:1', [key]: noProxy }).kind;

  it('`*` exempts everything', () => {
    expect(at('https://anything.example.org/', '*')).toBe('direct');
    expect(at('https://anything.example.org/', 'foo.com, *')).toBe('direct');
  });

  it('a domain, `.domain` and `*.domain` exempt the domain and every name below it, not look-alikes', () => {
    for (const entry of ['example.com', '.example.com', '*.example.com', 'EXAMPLE.COM.']) {
      expect(at('https://example.com/', entry), entry).toBe('direct');
      expect(at('https://cdn.media.example.com/', entry), entry).toBe('direct');
      expect(at('https://badexample.com/', entry), entry).toBe('proxy');
      expect(at('https://example.com.evil.net/', entry), entry).toBe('proxy');
    }
  });

  it('host:port exempts that port only (the default port counts)', () => {
    expect(at('https://files.example.com:8443/', 'files.example.com:8443')).toBe('direct');
    expect(at('https://files.example.com/', 'files.example.com:8443')).toBe('proxy');
    expect(at('https://files.example.com/', 'files.example.com:443')).toBe('direct');
    expect(at('http://files.example.com/', 'files.example.com:80')).toBe('direct');
  });

  it('IP entries: exact IPv4, IPv4 ranges, IPv6 (bracketed or not)', () => {
    expect(at('http://10.1.2.3/', '10.1.2.3')).toBe('direct');
    expect(at('http://10.1.2.4/', '10.1.2.3')).toBe('proxy');
    expect(at('http://10.200.2.3/', '10.0.0.0/8')).toBe('direct');
    expect(at('http://11.0.0.1/', '10.0.0.0/8')).toBe('proxy');
    expect(at('http://[2001:db8::1]/', '2001:db8:0::1')).toBe('direct');
    expect(at('http://[2001:db8::1]:8080/', '[2001:db8::1]:8080')).toBe('direct');
    expect(at('http://[2001:db8::2]/', '2001:db8::1')).toBe('proxy');
  });

  it('reads NO_PROXY as well as no_proxy, separated by commas and/or spaces, skipping junk', () => {
    expect(at('https://a.example.com/', 'x.org example.com', 'NO_PROXY')).toBe('direct');
    expect(at('https://a.example.com/', ',,, :99, /, 10.0.0.0/99, [, example.com')).toBe('direct');
    expect(at('https://a.example.com/', ',,, :99, /, 10.0.0.0/99, [')).toBe('proxy');
  });
});

describe('pickProxyEnv', () => {
  it('keeps only the proxy variables, as a frozen copy', () => {
    const env: Record<string, string | undefined> = { PATH: '/usr/bin', HTTPS_PROXY: 'http://p:1', no_proxy: 'x.org', XYTE_ACCESS_KEY: 'k' };
    const picked = pickProxyEnv(env);
    env.HTTPS_PROXY = 'http://changed:2';
    expect(picked).toEqual({ HTTPS_PROXY: 'http://p:1', no_proxy: 'x.org' });
    expect(Object.isFrozen(picked)).toBe(true);
    expect(pickProxyEnv(undefined)).toEqual({});
  });
});

describe('proxySecrets', () => {
  it('lists what would reveal a proxy password, and a logger given them masks every form', () => {
    const env = { HTTPS_PROXY: 'http://kiosk:s3cr%3At-pw@proxy.corp:3128', http_proxy: 'proxy.corp:3128', no_proxy: 'a@b' };
    const secrets = proxySecrets(env);
    const token = Buffer.from('kiosk:s3cr:t-pw').toString('base64');
    expect(secrets).toEqual(expect.arrayContaining(['s3cr%3At-pw', 's3cr:t-pw', `Basic ${token}`, token]));
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line) });
    for (const secret of secrets) logger.addSecret(secret);
    logger.warn(`axios said: connect via ${env.HTTPS_PROXY} failed`, { header: `Basic ${token}`, raw: 's3cr:t-pw' });
    expect(lines.join('\n')).not.toMatch(/s3cr|t-pw/);
    expect(lines.join('\n')).not.toContain(token);
    expect(proxySecrets({ HTTPS_PROXY: 'http://proxy.corp:3128' })).toEqual([]);
  });
});

describe('proxy URLs', () => {
  it('reads host, port (default 80), bare host:port and IPv6', () => {
    expect(parseProxyUrl('http://proxy.corp')).toMatchObject({ hostname: 'proxy.corp', port: 80, authorization: null });
    expect(parseProxyUrl('proxy.corp:3128')).toMatchObject({ hostname: 'proxy.corp', port: 3128, display: 'http://proxy.corp:3128' });
    expect(parseProxyUrl('http://[fd00::5]:3128/')).toMatchObject({ hostname: 'fd00::5', display: 'http://[fd00::5]:3128' });
  });

  it('turns credentials into a Basic Proxy-Authorization and keeps them out of `display`', () => {
    const endpoint = parseProxyUrl('http://kiosk%40site:s3cr%3At@proxy.corp:3128');
    expect(typeof endpoint).toBe('object');
    if (typeof endpoint === 'string') return;
    expect(endpoint.authorization).toBe(`Basic ${Buffer.from('kiosk@site:s3cr:t').toString('base64')}`);
    expect(endpoint.display).toBe('http://proxy.corp:3128');
  });

  it('refuses what it cannot use, with a reason that does not repeat the value', () => {
    for (const bad of ['https://user:hunter22@proxy.corp:443', 'socks5://user:hunter22@p:1080', 'http://user:hunter22@proxy.corp/path', 'http://user:hunter22@[::', 'x'.repeat(5000)]) {
      const choice = chooseProxy('https://media.example.com/', { https_proxy: bad });
      expect(choice.kind, bad).toBe('invalid');
      expect(JSON.stringify(choice)).not.toContain('hunter22');
    }
  });

  it('resolveProxy turns an invalid setting into a ProxyError("config") naming the variable', () => {
    expect(resolveProxy('https://a.example.com/', {})).toBeNull();
    expect(resolveProxy('https://a.example.com/', { HTTPS_PROXY: 'p:1' })).toMatchObject({ hostname: 'p', port: 1 });
    let caught: unknown;
    try {
      resolveProxy('https://a.example.com/', { HTTPS_PROXY: 'socks5://u:hunter22@p:1' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProxyError);
    expect((caught as ProxyError).failure).toBe('config');
    expect((caught as ProxyError).message).toContain('HTTPS_PROXY');
    expect((caught as ProxyError).message).not.toContain('hunter22');
  });
});

describe('chooseProxy properties', () => {
  const envValue = fc.oneof(fc.string({ maxLength: 80 }), fc.webUrl(), fc.constant(undefined));
  const env = fc.record({ http_proxy: envValue, HTTPS_PROXY: envValue, no_proxy: envValue, NO_PROXY: envValue });
  const target = fc.oneof(fc.webUrl({ withQueryParameters: true }), fc.string({ maxLength: 60 }));

  it('never throws, whatever the environment and the target', () => {
    fc.assert(
      fc.property(target, env, (url, vars) => {
        const choice = chooseProxy(url, vars);
        expect(['direct', 'proxy', 'invalid']).toContain(choice.kind);
      }),
      { numRuns: 500 },
    );
  });

  it('loopback targets and NO_PROXY=* are always direct', () => {
    const loopback = fc.oneof(fc.constant('localhost'), fc.ipV4().map((ip) => `127.${ip.split('.').slice(1).join('.')}`), fc.constant('[::1]'));
    fc.assert(
      fc.property(loopback, fc.nat(65535), env, (host, port, vars) => {
        expect(chooseProxy(`https://${host}:${port || 1}/x`, vars).kind).toBe('direct');
      }),
    );
    fc.assert(
      fc.property(fc.webUrl(), (url) => {
        expect(chooseProxy(url, { http_proxy: 'http://p:1', https_proxy: 'http://p:1', no_proxy: '*' }).kind).toBe('direct');
      }),
    );
  });

  it('a listed domain exempts itself and every subdomain; the proxy credentials never leak into the choice text', () => {
    const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
    const secret = fc.stringMatching(/^[A-Za-z0-9]{8,20}$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 2, maxLength: 4 }), fc.array(label, { maxLength: 3 }), secret, (domainLabels, subLabels, password) => {
        const domain = domainLabels.join('.');
        const host = [...subLabels, domain].join('.');
        const proxyUrl = `http://kiosk:${password}@proxy.corp:3128`;
        expect(chooseProxy(`https://${host}/f`, { https_proxy: proxyUrl, no_proxy: `other.org,${domain}` }).kind).toBe('direct');
        const choice = chooseProxy(`https://${host}.elsewhere.net/f`, { https_proxy: proxyUrl, no_proxy: domain });
        expect(choice.kind).toBe('proxy');
        if (choice.kind === 'proxy') expect(choice.proxy.display).not.toContain(password);
      }),
    );
  });
});
