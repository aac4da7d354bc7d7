// Start-up choice of transport: Electron's preload defines window.kiosk before the page loads;
// in the browser shell it is absent and we speak to the shell's WebSocket instead.
import type { KioskBridge } from '../../app/ipc/contract';
import type { SocketLike } from './buffered-socket';
import { createWsBridge, wsUrlFor } from './ws-bridge';

export type ResolvedBridge = {
  bridge: KioskBridge;
  /** Only the WebSocket transport can drop; the preload bridge is always there. */
  onTransport?: (listener: (connected: boolean) => void) => () => void;
  /** The transport sends the current status on connect (the browser shell), so no getStatus is needed for the first one. */
  pushesStatus?: boolean;
  /** Electron's main shows web items in their own views; the browser shell frames them in the page. */
  webItemViews?: boolean;
};

/** `earlySocket`: the socket the boot module already opened to the shell, if any. */
export function resolveBridge(win: Window & { kiosk?: KioskBridge }, earlySocket: SocketLike | null = null): ResolvedBridge {
  if (win.kiosk) return { bridge: win.kiosk, webItemViews: true };
  const ws = createWsBridge({ url: wsUrlFor(win.location), initialSocket: earlySocket });
  win.kiosk = ws;
  return { bridge: ws, onTransport: ws.onTransport, pushesStatus: true };
}
