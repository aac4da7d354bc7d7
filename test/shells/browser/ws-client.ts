// A small promise-based WebSocket client for shell tests: every wait has a timeout, so a test
// that goes wrong fails instead of hanging.
import WebSocket from 'ws';

export interface TestClient {
  ws: WebSocket;
  sendRaw(data: string | Buffer): void;
  /** Resolves with the next message (parsed JSON) that matches, or rejects after `ms`. */
  next(match?: (m: Record<string, unknown>) => boolean, ms?: number): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export function wsUrl(port: number): string {
  return `ws://127.0.0.1:${port}/kiosk-ws`;
}

/** Connects with the given Origin; rejects with the HTTP status when the upgrade is refused. */
export function connectClient(port: number, origin = `http://127.0.0.1:${port}`, path = '/kiosk-ws'): Promise<TestClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { origin, handshakeTimeout: 5000 });
    const inbox: Record<string, unknown>[] = [];
    const waiters: { match: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = [];
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      const index = waiters.findIndex((w) => w.match(message));
      if (index >= 0) waiters.splice(index, 1)[0]!.resolve(message);
      else inbox.push(message);
    });
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        ws,
        sendRaw: (data) => ws.send(data),
        next(match = () => true, ms = 5000) {
          const queued = inbox.findIndex(match);
          if (queued >= 0) return Promise.resolve(inbox.splice(queued, 1)[0]!);
          return new Promise((res, rej) => {
            const waiter = { match, resolve: (m: Record<string, unknown>) => (clearTimeout(timer), res(m)) };
            const timer = setTimeout(() => {
              waiters.splice(waiters.indexOf(waiter), 1);
              rej(new Error('no matching message'));
            }, ms);
            waiters.push(waiter);
          });
        },
        close: () =>
          new Promise<void>((res) => {
            if (ws.readyState === WebSocket.CLOSED) return res();
            ws.once('close', () => res());
            ws.close();
          }),
      }),
    );
  });
}
