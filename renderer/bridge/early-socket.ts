// Where the browser shell's socket lives, and opening it early. Kept free of zod and the contract
// so the boot module that calls it runs before those heavy modules are evaluated.
import { KIOSK_WS_PATH } from '../../app/ipc/channels';
import { bufferSocket, type SocketLike } from './buffered-socket';

/** The shell's endpoint on the page's own origin (ws:// or wss:// to match the page). */
export function wsUrlFor(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${KIOSK_WS_PATH}`;
}

interface EarlyWindow {
  kiosk?: unknown;
  location: { protocol: string; host: string };
  WebSocket?: new (url: string) => SocketLike;
}

/**
 * Opens the shell's WebSocket now, unless a preload bridge exists (Electron defines window.kiosk
 * before any page script runs, and then there is no socket to open). Null when there is none.
 */
export function openEarlySocket(win: EarlyWindow): SocketLike | null {
  if (win.kiosk || typeof win.WebSocket !== 'function') return null;
  try {
    return bufferSocket(new win.WebSocket(wsUrlFor(win.location)));
  } catch {
    // A malformed URL or a refused scheme: the bridge's own connect will report and retry.
    return null;
  }
}
