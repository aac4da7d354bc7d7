import { describe, expect, it } from 'vitest';
import { isAllowedNavigation, permissionDecision, windowOpenDecision } from '../../app/electron/navigation-policy';

describe('isAllowedNavigation', () => {
  it.each([
    ['app://kiosk/', true],
    ['app://kiosk/index.html', true],
    ['app://kiosk/index.html?x=1#status', true],
    ['app://kiosk/assets/app.js', true],
    ['app://kiosk', true],
    ['app://kiosk.evil.com/', false],
    ['app://evil/', false],
    ['app://user:pw@kiosk/', false],
    ['app://kiosk:8080/', false],
    ['https://kiosk/', false],
    ['https://example.com/', false],
    ['http://127.0.0.1:5173/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['about:blank', false],
    ['devtools://devtools/bundled/inspector.html', false],
    ['chrome://gpu', false],
    ['', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedNavigation(url)).toBe(allowed);
  });

  it('refuses non-strings and absurdly long URLs', () => {
    expect(isAllowedNavigation(undefined)).toBe(false);
    expect(isAllowedNavigation(42)).toBe(false);
    expect(isAllowedNavigation(`app://kiosk/${'a'.repeat(5000)}`)).toBe(false);
  });
});

describe('windowOpenDecision', () => {
  it('always denies', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
  });
});

describe('permissionDecision', () => {
  it.each([
    ['fullscreen', 'app://kiosk', true],
    ['fullscreen', 'app://kiosk/index.html', true],
    ['fullscreen', 'https://example.com', false],
    ['fullscreen', '', false],
    ['media', 'app://kiosk', false],
    ['geolocation', 'app://kiosk', false],
    ['notifications', 'app://kiosk', false],
    ['clipboard-read', 'app://kiosk', false],
    ['clipboard-sanitized-write', 'app://kiosk', false],
    ['openExternal', 'app://kiosk', false],
    ['hid', 'app://kiosk', false],
    ['usb', 'app://kiosk', false],
    ['serial', 'app://kiosk', false],
    ['display-capture', 'app://kiosk', false],
    ['unknown', 'app://kiosk', false],
    ['pointerLock', 'app://kiosk', false],
  ])('%s from %s → %s', (permission, origin, allowed) => {
    expect(permissionDecision(permission, origin)).toBe(allowed);
  });

  it('refuses junk input', () => {
    expect(permissionDecision(undefined, 'app://kiosk')).toBe(false);
    expect(permissionDecision('fullscreen', undefined)).toBe(false);
    expect(permissionDecision({}, {})).toBe(false);
  });
});
