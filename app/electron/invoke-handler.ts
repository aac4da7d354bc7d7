// The core of the main-side IPC wrapper, without Electron: check the sender, then hand the channel
// and arguments to the contract's dispatcher (which validates both). ipc-main.ts only adapts
// Electron's event to `InvokeSender` and registers this for every contract channel.
import { channelLabel, type Dispatcher, type DispatchErrorCode } from '../ipc/dispatch';
import type { Logger } from '../core/log/logger';
import { senderRefusal } from './trusted-sender';

export interface InvokeSender {
  senderId: number;
  senderFrameUrl: string | null | undefined;
  isMainFrame: boolean;
}

export interface InvokeDeps {
  dispatcher: Dispatcher;
  knownWebContentsIds: () => ReadonlySet<number>;
  logger: Logger;
}

export type KioskIpcErrorCode = DispatchErrorCode | 'untrusted-sender';

/** What the renderer's `invoke` rejects with: a short code and message, never a stack or payload. */
export class KioskIpcError extends Error {
  constructor(
    readonly code: KioskIpcErrorCode,
    message: string,
  ) {
    super(`${code}: ${message.slice(0, 200)}`);
    this.name = 'KioskIpcError';
  }
}

export async function handleInvoke(sender: InvokeSender, channel: unknown, args: unknown, deps: InvokeDeps): Promise<unknown> {
  const refusal = senderRefusal({ ...sender, knownWebContentsIds: deps.knownWebContentsIds() });
  if (refusal) {
    deps.logger.warn('IPC refused', { channel: channelLabel(channel), reason: refusal, senderId: sender.senderId });
    throw new KioskIpcError('untrusted-sender', 'refused');
  }
  // ipcMain always hands us a string; anything else is refused here, before any code inspects it.
  if (typeof channel !== 'string') throw new KioskIpcError('unknown-channel', 'unknown channel');
  const outcome = await deps.dispatcher.dispatch(channel, args);
  if (outcome.ok) return outcome.result;
  throw new KioskIpcError(outcome.error.code, outcome.error.message);
}

/** The facts `handleInvoke` needs, read from Electron's IpcMainInvokeEvent (typed loosely on purpose). */
export interface InvokeEventLike {
  sender: { id: number; mainFrame?: unknown };
  senderFrame?: { url: string } | null;
}

export function senderOf(event: InvokeEventLike): InvokeSender {
  const frame = event.senderFrame ?? null;
  return {
    senderId: event.sender.id,
    senderFrameUrl: frame?.url ?? null,
    isMainFrame: frame !== null && frame === event.sender.mainFrame,
  };
}
