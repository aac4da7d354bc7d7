// Start-up choice of transport: Electron's preload defines window.kiosk before the page loads;
// in the browser shell it is absent and we speak to the shell's WebSocket instead.
import type { KioskBridge } from '../../app/ipc/contract';
import { createWsBridge, wsUrlFor } from './ws-bridge';

export type ResolvedBridge = {
  bridge: KioskBridge;
  /** Only the WebSocket transport can drop; the preload bridge is always there. */
  onTransport?: (listener: (connected: boolean) => void) => () => void;
};

export function resolveBridge(win: Window & { kiosk?: KioskBridge }): ResolvedBridge {
  if (win.kiosk) return { bridge: win.kiosk };
  const ws = createWsBridge({ url: wsUrlFor(win.location) });
  win.kiosk = ws;
  return { bridge: ws, onTransport: ws.onTransport };
}
