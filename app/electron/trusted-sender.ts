// Who may invoke a kiosk channel (docs/ARCHITECTURE.md#ipc, GitHub Desktop's trusted-ipc-sender idea): only a
// webContents we created, only its main frame (never an iframe), and only while it shows our
// own origin. Pure: ipc-main.ts extracts these facts from the Electron event.
import { isAppUrl } from './app-url';

export interface SenderFacts {
  /** URL of the frame that sent the message; null when the frame is gone. */
  senderFrameUrl: string | null | undefined;
  isMainFrame: boolean;
  senderId: number;
  knownWebContentsIds: ReadonlySet<number>;
}

/** Why a sender is refused, or null when it is trusted. */
export function senderRefusal({ senderFrameUrl, isMainFrame, senderId, knownWebContentsIds }: SenderFacts): string | null {
  if (!knownWebContentsIds.has(senderId)) return 'unknown webContents';
  if (!isMainFrame) return 'not the main frame';
  if (!isAppUrl(senderFrameUrl)) return 'foreign origin';
  return null;
}

export function isTrustedSender(facts: SenderFacts): boolean {
  return senderRefusal(facts) === null;
}
