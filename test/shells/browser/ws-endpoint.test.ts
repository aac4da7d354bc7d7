import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseClientFrame } from '../../../app/shells/browser/ws-endpoint';
import { MAX_WS_MESSAGE_BYTES } from '../../../app/ipc/channels';
import { startTestShell, type ShellFixture } from './helpers';
import { connectClient, type TestClient } from './ws-client';

const isResult = (id: number | null) => (m: Record<string, unknown>) => m.type === 'result' && m.id === id;
const isStatusEvent = (m: Record<string, unknown>) => m.type === 'event' && m.channel === 'kiosk:status';

describe('parseClientFrame', () => {
  it('accepts a well-formed invoke', () => {
    expect(parseClientFrame('{"type":"invoke","id":3,"channel":"kiosk:get-status","args":[]}')).toEqual({
      ok: true,
      message: { type: 'invoke', id: 3, channel: 'kiosk:get-status', args: [] },
    });
  });

  it.each([
    ['not json', null],
    ['[1,2]', null],
    ['null', null],
    ['{"type":"hello","id":1}', 1],
    ['{"type":"invoke","id":-1,"channel":"x","args":[]}', null],
    ['{"type":"invoke","id":1.5,"channel":"x","args":[]}', null],
    ['{"type":"invoke","id":2,"channel":5,"args":[]}', 2],
    ['{"type":"invoke","id":2,"channel":"x","args":{}}', 2],
  ])('refuses %s', (raw, id) => {
    const parsed = parseClientFrame(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.id).toBe(id);
  });
});

