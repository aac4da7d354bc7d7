// The ONLY file that touches ipcMain (docs/ARCHITECTURE.md#layers, enforced by eslint). For each contract channel it
// registers one handler: Electron event → sender facts → handleInvoke (sender check, validation,
// dispatch). Core events go out through forwardEvents.
import { ipcMain } from 'electron';
import { invokeChannels, invokeNames, type KioskHandlers } from '../ipc/contract';
import { createDispatcher } from '../ipc/dispatch';
import type { Logger } from '../core/log/logger';
import { handleInvoke, senderOf } from './invoke-handler';

export { forwardEvents } from './event-forwarding';

export interface IpcWiring {
  handlers: KioskHandlers;
  /** Ids of the webContents we created (the kiosk window); anything else is refused. */
  knownWebContentsIds: () => ReadonlySet<number>;
  logger: Logger;
}

/** Registers every invoke channel; returns a function that removes them again. */
export function registerInvokeHandlers({ handlers, knownWebContentsIds, logger }: IpcWiring): () => void {
  const ipcLog = logger.child('ipc');
  const dispatcher = createDispatcher(handlers, (channel, reason) => ipcLog.warn('IPC call refused', { channel, reason }));
  // electron-store registers a sync 'electron-store-get-data' channel for renderer-side stores; we
  // never use that, so no channel without a sender check stays open.
  ipcMain.removeAllListeners('electron-store-get-data');
  for (const name of invokeNames) {
    const channel = invokeChannels[name].channel;
    ipcMain.handle(channel, (event, ...args) => handleInvoke(senderOf(event), channel, args, { dispatcher, knownWebContentsIds, logger: ipcLog }));
  }
  return () => {
    for (const name of invokeNames) ipcMain.removeHandler(invokeChannels[name].channel);
  };
}
