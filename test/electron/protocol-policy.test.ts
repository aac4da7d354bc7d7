import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, mimeTypeFor, resolveAppPath, responseHeaders, safeScreenHtml, safeScreenPolicy } from '../../app/electron/protocol-policy';

const root = path.resolve('/srv/kiosk/dist/renderer');
const inRoot = (relative: string) => path.join(root, relative);

describe('resolveAppPath', () => {
  it.each([
    ['app://kiosk/', inRoot('index.html')],
    ['app://kiosk', inRoot('index.html')],
    ['app://kiosk/index.html', inRoot('index.html')],
    ['app://kiosk/assets/index-abc.js', inRoot('assets/index-abc.js')],
    ['app://kiosk/assets/index-abc.js?v=2', inRoot('assets/index-abc.js')],
    ['app://kiosk/index.html#/status', inRoot('index.html')],
    ['app://kiosk/fonts/inter%20latin.woff2', inRoot('fonts/inter latin.woff2')],
    ['app://kiosk//assets//a.css', inRoot('assets/a.css')],
    // The URL parser resolves plain dot-segments before we see them: they stay inside the root.
    ['app://kiosk/../../etc/passwd', inRoot('etc/passwd')],
    ['app://kiosk/assets/../index.html', inRoot('index.html')],
    ['app://kiosk/%2e%2e/%2e%2e/etc/passwd', inRoot('etc/passwd')],
    // Decoded once only: a double-encoded name is a literal (harmless) file name inside the root.
    ['app://kiosk/%252e%252e%252fetc', inRoot('%2e%2e%2fetc')],
    // An encoded leading slash cannot make the path absolute.
    ['app://kiosk/%2fetc%2fpasswd', inRoot('etc/passwd')],
  ])('%s → inside the renderer dir', (url, expected) => {
    expect(resolveAppPath(root, url)).toBe(expected);
  });

  it.each([
    ['encoded slash traversal', 'app://kiosk/..%2f..%2fetc%2fpasswd'],
    ['encoded slash traversal (upper case)', 'app://kiosk/..%2F..%2F..%2Fetc%2Fpasswd'],
    ['encoded backslash', 'app://kiosk/..%5c..%5cwindows%5cwin.ini'],
    ['NUL byte', 'app://kiosk/index.html%00.png'],
    ['malformed escape', 'app://kiosk/%E0%A4%A'],
    ['drive letter', 'app://kiosk/C:%5cWindows%5cwin.ini'],
    ['drive letter with slash', 'app://kiosk/c:/windows/win.ini'],
    ['foreign host', 'app://evil/index.html'],
    ['foreign scheme', 'https://kiosk/index.html'],
    ['file URL', 'file:///etc/passwd'],
    ['credentials', 'app://a:b@kiosk/index.html'],
    ['port', 'app://kiosk:81/index.html'],
    ['not a URL', 'index.html'],
    ['empty', ''],
  ])('refuses %s', (_label, url) => {
    expect(resolveAppPath(root, url)).toBeNull();
  });

  it('never returns a path outside the root for any of many hostile paths', () => {
    const pieces = ['..', '.', '%2e%2e', '%2E%2E', '..%2f', '..%5c', '%2f', '%5c', 'a', 'index.html', '%00', '~', 'C:'];
    for (const a of pieces) {
      for (const b of pieces) {
        for (const c of pieces) {
          const resolved = resolveAppPath(root, `app://kiosk/${a}/${b}/${c}`);
          if (resolved !== null) expect(resolved.startsWith(root + path.sep)).toBe(true);
        }
      }
    }
  });
});

describe('contentSecurityPolicy', () => {
  it('is the strict policy, exactly', () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; frame-src 'self'; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('never allows inline or eval script, or remote hosts', () => {
    const csp = contentSecurityPolicy();
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|wasm-unsafe-eval|\*|https?:/);
  });
});

describe('mimeTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a/b/app.js', 'text/javascript; charset=utf-8'],
    ['x.mjs', 'text/javascript; charset=utf-8'],
    ['style.CSS', 'text/css; charset=utf-8'],
    ['data.json', 'application/json; charset=utf-8'],
    ['logo.svg', 'image/svg+xml'],
    ['logo.png', 'image/png'],
    ['photo.JPG', 'image/jpeg'],
    ['font.woff2', 'font/woff2'],
    ['font.woff', 'font/woff'],
    ['clip.mp4', 'video/mp4'],
    ['favicon.ico', 'image/x-icon'],
    ['module.wasm', 'application/wasm'],
    ['README', 'application/octet-stream'],
    ['archive.tar.gz', 'application/octet-stream'],
  ])('%s → %s', (file, mime) => {
    expect(mimeTypeFor(file)).toBe(mime);
  });
});

describe('responseHeaders', () => {
  it('carries the CSP, nosniff and the MIME type', () => {
    const headers = responseHeaders('/x/index.html');
    expect(headers['Content-Security-Policy']).toBe(contentSecurityPolicy());
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(headers['Referrer-Policy']).toBe('no-referrer');
  });
});

describe('safe screen', () => {
  it('escapes its message and carries no script', () => {
    const html = safeScreenHtml('<script>alert("x")</script> & more');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;');
    expect(html).toContain('&#38; more');
    expect(safeScreenPolicy()).toContain("default-src 'none'");
    expect(safeScreenPolicy()).not.toContain('script-src');
  });
});
