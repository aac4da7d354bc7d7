// WebContentsView for the fake Electron (see index.cjs): each view gets a webContents of its own
// (announced through app 'web-contents-created', as Electron does), a session per partition that
// records its handlers, and a load that "succeeds" with HTTP 200. Once the kiosk page is sent a
// play plan with a web item, the stand-in renderer drives that item's view through the real IPC
// wiring and records what main did (probe.web-view), so the smoke test sees the real bundle's glue.
// Captures are solid pictures (page dark, view white); the view crashes once it has been captured.
/* global URL */
'use strict';
const { PNG } = require('pngjs');

/** A NativeImage stand-in of one colour (RGBA; the fake's toBitmap and createFromBitmap agree on it). */
function solidImage(width, height, rgba) {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set(rgba, i);
  return { isEmpty: () => false, getSize: () => ({ width, height }), toBitmap: () => Buffer.from(data) };
}

const nativeImage = {
  createFromBitmap(buffer, { width, height }) {
    const png = new PNG({ width, height });
    png.data.set(buffer);
    return { toPNG: () => PNG.sync.write(png) };
  },
};

function createContentViewModule({ record, requireReady, createWebContents, electronEvent, app, ipcHandlers }) {
  const sessions = new Map();
  const views = [];

  function sessionFor(partition) {
    if (sessions.has(partition)) return sessions.get(partition);
    const handlers = { downloads: [] };
    const session = {
      partition,
      handlers,
      setPermissionRequestHandler: (h) => (handlers.request = h),
      setPermissionCheckHandler: (h) => (handlers.check = h),
      setDevicePermissionHandler: (h) => (handlers.device = h),
      setProxy: (config) => {
        record('session.setProxy', partition, config);
        return Promise.resolve();
      },
      on(event, listener) {
        if (event === 'will-download') handlers.downloads.push(listener);
        return session;
      },
    };
    sessions.set(partition, session);
    return session;
  }

  class WebContentsView {
    constructor(options = {}) {
      requireReady('WebContentsView');
      record('new WebContentsView', options);
      const contents = createWebContents();
      contents.session = sessionFor(options.webPreferences?.partition ?? '');
      contents.loadURL = (url) => {
        record('WebContentsView.loadURL', url);
        contents.navigateTo(url);
        setImmediate(() => {
          contents.emit('did-navigate', electronEvent(), url, 200, 'OK');
          contents.emit('did-finish-load');
        });
        return Promise.resolve();
      };
      contents.reload = () => record('WebContentsView.reload');
      // A tenth of the window's DIPs, white; the page crashes right after (a failure on screen).
      contents.capturePage = async () => {
        record('WebContentsView.capturePage');
        setImmediate(() => contents.emit('render-process-gone', electronEvent(), { reason: 'crashed', exitCode: 1 }));
        return solidImage(192, 100, [255, 255, 255, 255]);
      };
      contents.close = () => {
        record('WebContentsView.close');
        contents.destroy();
      };
      this.webContents = contents;
      views.push(this);
      app.emit('web-contents-created', electronEvent(), contents);
    }
    setBounds(bounds) { record('WebContentsView.setBounds', bounds); }
    setVisible(visible) { record('WebContentsView.setVisible', visible); }
  }

  const contentView = {
    addChildView: () => record('contentView.addChildView'),
    removeChildView: () => record('contentView.removeChildView'),
  };

  async function control(contents, request) {
    const handler = ipcHandlers.get('kiosk:control-web-view');
    try {
      return await handler({ sender: contents, senderFrame: contents.mainFrame, processId: 1, frameId: 1 }, request);
    } catch (error) {
      return { error: error.message };
    }
  }

  async function probeWebView(contents, item) {
    const layout = await control(contents, { op: 'layout', layout: { visible: true, bounds: { x: 0, y: 0, width: 1920, height: 1000 } } });
    const prepare = await control(contents, { op: 'prepare', viewId: 1, itemId: item.id });
    const show = await control(contents, { op: 'show', viewId: 1 });
    const view = views.at(-1);
    const vc = view.webContents;
    const navigate = (url) => {
      const event = electronEvent({ url, isMainFrame: true });
      vc.emit('will-navigate', event, url);
      return event.defaultPrevented ? 'blocked' : 'allowed';
    };
    const session = vc.session.handlers;
    let download = 'kept';
    for (const listener of session.downloads) listener(electronEvent(), { getURL: () => `${new URL(item.url).origin}/x.pdf`, cancel: () => (download = 'cancelled') });
    let requested = null;
    session.request?.(vc, 'geolocation', (allowed) => (requested = allowed), { requestingUrl: item.url });
    // Chromium asking for credentials: the proxy's own challenge, then the page's HTTP auth
    const login = (authInfo) => {
      const event = electronEvent();
      let credentials = null;
      vc.emit('login', event, { url: item.url }, { scheme: 'basic', realm: 'r', ...authInfo }, (username, password) => (credentials = { username, password }));
      return { prevented: event.defaultPrevented, credentials };
    };
    const logins = {
      proxy: login({ isProxy: true, host: 'proxy.invalid', port: 3128 }),
      page: login({ isProxy: false, host: new URL(item.url).hostname, port: Number(new URL(item.url).port) }),
    };
    const fromView = ipcHandlers.get('kiosk:get-status');
    let viewIpc;
    try {
      await fromView({ sender: vc, senderFrame: vc.mainFrame, processId: 3, frameId: 1 });
      viewIpc = 'answered';
    } catch (error) {
      viewIpc = error.message;
    }
    record('probe.web-view', {
      layout,
      prepare,
      show,
      navigation: { sameOrigin: navigate(`${new URL(item.url).origin}/next`), foreign: navigate('https://evil.example/'), kiosk: navigate('app://kiosk/index.html') },
      popup: vc.windowOpenHandler?.({ url: 'https://evil.example/' }) ?? null,
      permission: { check: session.check?.(vc, 'media', item.url, {}) ?? null, request: requested, device: session.device?.() ?? null },
      download,
      viewIpc,
      logins,
    });
    record('probe.web-view.done');
  }

  /** Starts the probe the first time the kiosk page is sent a plan with a web item. */
  function watchPlans(contents) {
    // The kiosk page as the window paints it: a tenth of its DIPs, the status screen's dark colour.
    contents.capturePage = async () => solidImage(192, 108, [15, 17, 21, 255]);
    const send = contents.send;
    let probed = false;
    contents.send = (channel, payload) => {
      send(channel, payload);
      const item = channel === 'kiosk:play-plan' && payload?.screen?.kind === 'content' ? payload.screen.items.find((i) => i.type === 'web') : undefined;
      if (item && !probed) {
        probed = true;
        probeWebView(contents, item).catch((error) => record('probe.web-view.failed', String(error)));
      }
    };
  }

  return { WebContentsView, contentView, watchPlans, nativeImage };
}

module.exports = { createContentViewModule };
