import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../app/core/log/logger';
import { guardContentSession, guardSession, guardWebContents } from '../../app/electron/web-contents-guard';

// Stand-ins for WebContents / Session: the guard only uses Electron's types, so plain emitters do.
function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: ((d: { url: string }) => unknown) | null = null;
  const contents = Object.assign(emitter, {
    setWindowOpenHandler: (h: (d: { url: string }) => unknown) => {
      openHandler = h;
    },
  });
  guardWebContents(contents as never, silentLogger);
  const navigate = (event: string, url: string) => {
    let prevented = false;
    emitter.emit(event, { url, preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { navigate, emitter, openWindow: (url: string) => openHandler?.({ url }) };
}

describe('guardWebContents', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s: blocks foreign URLs, allows ours', (event) => {
    const { navigate } = fakeContents();
    expect(navigate(event, 'https://evil.example/')).toBe(true);
    expect(navigate(event, 'file:///etc/passwd')).toBe(true);
    expect(navigate(event, 'app://kiosk/index.html')).toBe(false);
  });

  it('blocks every webview and every new window', () => {
    const { emitter, openWindow } = fakeContents();
    let prevented = false;
    emitter.emit('will-attach-webview', { preventDefault: () => (prevented = true) }, {}, {});
    expect(prevented).toBe(true);
    expect(openWindow('app://kiosk/index.html')).toEqual({ action: 'deny' });
    expect(openWindow('https://example.com')).toEqual({ action: 'deny' });
  });
});

describe('guardSession', () => {
  function setup() {
    const handlers: Record<string, (...args: never[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: never) => (handlers.request = h),
      setPermissionCheckHandler: (h: never) => (handlers.check = h),
      setDevicePermissionHandler: (h: never) => (handlers.device = h),
      on: () => session,
    };
    guardSession(session as never, silentLogger);
    const request = (permission: string, requestingUrl: string) =>
      new Promise<boolean>((resolve) =>
        (handlers.request as unknown as (...a: unknown[]) => void)({ getURL: () => requestingUrl }, permission, resolve, { requestingUrl }),
      );
    const check = (permission: string, origin: string) => (handlers.check as unknown as (...a: unknown[]) => boolean)(null, permission, origin, {});
    const device = () => (handlers.device as unknown as () => boolean)();
    return { request, check, device };
  }

  it('answers requests and checks with the same policy', async () => {
    const { request, check } = setup();
    for (const [permission, origin, expected] of [
      ['media', 'app://kiosk/', false],
      ['geolocation', 'app://kiosk/', false],
      ['fullscreen', 'app://kiosk/', true],
      ['fullscreen', 'https://evil.example/', false],
    ] as const) {
      expect(await request(permission, origin)).toBe(expected);
      expect(check(permission, origin)).toBe(expected);
    }
  });

  it('refuses device access', () => {
    expect(setup().device()).toBe(false);
  });
});

describe('guardWebContents with a web item view rule', () => {
  function viewContents(id: number) {
    const emitter = new EventEmitter();
    const contents = Object.assign(emitter, { id, setWindowOpenHandler: () => undefined });
    // The rule knows view 7 only: its main frame may go to menu.example.
    guardWebContents(contents as never, silentLogger, (contentsId, url, isMainFrame) =>
      contentsId === 7 ? isMainFrame && url.startsWith('https://menu.example/') : null,
    );
    return (event: string, url: string, isMainFrame = true) => {
      let prevented = false;
      emitter.emit(event, { url, isMainFrame, preventDefault: () => (prevented = true) });
      return prevented;
    };
  }

  it('asks the rule first for its own views, and keeps the kiosk rule for everything else', () => {
    const view = viewContents(7);
    expect(view('will-navigate', 'https://menu.example/next')).toBe(false);
    expect(view('will-redirect', 'https://evil.example/')).toBe(true);
    expect(view('will-navigate', 'app://kiosk/index.html')).toBe(true); // a web item never loads the kiosk page
    const kioskPage = viewContents(1);
    expect(kioskPage('will-navigate', 'app://kiosk/index.html')).toBe(false);
    expect(kioskPage('will-navigate', 'https://menu.example/next')).toBe(true);
  });
});

describe('guardContentSession', () => {
  it('refuses every permission and device, and cancels every download', async () => {
    const handlers: Record<string, (...args: unknown[]) => unknown> = {};
    const session = new EventEmitter();
    Object.assign(session, {
      setPermissionRequestHandler: (h: never) => (handlers.request = h),
      setPermissionCheckHandler: (h: never) => (handlers.check = h),
      setDevicePermissionHandler: (h: never) => (handlers.device = h),
    });
    guardContentSession(session as never, silentLogger);
    for (const permission of ['fullscreen', 'media', 'geolocation', 'notifications', 'clipboard-read']) {
      expect(await new Promise((resolve) => handlers.request!({}, permission, resolve, { requestingUrl: 'https://menu.example/' }))).toBe(false);
      expect(handlers.check!({}, permission, 'https://menu.example', {})).toBe(false);
    }
    expect(handlers.device!()).toBe(false);
    let cancelled = false;
    session.emit('will-download', {}, { getURL: () => 'https://menu.example/menu.pdf', cancel: () => (cancelled = true) });
    expect(cancelled).toBe(true);
  });
});
