import { describe, expect, it } from 'vitest';
import { eventChannelNames, eventNames, invokeChannelNames, invokeNames } from '../../app/ipc/channels';
import { createKioskBridge, type IpcRendererLike } from '../../app/electron/preload-bridge';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpc() {
  const invoked: Array<{ channel: string; args: unknown[] }> = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipc: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      invoked.push({ channel, args });
      return { ok: true };
    },
    on: (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
    removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
  };
  const emit = (channel: string, payload: unknown) => {
    const fakeEvent = { sender: { send: () => 'leaked ipcRenderer' }, senderId: 0 };
    for (const l of listeners.get(channel) ?? []) l(fakeEvent, payload);
  };
  const count = (channel: string) => listeners.get(channel)?.size ?? 0;
  return { ipc, invoked, emit, count };
}

describe('preload channel table', () => {
  it('uses the one channel table for every verb and event', async () => {
    const { ipc, invoked, count } = fakeIpc();
    const bridge = createKioskBridge(ipc) as unknown as Record<string, (...a: unknown[]) => unknown>;
    for (const name of invokeNames) await bridge[name]!();
    expect(invoked.map((i) => i.channel)).toEqual(invokeNames.map((name) => invokeChannelNames[name]));
    for (const name of eventNames) {
      bridge[name]!(() => undefined);
      expect(count(eventChannelNames[name])).toBe(1);
    }
  });
});

describe('createKioskBridge', () => {
  it('is frozen and exposes exactly one function per verb and event', () => {
    const bridge = createKioskBridge(fakeIpc().ipc);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.keys(bridge).sort()).toEqual([...invokeNames, ...eventNames].sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
    expect(bridge).not.toHaveProperty('invoke');
    expect(bridge).not.toHaveProperty('send');
  });

  it('invokes the fixed channel of each verb with the given arguments', async () => {
    const { ipc, invoked } = fakeIpc();
    const bridge = createKioskBridge(ipc);
    await bridge.getStatus();
    await bridge.acceptUpgrade({ version: '2.0.0' });
    await bridge.heartbeat({ screen: 'status', seq: 3 });
    expect(invoked).toEqual([
      { channel: 'kiosk:get-status', args: [] },
      { channel: 'kiosk:accept-upgrade', args: [{ version: '2.0.0' }] },
      { channel: 'kiosk:heartbeat', args: [{ screen: 'status', seq: 3 }] },
    ]);
  });

  it('passes only the payload to listeners, never the IPC event', () => {
    const { ipc, emit } = fakeIpc();
    const bridge = createKioskBridge(ipc);
    const received: unknown[][] = [];
    bridge.onConfig((...args: unknown[]) => received.push(args));
    const payload = { outcome: 'applied', version: 3, changed: ['a'] };
    emit('kiosk:config', payload);
    expect(received).toEqual([[payload]]);
  });

  it('unsubscribes, idempotently, and only its own listener', () => {
    const { ipc, emit, count } = fakeIpc();
    const bridge = createKioskBridge(ipc);
    const seen: string[] = [];
    const offA = bridge.onStatus(() => seen.push('a'));
    bridge.onStatus(() => seen.push('b'));
    expect(count('kiosk:status')).toBe(2);
    offA();
    offA();
    expect(count('kiosk:status')).toBe(1);
    emit('kiosk:status', {});
    expect(seen).toEqual(['b']);
  });

  it('refuses a non-function listener', () => {
    const bridge = createKioskBridge(fakeIpc().ipc);
    expect(() => (bridge.onCommand as (l: unknown) => void)('not a function')).toThrow(TypeError);
  });
});
