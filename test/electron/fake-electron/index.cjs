// A fake `electron` module for running the bundled main process (dist/electron/main.cjs) in plain
// Node: the real binary cannot be downloaded here. It implements only what app/electron uses,
// keeps Electron's "not before ready" rules (so an ordering bug throws here as it would on a
// kiosk), records every call through trace.cjs and plays a tiny renderer (renderer-probe.cjs).
// Env: FAKE_ELECTRON_TRACE (trace file), FAKE_ELECTRON_APP_PATH, FAKE_ELECTRON_HOME (getPath
// root), FAKE_ELECTRON_LOCK_TAKEN=1 (another instance holds the single-instance lock),
// FAKE_ELECTRON_FAULT=uncaught-after-ready (an error nobody catches), FAKE_ELECTRON_ROLE=renderer
// (loading a preload: no app lifecycle, the process may end).
'use strict';
const { EventEmitter } = require('node:events');
const os = require('node:os');
const path = require('node:path');
const { record, state } = require('./trace.cjs');
const { runProbes } = require('./renderer-probe.cjs');
const { createSmallModules } = require('./small-modules.cjs');
const { createContentViewModule } = require('./content-view.cjs');

const role = process.env.FAKE_ELECTRON_ROLE === 'renderer' ? 'renderer' : 'browser';
process.type = role;
const home = process.env.FAKE_ELECTRON_HOME || path.join(os.tmpdir(), 'fake-electron-home');
const windows = new Set();
const ipcHandlers = new Map();
const sessionState = { protocolHandlers: new Map(), permissionRequest: null, permissionCheck: null, devicePermission: null };
let nextId = 1;
let quitting = false;
// Electron's event loop never idles out on its own; neither does the fake's.
const keepAlive = role === 'browser' ? setInterval(() => {}, 1 << 30) : undefined;

function electronEvent(extra = {}) {
  return { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; }, ...extra };
}

function requireReady(what) {
  if (!state.ready) throw new Error(`${what} cannot be used before the app is ready`);
}

// ---- app -------------------------------------------------------------------------------------
const app = new EventEmitter();
let resolveReady;
const readyPromise = new Promise((resolve) => (resolveReady = resolve));
Object.assign(app, {
  isPackaged: process.env.FAKE_ELECTRON_PACKAGED === '1',
  commandLine: {
    appendSwitch: (name, value) => record('app.commandLine.appendSwitch', name, value),
    removeSwitch: (name) => record('app.commandLine.removeSwitch', name),
    hasSwitch: () => false,
    getSwitchValue: () => '',
  },
  whenReady: () => readyPromise,
  isReady: () => state.ready,
  getVersion: () => process.env.FAKE_ELECTRON_APP_VERSION || '1.0.0',
  getName: () => 'Xyte Kiosk',
  getAppPath: () => process.env.FAKE_ELECTRON_APP_PATH || path.resolve(path.dirname(require.main.filename), '..', '..'),
  getPath: (name) => path.join(home, name),
  requestSingleInstanceLock() {
    record('app.requestSingleInstanceLock');
    return process.env.FAKE_ELECTRON_LOCK_TAKEN !== '1';
  },
  setLoginItemSettings: (settings) => record('app.setLoginItemSettings', settings),
  relaunch: (options) => record('app.relaunch', options),
  focus: () => record('app.focus'),
  exit(code = 0) {
    record('app.exit', code);
    quitting = true;
    for (const win of [...windows]) win.destroy();
    clearInterval(keepAlive);
    process.exit(code);
  },
  quit() {
    record('app.quit');
    // Electron: before-quit → every window closes (no window-all-closed) → will-quit → quit.
    const beforeQuit = electronEvent();
    app.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return record('app.before-quit.prevented');
    quitting = true;
    for (const win of [...windows]) win.destroy();
    const willQuit = electronEvent();
    app.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) return record('app.will-quit.prevented');
    app.emit('quit', electronEvent(), 0);
    app.exit(0);
  },
});

const onOriginal = app.on.bind(app);
app.on = (name, listener) => {
  record('app.on', name);
  return onOriginal(name, listener);
};

if (role === 'browser') {
  setImmediate(() => {
    state.ready = true;
    record('app.ready');
    app.emit('ready', electronEvent(), {});
    resolveReady();
    if (process.env.FAKE_ELECTRON_FAULT === 'uncaught-after-ready') {
      setTimeout(() => {
        throw new Error('fake uncaught error after ready');
      }, 0);
    }
  });
}

