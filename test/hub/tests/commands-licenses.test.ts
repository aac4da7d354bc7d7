import { describe, expect, it } from 'vitest';
import { call, fakeClock, hubFor, online, register } from './helpers';

describe('hub simulator: commands', () => {
  it('is a FIFO: Get Command returns the head (also in_progress) until done/failed, then {}', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    expect((await dev.call('GET', '/command')).body).toEqual({});
    const first = hub.control.enqueueCommand(dev.id, { name: 'reboot' });
    const second = hub.control.enqueueCommand(dev.id, { name: 'update_firmware', parameters: { version: '1.3.4' } });
    expect((await dev.call('GET', '/command')).body).toEqual({ id: first, status: 'pending', name: 'reboot', parameters: {}, device_id: dev.id });
    expect((await dev.call('POST', '/command', { id: first, status: 'in_progress' })).status).toBe(200);
    // Re-delivered after a "reboot": still the head, now in_progress.
    expect((await dev.call('GET', '/command')).body).toMatchObject({ id: first, status: 'in_progress' });
    expect((await dev.call('POST', '/telemetry', online)).body.command).toBe(true);
    expect((await dev.call('POST', '/command', { id: first, status: 'done' })).body).toMatchObject({ id: first, status: 'done' });
    expect((await dev.call('GET', '/command')).body).toMatchObject({ id: second, parameters: { version: '1.3.4' } });
    await dev.call('POST', '/command', { id: second, status: 'failed', message: 'checksum mismatch' });
    expect((await dev.call('GET', '/command')).body).toEqual({});
    expect((await dev.call('POST', '/telemetry', online)).body.command).toBe(false);
    const history = hub.control.commands(dev.id);
    expect(history.map((c) => [c.status, c.message])).toEqual([['done', null], ['failed', 'checksum mismatch']]);
    expect(history[0]!.history.map((h) => h.status)).toEqual(['pending', 'in_progress', 'done']);
  });

  it('validates Update Command: id required (1.0.1+), status enum, unknown id 404, finished 422', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    const id = hub.control.enqueueCommand(dev.id, { name: 'reboot' });
    expect((await dev.call('POST', '/command', { status: 'done' })).body.error).toBe('id is required');
    expect((await dev.call('POST', '/command', { id, status: 'error' })).status).toBe(400);
    expect((await dev.call('POST', '/command', { id, status: 'pending' })).status).toBe(400);
    expect((await dev.call('POST', '/command', { id: 'nope', status: 'done' })).status).toBe(404);
    expect((await dev.call('POST', '/command', { id, status: 'done', extra: 1 })).status).toBe(400);
    await dev.call('POST', '/command', { id, status: 'done' });
    expect((await dev.call('POST', '/command', { id, status: 'failed' })).status).toBe(422);
  });

  it('applies an update without id to the head before model API 1.0.1', async () => {
    const hub = await hubFor({ modelApiVersion: '1.0.0' });
    const dev = await register(hub, { sn: undefined, firmware_version: 'x' });
    const id = hub.control.enqueueCommand(dev.id, { name: 'reboot' });
    expect((await dev.call('POST', '/command', { status: 'done' })).status).toBe(200);
    expect(hub.control.commands(dev.id)[0]).toMatchObject({ id, status: 'done' });
  });

  it('fails a command whose timeout passed (server side, by the injected clock)', async () => {
    const clock = fakeClock();
    const hub = await hubFor({ now: clock.now });
    const dev = await register(hub);
    const id = hub.control.enqueueCommand(dev.id, { name: 'reboot', timeoutMs: 60_000 });
    await dev.call('POST', '/command', { id, status: 'in_progress' });
    clock.advance(59_999);
    expect((await dev.call('GET', '/command')).body.id).toBe(id);
    clock.advance(1);
    expect((await dev.call('GET', '/command')).body).toEqual({});
    expect((await dev.call('POST', '/telemetry', online)).body.command).toBe(false);
    expect(hub.control.commands(dev.id)[0]).toMatchObject({ status: 'failed', message: 'timeout' });
    expect((await dev.call('POST', '/command', { id, status: 'done' })).status).toBe(422);
  });

  it('Get Commands with Children lists own and children commands with device_id', async () => {
    const hub = await hubFor();
    const parent = await register(hub);
    const child = (await call(hub.entryUrl, 'POST', `/v1/devices/${parent.id}/children`, { model_id: 'm', firmware_version: '1.0.0' }, parent.key)).body;
    const own = hub.control.enqueueCommand(parent.id, { name: 'reboot' });
    const theirs = hub.control.enqueueCommand(child.id, { name: 'dump' });
    const r = await parent.call('GET', '/command/pending_commands');
    expect(r.body.map((c: { id: string; device_id: string }) => [c.id, c.device_id])).toEqual([[own, parent.id], [theirs, child.id]]);
  });
});

