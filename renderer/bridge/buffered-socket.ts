// A WebSocket that may be opened before anyone listens to it. The page opens its socket first
// thing (renderer/boot/early-socket.ts, before React and zod are evaluated) so the handshake and
// the shell's status push overlap that work; whatever happened before the bridge attached is kept
// and replayed to it, in order, right after it attaches.

/** The part of the DOM WebSocket (and the `ws` package's client) the bridge uses. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

type SocketEventType = 'open' | 'message' | 'close' | 'error';
type Recorded = { type: SocketEventType; event: { data: unknown } | undefined };
type AnyListener = (event?: { data: unknown }) => void;

const EVENT_TYPES: readonly SocketEventType[] = ['open', 'message', 'close', 'error'];

export function bufferSocket(raw: SocketLike): SocketLike {
  const listeners = new Map<SocketEventType, Set<AnyListener>>(EVENT_TYPES.map((t) => [t, new Set()]));
  // Events seen while nobody listened; null once replayed (from then on events pass straight on).
  let backlog: Recorded[] | null = [];
  let replayQueued = false;

  const dispatch = (record: Recorded) => {
    for (const listener of [...listeners.get(record.type)!]) listener(record.event);
  };
  const replay = () => {
    const pending = backlog ?? [];
    backlog = null;
    for (const record of pending) dispatch(record);
  };
  const on = raw.addEventListener.bind(raw) as (type: SocketEventType, listener: AnyListener) => void;
  for (const type of EVENT_TYPES) {
    on(type, (event) => {
      const record: Recorded = { type, event: type === 'message' ? { data: event?.data } : undefined };
      if (backlog) backlog.push(record);
      else dispatch(record);
    });
  }

  return {
    get readyState() {
      return raw.readyState;
    },
    send: (data: string) => raw.send(data),
    close: () => raw.close(),
    addEventListener(type: SocketEventType, listener: AnyListener) {
      listeners.get(type)!.add(listener);
      // A microtask: the bridge attaches all its listeners synchronously, and socket events are
      // tasks, so nothing can slip in between and the replay keeps the original order.
      if (backlog && !replayQueued) {
        replayQueued = true;
        queueMicrotask(replay);
      }
    },
  } as SocketLike;
}
