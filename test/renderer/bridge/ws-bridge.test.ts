import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { StatusSnapshot } from '../../../app/ipc/contract';
import { bufferSocket } from '../../../renderer/bridge/buffered-socket';
import { createWsBridge, wsUrlFor, type SocketLike, type WsBridge } from '../../../renderer/bridge/ws-bridge';
import { startTestShell, type ShellFixture } from '../../shells/browser/helpers';

const connectAs = (origin: string) => (url: string) => new WebSocket(url, { origin }) as unknown as SocketLike;
// Node 20 has no global WebSocket; the `ws` client has the same browser-style API.
const plain = (url: string) => new WebSocket(url) as unknown as SocketLike;

/** Resolves with the first value a subscription delivers, or rejects after 5 s. */
function first<T>(subscribe: (l: (v: T) => void) => () => void, match: (v: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error('nothing delivered'))), 5000);
    const off = subscribe((v) => {
      if (!match(v)) return;
      clearTimeout(timer);
      off();
      resolve(v);
    });
  });
}

describe('ws bridge against the real browser shell', () => {
  let fx: ShellFixture | undefined;
  let bridge: WsBridge | undefined;
  afterEach(async () => {
    bridge?.close();
    await fx?.close();
    fx = bridge = undefined;
  });

  const open = async () => {
    fx = await startTestShell();
    bridge = createWsBridge({ url: `ws://127.0.0.1:${fx.shell.port}/kiosk-ws`, connect: connectAs(`http://127.0.0.1:${fx.shell.port}`) });
    return { fx, bridge };
  };

  it('invokes the contract verbs (queued until the socket opens) and returns validated results', async () => {
    const { fx, bridge } = await open();
    const status = await bridge.getStatus();
    expect(status.device.sn).toBe('XK-2024-000317');
    expect(await bridge.heartbeat({ screen: 'status', seq: 7 })).toEqual({ ok: true });
    expect(await bridge.postponeUpgrade({ version: '1.2.0' })).toMatchObject({ ok: true });
    expect(fx.fake.callsOf('heartbeat')).toEqual([[{ screen: 'status', seq: 7 }]]);
    expect(fx.fake.callsOf('postponeUpgrade')).toEqual([[{ version: '1.2.0' }]]);
  });

  it('rejects with the error code when the shell refuses the call', async () => {
    const { bridge } = await open();
    await expect(bridge.acceptUpgrade({ version: '' })).rejects.toThrow('acceptUpgrade: invalid-arguments');
  });

  it("reloads the page when the shell's reload command arrives", async () => {
    fx = await startTestShell();
    let reloads = 0;
    bridge = createWsBridge({ url: `ws://127.0.0.1:${fx.shell.port}/kiosk-ws`, connect: connectAs(`http://127.0.0.1:${fx.shell.port}`), reload: () => void reloads++ });
    await bridge.getStatus(); // connected
    expect(fx.shell.reloadScreens()).toBe(1);
    await expect.poll(() => reloads).toBe(1);
  });

  it('delivers core events to subscribers until they unsubscribe', async () => {
    const { fx, bridge } = await open();
    await bridge.getStatus(); // connected
    const seen: string[] = [];
    const off = bridge.onCommand((e) => seen.push(e.label));
    const config = first(bridge.onConfig);
    fx.fake.emit({ name: 'onCommand', payload: { phase: 'started', id: 'c1', name: 'reload', label: 'Reloading…' } });
    fx.fake.emit({ name: 'onConfig', payload: { outcome: 'applied', version: 4, changed: ['display'] } });
    expect(await config).toEqual({ outcome: 'applied', version: 4, changed: ['display'] });
    off();
    fx.fake.emit({ name: 'onCommand', payload: { phase: 'finished', id: 'c1', name: 'reload', label: 'Reloading…', ok: true } });
    const status = first(bridge.onStatus);
    fx.fake.setStatus({ claim: { claimed: true } });
    expect((await status).claim.claimed).toBe(true);
    expect(seen).toEqual(['Reloading…']);
  });

  it('adopts a socket opened before it existed: the status pushed meanwhile reaches its subscriber', async () => {
    fx = await startTestShell();
    const url = `ws://127.0.0.1:${fx.shell.port}/kiosk-ws`;
    const raw = new WebSocket(url, { origin: `http://127.0.0.1:${fx.shell.port}` });
    const early = bufferSocket(raw as unknown as SocketLike);
    await new Promise((resolve) => raw.once('message', resolve)); // the push is in, nobody listens yet
    const connects: string[] = [];
    bridge = createWsBridge({ url, initialSocket: early, connect: (u) => (connects.push(u), plain(u)) });
    const status = await first(bridge.onStatus);
    expect(status.device.sn).toBe('XK-2024-000317');
    expect(await bridge.heartbeat({ screen: 'status', seq: 1 })).toEqual({ ok: true });
    expect(connects).toEqual([]); // no second socket
  });

  it('builds the endpoint URL from the page location', () => {
    expect(wsUrlFor({ protocol: 'http:', host: '127.0.0.1:4800' })).toBe('ws://127.0.0.1:4800/kiosk-ws');
    expect(wsUrlFor({ protocol: 'https:', host: 'kiosk.local' })).toBe('wss://kiosk.local/kiosk-ws');
  });
});

