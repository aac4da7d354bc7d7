// Builds the `window.kiosk` object from an ipcRenderer-like transport (DESIGN §6): one named verb
// per invoke channel, one `onX(listener)` per event channel returning an unsubscribe function. No
// channel parameter, no raw ipcRenderer and no IpcRendererEvent ever reach the page.
import type { EventName, InvokeName, KioskBridge } from '../ipc/contract';
import { preloadEventChannels, preloadInvokeChannels } from './preload-channels';

type IpcListener = (event: unknown, ...args: unknown[]) => void;

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
}

export function createKioskBridge(ipc: IpcRendererLike): KioskBridge {
  const bridge: Record<string, unknown> = {};
  for (const name of Object.keys(preloadInvokeChannels) as InvokeName[]) {
    const channel = preloadInvokeChannels[name];
    bridge[name] = (...args: unknown[]) => ipc.invoke(channel, ...args);
  }
  for (const name of Object.keys(preloadEventChannels) as EventName[]) {
    bridge[name] = subscribeTo(ipc, preloadEventChannels[name]);
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