describe('hub simulator: licenses', () => {
  it('serves the queue head with current_time until Update License, then {}', async () => {
    const clock = fakeClock();
    const hub = await hubFor({ now: clock.now });
    const dev = await register(hub);
    expect((await dev.call('GET', '/license')).body).toEqual({});
    const a = hub.control.enqueueLicense(dev.id, { action: 'add', data: 'payload', signature: 'sig', expiresAt: '2024-05-07T23:59:59Z' });
    const b = hub.control.enqueueLicense(dev.id, { action: 'remove', data: 'other' });
    expect((await dev.call('POST', '/telemetry', online)).body.new_licenses).toBe(true);
    const head = (await dev.call('GET', '/license')).body;
    expect(head).toEqual({
      id: a, device_id: dev.id, data: 'payload', signature: 'sig', action: 'add',
      expires_at: '2024-05-07T23:59:59Z', current_time: '2024-03-01T10:00:00.000Z',
    });
    expect((await dev.call('GET', '/license')).body.id).toBe(a); // not popped by reading
    expect((await dev.call('POST', '/licenses', { id: a, state: 'inuse' })).status).toBe(200);
    expect((await dev.call('GET', '/license')).body).toMatchObject({ id: b, action: 'remove', signature: null, expires_at: null });
    await dev.call('POST', '/licenses', { id: b, state: 'error', error: 'not held' });
    expect((await dev.call('GET', '/license')).body).toEqual({});
    expect((await dev.call('POST', '/telemetry', online)).body.new_licenses).toBe(false);
    expect(hub.control.licenses(dev.id).map((l) => [l.state, l.error])).toEqual([['inuse', null], ['error', 'not held']]);
  });

  it('keeps a stable license id across add/update when licenseId is given', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    hub.control.enqueueLicense(dev.id, { action: 'add', data: 'x', licenseId: 'lic-1' });
    await dev.call('POST', '/licenses', { id: 'lic-1', state: 'inuse' });
    hub.control.enqueueLicense(dev.id, { action: 'update', data: 'x2', licenseId: 'lic-1' });
    expect((await dev.call('GET', '/license')).body).toMatchObject({ id: 'lic-1', action: 'update', data: 'x2' });
    await dev.call('POST', '/licenses', { id: 'lic-1', state: 'inuse' });
    expect(hub.control.licenses(dev.id).map((l) => l.state)).toEqual(['inuse', 'inuse']);
  });

  it('validates Update License and serves the older array API', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    const id = hub.control.enqueueLicense(dev.id, { action: 'update', data: 'd' });
    expect((await dev.call('POST', '/licenses', { id, state: 'pending' })).status).toBe(400);
    expect((await dev.call('POST', '/licenses', { state: 'inuse' })).status).toBe(400);
    expect((await dev.call('POST', '/licenses', { id: 'unknown', state: 'inuse' })).status).toBe(404);
    expect((await dev.call('GET', '/licenses')).body).toEqual([
      { id, device_id: dev.id, data: 'd', signature: null, add: false, remove: false, update: true, expires_at: null },
    ]);
  });
});
