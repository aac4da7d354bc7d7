// The runtime's proxy variables as the web views' session proxy: one table per rule.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentProxyPlan, LOOPBACK_BYPASS, proxyLogin, translateNoProxy } from '../../app/electron/content-view-proxy';

const loopback = LOOPBACK_BYPASS.join(',');

describe('content view proxy', () => {
  it.each<[string, Record<string, string>, unknown]>([
    ['nothing set: direct', {}, { mode: 'direct' }],
    ['blank values count as unset', { http_proxy: '  ', HTTPS_PROXY: '' }, { mode: 'direct' }],
    ['http only', { http_proxy: 'http://proxy.lan:3128' }, { mode: 'fixed_servers', proxyRules: 'http=http://proxy.lan:3128', proxyBypassRules: loopback }],
    [
      'both, a bare host:port read as http, default port 80',
      { HTTP_PROXY: 'proxy.lan:8080', HTTPS_PROXY: 'http://secure.lan' },
      { mode: 'fixed_servers', proxyRules: 'http=http://proxy.lan:8080;https=http://secure.lan:80', proxyBypassRules: loopback },
    ],
    [
      'lower case wins over upper case',
      { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' },
      { mode: 'fixed_servers', proxyRules: 'https=http://lower:1', proxyBypassRules: loopback },
    ],
    [
      'credentials never reach the rules',
      { https_proxy: 'http://kiosk:s3cret@proxy.lan:3128' },
      { mode: 'fixed_servers', proxyRules: 'https=http://proxy.lan:3128', proxyBypassRules: loopback },
    ],
    ['NO_PROXY=* means direct', { https_proxy: 'http://proxy.lan:3128', no_proxy: 'intranet, *' }, { mode: 'direct' }],
    [
      'NO_PROXY entries after the loopback ones',
      { https_proxy: 'http://proxy.lan:3128', NO_PROXY: '.corp.example,10.0.0.0/8' },
      { mode: 'fixed_servers', proxyRules: 'https=http://proxy.lan:3128', proxyBypassRules: `${loopback},corp.example,*.corp.example,10.0.0.0/8` },
    ],
  ])('%s', (_name, env, config) => {
    const plan = contentProxyPlan(env);
    expect(plan).toMatchObject({ kind: 'ok', config });
    if (plan.kind === 'ok') expect(plan.config).toEqual(config);
  });

  it('an unusable proxy setting is reported by variable, never parsed into rules', () => {
    expect(contentProxyPlan({ https_proxy: 'https://proxy.lan:443' })).toEqual({ kind: 'invalid', variable: 'https_proxy', reason: expect.stringContaining('only http://') });
    expect(contentProxyPlan({ HTTP_PROXY: 'http://proxy.lan/path' })).toMatchObject({ kind: 'invalid', variable: 'HTTP_PROXY' });
  });

  it.each<[string, string[]]>([
    ['example.com', ['example.com', '*.example.com']],
    ['.example.com', ['example.com', '*.example.com']],
    ['*.example.com', ['example.com', '*.example.com']],
    ['Example.COM.', ['example.com', '*.example.com']],
    ['printer.lan:8080', ['printer.lan:8080', '*.printer.lan:8080']],
    ['192.168.1.20', ['192.168.1.20']],
    ['192.168.1.20:81', ['192.168.1.20:81']],
    ['192.168.0.0/16', ['192.168.0.0/16']],
    ['fd00::1', ['[fd00::1]']],
    ['[fd00::1]:8443', ['[fd00::1]:8443']],
    // unreadable or hostile entries are skipped, never passed on: no `<-loopback>`, no `<local>`
    ['<-loopback>', []],
    ['<local>', []],
    ['a;b', []],
    ['10.0.0.0/99', []],
    ['fd00::/8', []],
    ['host:0', []],
    ['host:99999', []],
    ['.', []],
  ])('NO_PROXY entry %s', (entry, rules) => {
    expect(translateNoProxy(entry)).toEqual(rules);
  });

  it('whatever NO_PROXY holds, the rules are bounded, plain and keep loopback bypassed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 5000 }), (noProxy) => {
        const plan = contentProxyPlan({ http_proxy: 'http://proxy.lan:3128', no_proxy: noProxy });
        if (plan.kind !== 'ok' || plan.config.mode === 'direct') return;
        const rules = plan.config.proxyBypassRules!.split(',');
        expect(rules.slice(0, LOOPBACK_BYPASS.length)).toEqual([...LOOPBACK_BYPASS]);
        expect(rules.length).toBeLessThanOrEqual(LOOPBACK_BYPASS.length + 2 * 256);
        for (const rule of rules) expect(rule).toMatch(/^[a-z0-9_.*:[\]/-]+$/);
      }),
      { numRuns: 300 },
    );
  });

  it('answers only its own proxy\'s challenge with the proxy credentials', () => {
    const plan = contentProxyPlan({ https_proxy: 'http://kiosk:p%40ss@proxy.lan:3128', http_proxy: 'http://open.lan:8080' });
    expect(proxyLogin(plan, { isProxy: true, host: 'proxy.lan', port: 3128 })).toEqual({ username: 'kiosk', password: 'p@ss' });
    expect(proxyLogin(plan, { isProxy: true, host: 'proxy.lan', port: 3129 })).toBeNull();
    expect(proxyLogin(plan, { isProxy: true, host: 'open.lan', port: 8080 })).toBeNull(); // no credentials there
    expect(proxyLogin(plan, { isProxy: false, host: 'proxy.lan', port: 3128 })).toBeNull(); // a page's own auth
    expect(proxyLogin(contentProxyPlan({ https_proxy: 'ftp://x' }), { isProxy: true, host: 'x', port: 21 })).toBeNull();
  });
});
