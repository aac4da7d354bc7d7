import type { KioskBridge } from '../app/ipc/contract';

declare global {
  interface Window {
    /** Defined by the Electron preload, or by the WebSocket bridge in the browser shell. */
    kiosk?: KioskBridge;
  }
}
