// The WebSocket half of the browser shell: the same validated dispatcher Electron's ipcMain
// wiring uses, behind an Origin check. Junk frames get an error reply and a log line; the
// connection stays up so one bad message cannot blank the kiosk screen. Every new connection gets
// the current status pushed as an onStatus event (the contract allows one at any time), so the
// screen can paint without waiting for its own getStatus round trip.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { eventChannels, invokeChannels, type KioskEvent, type KioskHandlers } from '../../ipc/contract';
import { createDispatcher, eventMessageOf } from '../../ipc/dispatch';
import type { Logger } from '../../core/log/logger';
import { MAX_WS_MESSAGE_BYTES, type WsErrorCode, type WsInvoke, type WsServerMessage } from '../../ipc/channels';

export interface WsRuntime {
  handlers: KioskHandlers;
  onEvent(listener: (event: KioskEvent) => void): () => void;
}

export interface WsEndpoint {
  /** Call from the http server's 'upgrade' event once the path and origin were checked. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Asks every connected screen to reload; returns how many were asked (0: none to reload). */
  reloadScreens(): number;
  close(): Promise<void>;
}

type Parsed = { ok: true; message: WsInvoke } | { ok: false; id: number | null; message: string };

/** Parses one client frame; anything but a well-formed invoke envelope is refused. */
export function parseClientFrame(raw: string): Parsed {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, id: null, message: 'frame is not JSON' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, id: null, message: 'frame is not an object' };
  const frame = data as Record<string, unknown>;
  const id = Number.isSafeInteger(frame.id) && (frame.id as number) >= 0 ? (frame.id as number) : null;
  if (frame.type !== 'invoke') return { ok: false, id, message: 'unknown frame type' };
  if (id === null) return { ok: false, id, message: 'invoke needs a non-negative integer id' };
  if (typeof frame.channel !== 'string') return { ok: false, id, message: 'channel must be a string' };
  if (!Array.isArray(frame.args)) return { ok: false, id, message: 'args must be an array' };
  return { ok: true, message: { type: 'invoke', id, channel: frame.channel, args: frame.args } };
}

export function createWsEndpoint(runtime: WsRuntime, logger: Logger): WsEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });
  const dispatcher = createDispatcher(runtime.handlers, (channel, reason) =>
    logger.warn('ws invoke refused', { channel, reason }),
  );

  const send = (ws: WebSocket, message: WsServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const sendError = (ws: WebSocket, id: number | null, code: WsErrorCode, message: string) =>
    send(ws, { type: 'result', id, ok: false, error: { code, message } });

  const onFrame = async (ws: WebSocket, raw: string) => {
    const parsed = parseClientFrame(raw);
    if (!parsed.ok) {
      logger.warn('ws junk frame', { reason: parsed.message, bytes: raw.length });
      return sendError(ws, parsed.id, 'invalid-frame', parsed.message);
    }
    const { id, channel, args } = parsed.message;
    const outcome = await dispatcher.dispatch(channel, args);
    if (outcome.ok) send(ws, { type: 'result', id, ok: true, result: outcome.result });
    else sendError(ws, id, outcome.error.code, outcome.error.message);
  };

  // Clients that were sent an onStatus event since they connected: their first push is stale.
  const sentStatus = new WeakSet<WebSocket>();
  const sendEvent = (ws: WebSocket, frame: string, name: KioskEvent['name']) => {
    if (ws.readyState !== ws.OPEN) return;
    if (name === 'onStatus') sentStatus.add(ws);
    ws.send(frame);
  };

  /** The current snapshot through the same validated path as an invoke, sent as an event. */
  const pushCurrentStatus = async (ws: WebSocket) => {
    const outcome = await dispatcher.dispatch(invokeChannels.getStatus.channel, []);
    if (!outcome.ok || sentStatus.has(ws)) return;
    const frame = JSON.stringify({ type: 'event', channel: eventChannels.onStatus.channel, payload: outcome.result } satisfies WsServerMessage);
    sendEvent(ws, frame, 'onStatus');
  };

  wss.on('connection', (ws) => {
    void pushCurrentStatus(ws);
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        logger.warn('ws binary frame refused');
        return sendError(ws, null, 'invalid-frame', 'binary frames are not accepted');
      }
      void onFrame(ws, data.toString());
    });
    // A frame over maxPayload makes ws close the socket with 1009; log why the screen reconnects.
    ws.on('error', (error) => logger.warn('ws connection error', { message: error.message }));
  });

  // Events are validated against the contract before they reach any screen (a core bug must not
  // push junk or a secret to the renderer).
  const unsubscribe = runtime.onEvent((event) => {
    const message = eventMessageOf(event);
    if (!message) {
      logger.error('core event failed contract validation; not forwarded', { event: event.name });
      return;
    }
    const frame = JSON.stringify({ type: 'event', ...message } satisfies WsServerMessage);
    for (const client of wss.clients) sendEvent(client, frame, event.name);
  });

  return {
    accept(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    reloadScreens() {
      const frame = JSON.stringify({ type: 'reload' } satisfies WsServerMessage);
      let asked = 0;
      for (const client of wss.clients) {
        if (client.readyState !== client.OPEN) continue;
        client.send(frame);
        asked += 1;
      }
      logger.info('reload sent to the connected screens', { screens: asked });
      return asked;
    },
    close() {
      unsubscribe();
      for (const client of wss.clients) client.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}