// Electron's own default (lib/browser/init.ts): a modal error box — unless the app listens itself.
process.on('uncaughtException', (error) => {
  if (process.listenerCount('uncaughtException') > 1) return;
  record('dialog.showErrorBox', String(error && error.message));
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  // Electron quits gracefully on these (before-quit / will-quit), like a user quit.
  process.on(signal, () => {
    record('signal', signal);
    app.quit();
  });
}

// ---- BrowserWindow / webContents -------------------------------------------------------------
function createWebContents() {
  const contents = new EventEmitter();
  let url = '';
  let destroyed = false;
  Object.assign(contents, {
    id: nextId++,
    mainFrame: { url: '', frameTreeNodeId: 1 },
    getURL: () => url,
    send: (channel, payload) => record('webContents.send', channel, payload),
    setWindowOpenHandler(handler) {
      record('webContents.setWindowOpenHandler');
      contents.windowOpenHandler = handler;
    },
    isDestroyed: () => destroyed,
    isCrashed: () => false,
    forcefullyCrashRenderer: () => record('webContents.forcefullyCrashRenderer'),
    capturePage: async () => ({ isEmpty: () => true, toPNG: () => Buffer.alloc(0) }),
    navigateTo(next) {
      url = next;
      contents.mainFrame.url = next;
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      contents.emit('destroyed');
    },
  });
  const onOriginal = contents.on.bind(contents);
  contents.on = (name, listener) => {
    record('webContents.on', name);
    return onOriginal(name, listener);
  };
  return contents;
}

class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return [...windows];
  }

  constructor(options = {}) {
    super();
    requireReady('BrowserWindow');
    record('new BrowserWindow', options);
    this.options = options;
    this.destroyed = false;
    this.webContents = createWebContents();
    this.contentView = contentViews.contentView;
    contentViews.watchPlans(this.webContents);
    this.probed = false;
    windows.add(this);
    app.emit('web-contents-created', electronEvent(), this.webContents);
    app.emit('browser-window-created', electronEvent(), this);
  }

  loadURL(url) {
    record('BrowserWindow.loadURL', url);
    if (this.destroyed) return Promise.reject(new Error('Object has been destroyed'));
    this.webContents.navigateTo(url);
    return new Promise((resolve) => {
      setImmediate(() => {
        if (this.destroyed) return resolve();
        this.webContents.emit('did-finish-load');
        this.emit('ready-to-show');
        resolve();
        if (!this.probed && url.startsWith('app://')) {
          this.probed = true;
          runProbes({ contents: this.webContents, ipcHandlers, sessionState, record }).catch((error) => record('probe.failed', String(error)));
        }
      });
    });
  }

  getContentBounds() { return { x: 0, y: 0, width: 1920, height: 1080 }; }
  show() { record('BrowserWindow.show'); }
  focus() { record('BrowserWindow.focus'); }
  isDestroyed() { return this.destroyed; }

  close() {
    const event = electronEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroy();
  }

  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    windows.delete(this);
    this.emit('closed');
    this.webContents.destroy();
    if (windows.size === 0 && !quitting) app.emit('window-all-closed');
  }
}

const contentViews = createContentViewModule({ record, requireReady, createWebContents, electronEvent, app, ipcHandlers });

// ---- ipcMain -----------------------------------------------------------------------------------
const ipcMain = new EventEmitter();
ipcMain.handle = (channel, handler) => {
  record('ipcMain.handle', channel);
  if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
  ipcHandlers.set(channel, handler);
};
ipcMain.removeHandler = (channel) => {
  record('ipcMain.removeHandler', channel);
  ipcHandlers.delete(channel);
};
const ipcOn = ipcMain.on.bind(ipcMain);
ipcMain.on = (channel, listener) => {
  record('ipcMain.on', channel);
  return ipcOn(channel, listener);
};
const ipcRemoveAll = ipcMain.removeAllListeners.bind(ipcMain);
ipcMain.removeAllListeners = (channel) => {
  record('ipcMain.removeAllListeners', channel);
  return ipcRemoveAll(channel);
};

// ---- protocol / session ------------------------------------------------------------------------
const protocol = {
  registerSchemesAsPrivileged(schemes) {
    record('protocol.registerSchemesAsPrivileged', schemes);
    if (state.ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
  },
  handle(scheme, handler) {
    requireReady('protocol.handle');
    record('protocol.handle', scheme);
    sessionState.protocolHandlers.set(scheme, handler);
  },
};

const defaultSession = {
  protocol,
  setPermissionRequestHandler(handler) {
    record('session.setPermissionRequestHandler');
    sessionState.permissionRequest = handler;
  },
  setPermissionCheckHandler(handler) {
    record('session.setPermissionCheckHandler');
    sessionState.permissionCheck = handler;
  },
  setDevicePermissionHandler(handler) {
    record('session.setDevicePermissionHandler');
    sessionState.devicePermission = handler;
  },
  on(event) {
    record('session.on', event);
    return defaultSession;
  },
};

const session = {
  get defaultSession() {
    requireReady('session.defaultSession');
    return defaultSession;
  },
};

const { powerSaveBlocker, safeStorage, Menu, screen, shell, contextBridge, ipcRenderer } = createSmallModules({ record, state });

const { WebContentsView, nativeImage } = contentViews;
module.exports = { app, BrowserWindow, WebContentsView, nativeImage, ipcMain, protocol, session, powerSaveBlocker, safeStorage, Menu, screen, shell, contextBridge, ipcRenderer };
