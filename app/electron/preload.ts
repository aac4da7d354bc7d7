// Sandboxed preload, bundled to ONE CommonJS file (dist/electron/preload.cjs) with only `electron`
// external. It exposes the frozen `window.kiosk` bridge and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { createKioskBridge } from './preload-bridge';

contextBridge.exposeInMainWorld('kiosk', createKioskBridge(ipcRenderer));
