import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createWsBridge, type SocketLike, type WsBridge } from '../../../renderer/bridge/ws-bridge';
import { awaitFirstStatus } from '../../../renderer/state/first-status';
import { sampleStatus } from '../../shells/browser/fake-runtime';
import { startTestShell, type ShellFixture } from '../../shells/browser/helpers';

const connectAs = (origin: string) => (url: string) => new WebSocket(url, { origin }) as unknown as SocketLike;
const plain = (url: string) => new WebSocket(url) as unknown as SocketLike;

describe('awaitFirstStatus', () => {
  let fx: ShellFixture | undefined;
  let wss: WebSocketServer | undefined;
  let bridge: WsBridge | undefined;
  afterEach(async () => {
    bridge?.close();
    await fx?.close();
    for (const c of wss?.clients ?? []) c.terminate();
    await new Promise((r) => (wss ? wss.close(r) : r(undefined)));
    fx = wss = bridge = undefined;
  });

  /** A bare server: `reply` decides what (if anything) answers a getStatus invoke. */
  const scripted = async (reply: (id: number, socket: WebSocket) => void) => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss!.once('listening', r));
    wss.on('connection', (socket) => socket.on('message', (d) => reply((JSON.parse(d.toString()) as { id: number }).id, socket)));
    return `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/kiosk-ws`;
  };

  it("resolves with the browser shell's pushed snapshot", async () => {
    fx = await startTestShell();
    bridge = createWsBridge({ url: `ws://127.0.0.1:${fx.shell.port}/kiosk-ws`, connect: connectAs(`http://127.0.0.1:${fx.shell.port}`) });
    const status = await awaitFirstStatus(bridge, 5000, false);
    expect(status?.device.name).toBe('Lobby Display 3');
    expect(fx.fake.callsOf('getStatus')).toEqual([[]]); // the shell's own read for the push, nothing more
  });

  it('resolves with the getStatus answer when nothing is pushed (the Electron preload)', async () => {
    const url = await scripted((id, socket) => socket.send(JSON.stringify({ type: 'result', id, ok: true, result: { ...sampleStatus(), device: { sn: 'from-invoke' } } })));
    bridge = createWsBridge({ url, connect: plain });
    expect((await awaitFirstStatus(bridge, 5000))?.device.sn).toBe('from-invoke');
  });

  it('resolves with null when no snapshot comes in time, and with no error when getStatus is refused', async () => {
    const url = await scripted((id, socket) => socket.send(JSON.stringify({ type: 'result', id, ok: false, error: { code: 'handler-failed', message: 'starting' } })));
    bridge = createWsBridge({ url, connect: plain });
    expect(await awaitFirstStatus(bridge, 100)).toBeNull();
  });
});