describe('browser shell: WebSocket endpoint', () => {
  let fx: ShellFixture;
  let client: TestClient | undefined;
  beforeEach(async () => {
    fx = await startTestShell();
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
    await fx.close();
  });

  it('routes a valid invoke to the handler and returns its validated result', async () => {
    client = await connectClient(fx.shell.port);
    client.sendRaw(JSON.stringify({ type: 'invoke', id: 1, channel: 'kiosk:heartbeat', args: [{ screen: 'status', seq: 42 }] }));
    expect(await client.next(isResult(1))).toEqual({ type: 'result', id: 1, ok: true, result: { ok: true } });
    expect(fx.fake.callsOf('heartbeat')).toEqual([[{ screen: 'status', seq: 42 }]]);

    client.sendRaw(JSON.stringify({ type: 'invoke', id: 2, channel: 'kiosk:get-status', args: [] }));
    const status = await client.next(isResult(2));
    expect(status.ok).toBe(true);
    expect((status.result as { device: { sn: string } }).device.sn).toBe('XK-2024-000317');
  });

  it('refuses an unknown channel and junk arguments without calling a handler, and keeps the connection', async () => {
    client = await connectClient(fx.shell.port);
    client.sendRaw(JSON.stringify({ type: 'invoke', id: 1, channel: 'kiosk:format-disk', args: [] }));
    expect(await client.next(isResult(1))).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    client.sendRaw(JSON.stringify({ type: 'invoke', id: 2, channel: 'kiosk:accept-upgrade', args: [{ version: 42 }] }));
    expect(await client.next(isResult(2))).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    client.sendRaw(JSON.stringify({ type: 'invoke', id: 3, channel: 'kiosk:heartbeat', args: [{ screen: 'x', seq: 1 }, 'extra'] }));
    expect(await client.next(isResult(3))).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    await client.next(isStatusEvent);
    // Only the status push on connect reached the core.
    expect(fx.fake.calls).toEqual([{ name: 'getStatus', args: [] }]);

    client.sendRaw('}{ not json');
    expect(await client.next(isResult(null))).toMatchObject({ ok: false, error: { code: 'invalid-frame' } });
    client.sendRaw(Buffer.from([1, 2, 3]));
    expect(await client.next(isResult(null))).toMatchObject({ ok: false, error: { code: 'invalid-frame' } });

    client.sendRaw(JSON.stringify({ type: 'invoke', id: 4, channel: 'kiosk:dismiss-upgrade-result', args: [] }));
    expect(await client.next(isResult(4))).toMatchObject({ ok: true });
  });

  it('reports a failing handler as handler-failed', async () => {
    fx.fake.handlers.acceptUpgrade = async () => {
      throw new Error('disk full');
    };
    client = await connectClient(fx.shell.port);
    client.sendRaw(JSON.stringify({ type: 'invoke', id: 9, channel: 'kiosk:accept-upgrade', args: [{ version: '2.0.0' }] }));
    expect(await client.next(isResult(9))).toEqual({ type: 'result', id: 9, ok: false, error: { code: 'handler-failed', message: 'disk full' } });
  });

  it('refuses an upgrade from a foreign Origin, without one, or on another path', async () => {
    await expect(connectClient(fx.shell.port, 'http://evil.example')).rejects.toThrow('refused 403');
    await expect(connectClient(fx.shell.port, `http://127.0.0.1:${fx.shell.port + 1}`)).rejects.toThrow('refused 403');
    await expect(connectClient(fx.shell.port, `http://127.0.0.1:${fx.shell.port}`, '/other')).rejects.toThrow('refused 404');
  });

  it('pushes core events to every client, validated against the contract', async () => {
    client = await connectClient(fx.shell.port);
    const second = await connectClient(fx.shell.port, `http://localhost:${fx.shell.port}`);
    try {
      await client.next(isStatusEvent);
      await second.next(isStatusEvent);
      fx.fake.emit({ name: 'onCommand', payload: { phase: 'started', id: 'c1', name: 'reboot', label: 'Rebooting…' } });
      const expected = { type: 'event', channel: 'kiosk:command', payload: { phase: 'started', id: 'c1', name: 'reboot', label: 'Rebooting…' } };
      expect(await client.next()).toEqual(expected);
      expect(await second.next()).toEqual(expected);

      // A malformed core event is dropped, the next good one still arrives.
      fx.fake.emit({ name: 'onConfig', payload: { outcome: 'maybe' } as never });
      fx.fake.emit({ name: 'onConfig', payload: { outcome: 'applied', version: 5, changed: ['display'] } });
      expect(await client.next()).toMatchObject({ channel: 'kiosk:config', payload: { version: 5 } });
    } finally {
      await second.close();
    }
  });

  it('pushes the current status to each new connection, validated like a getStatus result', async () => {
    client = await connectClient(fx.shell.port);
    expect(await client.next()).toEqual({ type: 'event', channel: 'kiosk:status', payload: fx.fake.status() });
    expect(fx.fake.callsOf('getStatus')).toEqual([[]]);
  });

  it('sends no push when the core answers with junk, and keeps the connection', async () => {
    fx.fake.handlers.getStatus = async () => ({ connection: { state: 'online' } }) as never;
    client = await connectClient(fx.shell.port);
    client.sendRaw(JSON.stringify({ type: 'invoke', id: 1, channel: 'kiosk:heartbeat', args: [{ screen: 'status', seq: 1 }] }));
    // The heartbeat's answer is the first frame: nothing about the invalid snapshot came before it.
    expect(await client.next()).toEqual({ type: 'result', id: 1, ok: true, result: { ok: true } });
  });

  it('drops the push when a fresher status event went out while the snapshot was read', async () => {
    let release = () => {};
    const stale = fx.fake.status();
    fx.fake.handlers.getStatus = () => new Promise((resolve) => (release = () => resolve(stale)));
    client = await connectClient(fx.shell.port);
    fx.fake.setStatus({ claim: { claimed: true } });
    expect(await client.next(isStatusEvent)).toMatchObject({ payload: { claim: { claimed: true } } });
    release();
    // A round trip after the release: had the stale snapshot been sent, it would arrive first.
    client.sendRaw(JSON.stringify({ type: 'invoke', id: 2, channel: 'kiosk:heartbeat', args: [{ screen: 'status', seq: 2 }] }));
    expect(await client.next()).toMatchObject({ type: 'result', id: 2, ok: true });
  });

  it('closes a connection that sends an oversized frame, and unsubscribes from the core on close', async () => {
    client = await connectClient(fx.shell.port);
    const closed = new Promise<number>((resolve) => client!.ws.once('close', (code) => resolve(code)));
    client.sendRaw('x'.repeat(MAX_WS_MESSAGE_BYTES + 1));
    expect(await closed).toBe(1009);
    expect(fx.fake.listenerCount()).toBe(1);
    await fx.shell.close();
    expect(fx.fake.listenerCount()).toBe(0);
  });
});
