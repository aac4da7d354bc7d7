// The ONE table of IPC channel names, and the browser shell's WebSocket framing. Zod-free and
// Node-free on purpose: the sandboxed preload bundle, Electron main, the shells and the renderer's
// boot code all import it without pulling in schemas. The schemas per channel live in
// app/ipc/contract.ts, keyed by these names (docs/ARCHITECTURE.md#ipc).

/** renderer → main verbs with a result: verb → wire channel. */
export const invokeChannelNames = {
  getStatus: 'kiosk:get-status',
  acceptUpgrade: 'kiosk:accept-upgrade',
  postponeUpgrade: 'kiosk:postpone-upgrade',
  dismissUpgradeResult: 'kiosk:dismiss-upgrade-result',
  heartbeat: 'kiosk:heartbeat',
  getPlayPlan: 'kiosk:get-play-plan',
  reportPlayback: 'kiosk:report-playback',
  controlWebView: 'kiosk:control-web-view',
} as const;

/** main → renderer events: subscription name → wire channel. */
export const eventChannelNames = {
  onStatus: 'kiosk:status',
  onCommand: 'kiosk:command',
  onConfig: 'kiosk:config',
  onUpgradeProgress: 'kiosk:upgrade-progress',
  onPlayPlan: 'kiosk:play-plan',
  onWebViewFailed: 'kiosk:web-view-failed',
} as const;

export type InvokeName = keyof typeof invokeChannelNames;
export type EventName = keyof typeof eventChannelNames;

export const invokeNames = Object.keys(invokeChannelNames) as InvokeName[];
export const eventNames = Object.keys(eventChannelNames) as EventName[];

/** Why a dispatch was refused; the same codes travel over Electron IPC and the WebSocket. */
export type DispatchErrorCode = 'unknown-channel' | 'invalid-arguments' | 'handler-failed' | 'invalid-result';

// --- WebSocket framing (browser shell). It carries the SAME channels and argument tuples as
// Electron IPC; only the framing below is added.

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
