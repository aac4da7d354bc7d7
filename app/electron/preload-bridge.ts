// Builds the `window.kiosk` object from an ipcRenderer-like transport (docs/ARCHITECTURE.md#ipc): one named verb
// per invoke channel, one `onX(listener)` per event channel returning an unsubscribe function. No
// channel parameter, no raw ipcRenderer and no IpcRendererEvent ever reach the page.
// The channel names come from app/ipc/channels (zod-free); the contract is imported for types only,
// so the sandboxed preload bundle stays one small file without zod.
import { eventChannelNames, eventNames, invokeChannelNames, invokeNames } from '../ipc/channels';
import type { KioskBridge } from '../ipc/contract';

type IpcListener = (event: unknown, ...args: unknown[]) => void;

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
}

export function createKioskBridge(ipc: IpcRendererLike): KioskBridge {
  const bridge: Record<string, unknown> = {};
  for (const name of invokeNames) {
    const channel = invokeChannelNames[name];
    bridge[name] = (...args: unknown[]) => ipc.invoke(channel, ...args);
  }
  for (const name of eventNames) {
    bridge[name] = subscribeTo(ipc, eventChannelNames[name]);
  }
  return Object.freeze(bridge) as KioskBridge;
}

function subscribeTo(ipc: IpcRendererLike, channel: string) {
  return (listener: (payload: unknown) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    // Only the payload crosses: the event object would expose `sender` (ipcRenderer) to the page.
    const wrapped: IpcListener = (_event, payload) => listener(payload);
    ipc.on(channel, wrapped);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipc.removeListener(channel, wrapped);
    };
  };
}
