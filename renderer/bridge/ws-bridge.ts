// window.kiosk over the browser shell's WebSocket: the same KioskBridge the Electron preload
// exposes, so nothing above this file knows which transport it runs on. Reconnects by itself
// (the shell may restart under a kiosk that never reloads) and re-reads the status on reconnect.
import './zod-jitless';
import {
  eventChannels,
  eventNames,
  invokeChannels,
  invokeNames,
  type EventName,
  type EventPayload,
  type InvokeName,
  type KioskBridge,
  type WsServerMessage,
} from '../../app/ipc/contract';
import type { SocketLike } from './buffered-socket';

export type { SocketLike } from './buffered-socket';
export { wsUrlFor } from './early-socket';

export interface WsBridgeOptions {
  url: string;
  connect?: (url: string) => SocketLike;
  /** A socket already opened for `url` (renderer/boot/early-socket.ts); used for the first connection. */
  initialSocket?: SocketLike | null;
  invokeTimeoutMs?: number;
  /** Delay before each reconnect attempt; the last one repeats. */
  retryDelaysMs?: readonly number[];
  /** What the shell's `reload` command does; default: reload the page. */
  reload?: () => void;
}

export type WsBridge = KioskBridge & {
  /** Transport state for a "reconnecting" banner; fires immediately with the current state. */
  onTransport(listener: (connected: boolean) => void): () => void;
  close(): void;
};

type Pending = { name: InvokeName; resolve: (v: unknown) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> };

const OPEN = 1;
const channelToEvent = new Map<string, EventName>(eventNames.map((n) => [eventChannels[n].channel, n]));

export function createWsBridge(options: WsBridgeOptions): WsBridge {
  const connect = options.connect ?? ((url: string) => new WebSocket(url) as SocketLike);
  const timeoutMs = options.invokeTimeoutMs ?? 15_000;
  const delays = options.retryDelaysMs?.length ? options.retryDelaysMs : [250, 1000, 2000, 5000];
  const listeners = new Map<EventName, Set<(payload: never) => void>>(eventNames.map((n) => [n, new Set()]));
  const transportListeners = new Set<(connected: boolean) => void>();
  const pending = new Map<number, Pending>();
  const outbox: string[] = [];
  let socket: SocketLike | null = null;
  let nextId = 1;
  let failures = 0;
  let everOpened = false;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let initialSocket = options.initialSocket ?? null;

  const deliver = <N extends EventName>(name: N, payload: unknown) => {
    const checked = eventChannels[name].payload.safeParse(payload);
    if (!checked.success) return console.warn(`kiosk bridge: dropped invalid ${name} payload`);
    for (const listener of [...listeners.get(name)!]) (listener as (p: EventPayload<N>) => void)(checked.data as EventPayload<N>);
  };
  const setTransport = (connected: boolean) => {
    for (const listener of [...transportListeners]) listener(connected);
  };

  const settle = (message: Extract<WsServerMessage, { type: 'result' }>) => {
    const entry = message.id === null ? undefined : pending.get(message.id);
    if (!entry) return;
    pending.delete(message.id!);
    clearTimeout(entry.timer);
    if (!message.ok) return entry.reject(new Error(`${entry.name}: ${message.error.code}: ${message.error.message}`));
    const checked = invokeChannels[entry.name].result.safeParse(message.result);
    if (checked.success) entry.resolve(checked.data);
    else entry.reject(new Error(`${entry.name}: invalid result from the shell`));
  };

  const onMessage = (data: unknown) => {
    let message: WsServerMessage;
    try {
      message = JSON.parse(String(data)) as WsServerMessage;
    } catch {
      return console.warn('kiosk bridge: non-JSON frame ignored');
    }
    if (message?.type === 'result') return settle(message);
    if (message?.type === 'reload') return (options.reload ?? (() => globalThis.location?.reload()))();
    if (message?.type === 'event') {
      const name = channelToEvent.get(message.channel);
      if (name) deliver(name, message.payload);
    }
  };

  const rejectAll = (reason: string) => {
    for (const [id, entry] of pending) {
      clearTimeout(entry.timer);
      entry.reject(new Error(`${entry.name}: ${reason}`));
      pending.delete(id);
    }
  };

  const open = () => {
    const ws = initialSocket ?? connect(options.url);
    initialSocket = null;
    socket = ws;
    ws.addEventListener('open', () => {
      const reconnected = everOpened;
      everOpened = true;
      failures = 0;
      setTransport(true);
      for (const frame of outbox.splice(0)) ws.send(frame);
      // Events sent while we were away are lost; the snapshot brings the screen up to date.
      if (reconnected) bridge.getStatus().then((s) => deliver('onStatus', s), () => undefined);
    });
    ws.addEventListener('message', (event) => onMessage(event.data));
    ws.addEventListener('error', () => undefined);
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = null;
      rejectAll('connection lost');
      setTransport(false);
      if (closed) return;
      const delay = delays[Math.min(failures, delays.length - 1)]!;
      failures += 1;
      retryTimer = setTimeout(open, delay);
    });
  };

  const invoke = (name: InvokeName, args: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (closed) return reject(new Error(`${name}: bridge closed`));
      const id = nextId++;
      const frame = JSON.stringify({ type: 'invoke', id, channel: invokeChannels[name].channel, args });
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${name}: timed out`));
      }, timeoutMs);
      pending.set(id, { name, resolve, reject, timer });
      if (socket?.readyState === OPEN) socket.send(frame);
      else outbox.push(frame);
    });

  const verbs = Object.fromEntries(invokeNames.map((name) => [name, (...args: unknown[]) => invoke(name, args)]));
  const subscriptions = Object.fromEntries(
    eventNames.map((name) => [
      name,
      (listener: (payload: never) => void) => {
        listeners.get(name)!.add(listener);
        return () => void listeners.get(name)!.delete(listener);
      },
    ]),
  );

  const bridge = {
    ...verbs,
    ...subscriptions,
    onTransport(listener: (connected: boolean) => void) {
      transportListeners.add(listener);
      listener(socket?.readyState === OPEN);
      return () => void transportListeners.delete(listener);
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      rejectAll('bridge closed');
      outbox.length = 0;
      socket?.close();
    },
  } as WsBridge;

  open();
  return Object.freeze(bridge);
}
