// The browser shell's WebSocket wire format. It carries the SAME contract as Electron IPC
// (app/ipc/contract.ts): channel names and argument tuples are unchanged, only framing is added.
// Type-only plus two constants, so the renderer can import it without pulling in Node code.

import type { DispatchErrorCode } from '../../ipc/dispatch';

/** Path of the WebSocket endpoint on the shell's own origin. */
export const KIOSK_WS_PATH = '/kiosk-ws';

/** Largest frame either side accepts; real messages are a few KB (a status snapshot). */
export const MAX_WS_MESSAGE_BYTES = 256 * 1024;

export type WsInvoke = { type: 'invoke'; id: number; channel: string; args: unknown[] };

export type WsErrorCode = DispatchErrorCode | 'invalid-frame';

export type WsResult =
  | { type: 'result'; id: number | null; ok: true; result: unknown }
  | { type: 'result'; id: number | null; ok: false; error: { code: WsErrorCode; message: string } };

export type WsEvent = { type: 'event'; channel: string; payload: unknown };

/** The `reload` command: the page reloads itself (Electron reloads its window from main instead). */
export type WsReload = { type: 'reload' };

export type WsClientMessage = WsInvoke;
export type WsServerMessage = WsResult | WsEvent | WsReload;