describe('ws bridge against a scripted server', () => {
  let wss: WebSocketServer | undefined;
  let bridge: WsBridge | undefined;
  afterEach(async () => {
    bridge?.close();
    for (const c of wss?.clients ?? []) c.terminate();
    await new Promise((r) => (wss ? wss.close(r) : r(undefined)));
    wss = bridge = undefined;
  });

  /** A bare server whose replies the test writes; `onInvoke` answers each invoke frame. */
  const serve = async (onInvoke: (frame: { id: number; channel: string }, socket: WebSocket) => void) => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss!.once('listening', r));
    wss.on('connection', (socket) => socket.on('message', (d) => onInvoke(JSON.parse(d.toString()), socket)));
    const port = (wss.address() as AddressInfo).port;
    return `ws://127.0.0.1:${port}/kiosk-ws`;
  };

  it('rejects a result that breaks the contract and drops invalid events', async () => {
    const url = await serve((frame, socket) => {
      socket.send(JSON.stringify({ type: 'event', channel: 'kiosk:command', payload: { phase: 'bogus' } }));
      socket.send(JSON.stringify({ type: 'event', channel: 'kiosk:unknown', payload: {} }));
      socket.send('not json');
      socket.send(JSON.stringify({ type: 'event', channel: 'kiosk:command', payload: { phase: 'started', id: 'ok', name: 'n', label: 'Good' } }));
      socket.send(JSON.stringify({ type: 'result', id: frame.id, ok: true, result: { ok: 'yes' } }));
    });
    bridge = createWsBridge({ url, connect: plain });
    const command = first(bridge.onCommand);
    await expect(bridge.heartbeat({ screen: 'status', seq: 1 })).rejects.toThrow('invalid result');
    expect((await command).id).toBe('ok');
  });

  it('times out a call the server never answers', async () => {
    const url = await serve(() => undefined);
    bridge = createWsBridge({ url, connect: plain, invokeTimeoutMs: 50 });
    await expect(bridge.getStatus()).rejects.toThrow('getStatus: timed out');
  });

  it('reconnects after the connection drops and re-reads the status', async () => {
    let connections = 0;
    const snapshot: Partial<StatusSnapshot> = (await import('../../shells/browser/fake-runtime')).sampleStatus();
    const url = await serve((frame, socket) => {
      if (frame.channel !== 'kiosk:get-status') return;
      socket.send(JSON.stringify({ type: 'result', id: frame.id, ok: true, result: snapshot }));
    });
    wss!.on('connection', (socket) => {
      connections += 1;
      if (connections === 1) setTimeout(() => socket.terminate(), 20);
    });
    bridge = createWsBridge({ url, connect: plain, retryDelaysMs: [10] });
    const transport: boolean[] = [];
    bridge.onTransport((up) => transport.push(up));
    const refreshed = await first(bridge.onStatus);
    expect(refreshed.device.sn).toBe('XK-2024-000317');
    expect(connections).toBe(2);
    expect(transport).toEqual([false, true, false, true]);
  });
});
