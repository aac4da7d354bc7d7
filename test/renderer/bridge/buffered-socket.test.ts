import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { bufferSocket, type SocketLike } from '../../../renderer/bridge/buffered-socket';
import { openEarlySocket, wsUrlFor } from '../../../renderer/bridge/early-socket';

/** A real loopback server that greets every connection with two frames. */
async function greetingServer(): Promise<{ url: string; wss: WebSocketServer }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  wss.on('connection', (socket) => {
    socket.send('first');
    socket.send('second');
  });
  return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/kiosk-ws`, wss };
}

/** Resolves once the raw socket has received `count` frames (bounded by 5 s). */
function framesArrived(raw: WebSocket, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    const timer = setTimeout(() => reject(new Error('frames did not arrive')), 5000);
    raw.on('message', () => {
      if (++seen < count) return;
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('bufferSocket', () => {
  let server: { url: string; wss: WebSocketServer } | undefined;
  let raw: WebSocket | undefined;
  afterEach(async () => {
    raw?.terminate();
    await new Promise((r) => (server ? server.wss.close(r) : r(undefined)));
    server = raw = undefined;
  });

  it('keeps what happened before anyone listened and replays it in order, then passes events on', async () => {
    server = await greetingServer();
    raw = new WebSocket(server.url);
    const socket = bufferSocket(raw as unknown as SocketLike);
    await framesArrived(raw, 2);
    expect(socket.readyState).toBe(WebSocket.OPEN);

    const seen: string[] = [];
    socket.addEventListener('open', () => seen.push('open'));
    socket.addEventListener('message', (e) => seen.push(`message:${String(e.data)}`));
    socket.addEventListener('close', () => seen.push('close'));
    expect(seen).toEqual([]); // replayed on the next microtask, once every listener is attached
    await Promise.resolve();
    expect(seen).toEqual(['open', 'message:first', 'message:second']);

    const closed = new Promise((r) => raw!.once('close', r));
    socket.close();
    await closed;
    expect(seen.at(-1)).toBe('close');
  });

  it('sends through the real socket', async () => {
    server = await greetingServer();
    const received = new Promise<string>((resolve) => server!.wss.once('connection', (s) => s.once('message', (d) => resolve(d.toString()))));
    raw = new WebSocket(server.url);
    const socket = bufferSocket(raw as unknown as SocketLike);
    await new Promise<void>((resolve) => socket.addEventListener('open', () => resolve()));
    socket.send('hello');
    expect(await received).toBe('hello');
  });
});

describe('openEarlySocket', () => {
  const fakeWindow = (over: Record<string, unknown> = {}) => {
    const opened: string[] = [];
    class FakeSocket {
      readyState = 0;
      constructor(url: string) {
        opened.push(url);
      }
      send() {}
      close() {}
      addEventListener() {}
    }
    return { opened, win: { location: { protocol: 'http:', host: '127.0.0.1:4800' }, WebSocket: FakeSocket, ...over } as never };
  };

  it("opens the shell's endpoint on the page's origin", () => {
    const { opened, win } = fakeWindow();
    expect(openEarlySocket(win)).not.toBeNull();
    expect(opened).toEqual([wsUrlFor({ protocol: 'http:', host: '127.0.0.1:4800' })]);
  });

  it('opens nothing under a preload bridge or without WebSocket, and survives a constructor that throws', () => {
    const withBridge = fakeWindow({ kiosk: {} });
    expect(openEarlySocket(withBridge.win)).toBeNull();
    expect(withBridge.opened).toEqual([]);
    expect(openEarlySocket(fakeWindow({ WebSocket: undefined }).win)).toBeNull();
    const throwing = class {
      constructor() {
        throw new SyntaxError('bad url');
      }
    };
    expect(openEarlySocket(fakeWindow({ WebSocket: throwing }).win)).toBeNull();
  });
});
