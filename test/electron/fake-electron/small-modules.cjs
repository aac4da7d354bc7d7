// powerSaveBlocker, safeStorage, Menu, screen, shell, and the renderer side (contextBridge,
// ipcRenderer) of the fake Electron (see index.cjs).
'use strict';

function createSmallModules({ record, state }) {
  const requireReady = (what) => {
    if (!state.ready) throw new Error(`${what} cannot be used before the app is ready`);
  };
  const powerSaveBlocker = {
    start(type) {
      record('powerSaveBlocker.start', type);
      return 1;
    },
    stop: (id) => record('powerSaveBlocker.stop', id),
    isStarted: () => true,
  };

  // Reversible but not plain text, so a test can tell "sealed through safeStorage" from "plain".
  const MASK = 0x5a;
  const safeStorage = {
    isEncryptionAvailable: () => state.ready,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString(plain) {
      requireReady('safeStorage');
      record('safeStorage.encryptString');
      return Buffer.from(Buffer.from(`fake-sealed:${plain}`, 'utf8').map((b) => b ^ MASK));
    },
    decryptString(sealed) {
      requireReady('safeStorage');
      record('safeStorage.decryptString');
      const text = Buffer.from(sealed.map((b) => b ^ MASK)).toString('utf8');
      if (!text.startsWith('fake-sealed:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return text.slice('fake-sealed:'.length);
    },
  };

  const Menu = {
    setApplicationMenu: (menu) => record('Menu.setApplicationMenu', menu),
    getApplicationMenu: () => null,
    buildFromTemplate: (template) => ({ items: template }),
  };

  const display = { id: 7, size: { width: 1920, height: 1080 }, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, scaleFactor: 1 };
  const screen = {
    getPrimaryDisplay() {
      requireReady('screen');
      return display;
    },
    getAllDisplays() {
      requireReady('screen');
      return [display];
    },
  };

  const shell = { openPath: async () => '', openExternal: async () => record('shell.openExternal') };

  const ipcRenderer = {
    invoke: async (channel, ...args) => record('ipcRenderer.invoke', channel, args),
    on: (channel) => record('ipcRenderer.on', channel),
    removeListener: (channel) => record('ipcRenderer.removeListener', channel),
  };

  // Records what the preload exposes, then uses it once like the page would.
  const contextBridge = {
    exposeInMainWorld(key, api) {
      record('contextBridge.exposeInMainWorld', key, { keys: Object.keys(api).sort(), frozen: Object.isFrozen(api) });
      api.getStatus();
      api.onStatus(() => {})();
    },
  };

  return { powerSaveBlocker, safeStorage, Menu, screen, shell, contextBridge, ipcRenderer };
}

module.exports = { createSmallModules };
