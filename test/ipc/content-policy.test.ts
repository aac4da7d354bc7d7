import { describe, expect, it } from 'vitest';
import { httpOriginOf, isWebNavigationAllowed, webFrameCsp, webItemOrigins } from '../../app/ipc/content-policy';

describe('web item policy', () => {
  const item = 'https://menu.example/today?x=1';
  const allow = ['https://cdn.example', 'http://intranet.local:8080', 'javascript:alert(1)', 'junk'];

  it.each([
    ['https://menu.example/other', true], // same origin, other page
    ['https://cdn.example/img.png', true], // allow-listed
    ['http://intranet.local:8080/x', true],
    ['http://menu.example/today', false], // scheme differs: another origin
    ['https://menu.example:444/', false], // port differs
    ['https://evil.example/', false],
    ['https://menu.example.evil.example/', false],
    ['javascript:alert(1)', false],
    ['data:text/html,hi', false],
    ['file:///etc/passwd', false],
    ['about:blank', false],
    ['not a url', false],
  ])('navigation to %s allowed: %s', (target, allowed) => {
    expect(isWebNavigationAllowed(target, item, allow)).toBe(allowed);
  });

  it('lists the item origin first, then the valid allow-list origins, deduplicated', () => {
    expect(webItemOrigins(item, [...allow, 'https://menu.example/again'])).toEqual(['https://menu.example', 'https://cdn.example', 'http://intranet.local:8080']);
    expect(httpOriginOf('ftp://x.example/')).toBeNull();
  });

  it('builds a wrapper CSP that frames only those origins and sandboxes everything inside', () => {
    const csp = webFrameCsp(['https://menu.example', 'https://cdn.example']);
    expect(csp).toContain('frame-src https://menu.example https://cdn.example');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('sandbox allow-scripts allow-same-origin allow-forms');
    expect(csp).not.toMatch(/allow-popups|allow-top-navigation|allow-downloads|allow-modals/);
    expect(webFrameCsp([])).toContain("frame-src 'none'");
  });
});
