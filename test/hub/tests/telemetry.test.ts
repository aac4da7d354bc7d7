import { describe, expect, it } from 'vitest';
import { call, hubFor, online, register } from './helpers';

describe('hub simulator: telemetry', () => {
  it('replies with every flag, success and device_id (1.0.7)', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    const r = await dev.call('POST', '/telemetry', { status: 'online', timestamp: '2024-01-01T01:00:00.000Z', telemetries: { cpu: 12.5 } });
    expect(r).toMatchObject({ status: 200 });
    expect(r.body).toEqual({
      config_version: 0, command: false, info_version: 0, new_licenses: false, latest_fw_version: null,
      latest_fw_file_id: null, space_data_version: 0, success: true, device_id: dev.id,
    });
    hub.control.setModelApiVersion('1.0.6');
    expect((await dev.call('POST', '/telemetry', online)).body).not.toHaveProperty('device_id');
  });

  it('reflects queues and counters in the flags', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    hub.control.setConfig(dev.id, { a: 1 });
    hub.control.enqueueCommand(dev.id, { name: 'reboot' });
    hub.control.enqueueLicense(dev.id, { action: 'add', data: 'x' });
    hub.control.setInfo(dev.id, { name: 'New name' });
    hub.control.claim(dev.id);
    const r = await dev.call('POST', '/telemetry', online);
    expect(r.body).toMatchObject({ config_version: 1, command: true, new_licenses: true, info_version: 1, space_data_version: 1 });
  });

  it.each([
    ['status missing', { telemetries: {} }, 'status must be one of online, offline, error'],
    ['status unknown', { status: 'busy' }, 'status must be one of online, offline, error'],
    ['nested object', { status: 'online', telemetries: { speed: { v: 1 } } }, 'Common telemetries.speed must be string, number or boolean'],
    ['array value', { status: 'online', telemetries: { list: [1, 2] } }, 'Common telemetries.list must be string, number or boolean'],
    ['telemetries not an object', { status: 'online', telemetries: [1] }, 'telemetries must be an object'],
    ['string over 1000 bytes', { status: 'online', telemetries: { s: 'é'.repeat(501) } }, 'Common telemetries.s must be at most 1000 bytes'],
    ['override not boolean', { status: 'online', override: 'yes' }, 'override must be a boolean'],
    ['bad timestamp', { status: 'online', timestamp: 'yesterday' }, 'timestamp must be an ISO-8601 date-time'],
    ['unknown top-level field', { status: 'online', telemetry: { a: 1 } }, 'Unknown parameter: telemetry'],
  ])('rejects %s with 400', async (_name, body, error) => {
    const hub = await hubFor();
    const dev = await register(hub);
    expect(await dev.call('POST', '/telemetry', body)).toMatchObject({ status: 400, body: { error } });
    expect(hub.control.device(dev.id)!.telemetry_count).toBe(0);
  });

  it('accepts a string of exactly 1000 bytes', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    expect((await dev.call('POST', '/telemetry', { status: 'online', telemetries: { s: 'a'.repeat(1000) } })).status).toBe(200);
  });

  it('rejects a message over 128 KB with 413', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    const telemetries = Object.fromEntries(Array.from({ length: 140 }, (_, i) => [`k${i}`, 'x'.repeat(990)]));
    const r = await dev.call('POST', '/telemetry', { status: 'online', telemetries });
    expect(r).toMatchObject({ status: 413, body: { error: 'Payload too large' } });
  });

  it('merges keys, deletes on null, replaces on override, copies status', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    await dev.call('POST', '/telemetry', { status: 'online', telemetries: { a: 1, b: 'x', c: true } });
    await dev.call('POST', '/telemetry', { status: 'error', message: 'disk full', telemetries: { a: 2, b: null } });
    expect(hub.control.device(dev.id)).toMatchObject({
      telemetry: { a: 2, c: true, status: 'error' }, status: 'error', status_message: 'disk full',
    });
    expect(hub.control.device(dev.id)!.telemetry).not.toHaveProperty('b');
    await dev.call('POST', '/telemetry', { status: 'online', override: true, telemetries: { d: 4 } });
    expect(hub.control.device(dev.id)!.telemetry).toEqual({ d: 4, status: 'online' });
  });

  it('child telemetries: per-child reply or error, only own children, at most 100', async () => {
    const hub = await hubFor();
    const parent = await register(hub);
    const path = `/v1/devices/${parent.id}/children`;
    const child = (await call(hub.entryUrl, 'POST', path, { model_id: 'm', firmware_version: '1.0.0' }, parent.key)).body;
    const child2 = (await call(hub.entryUrl, 'POST', path, { model_id: 'm', firmware_version: '1.0.0' }, parent.key)).body;
    const stranger = await register(hub);
    hub.control.enqueueCommand(child.id, { name: 'reboot' });
    const r = await parent.call('POST', '/children/telemetries', {
      [child.id]: { status: 'online', telemetries: { speed: 10 } },
      [child2.id]: { status: 'online', telemetries: { speed: { bad: 1 } } },
      [stranger.id]: { status: 'online' },
    });
    expect(r.status).toBe(200);
    expect(r.body[child.id]).toMatchObject({ success: true, command: true });
    expect(r.body[child2.id]).toEqual({ error: 'Common telemetries.speed must be string, number or boolean' });
    expect(r.body[stranger.id]).toEqual({ error: 'Not found' });
    expect(hub.control.device(child.id)!.telemetry).toEqual({ speed: 10, status: 'online' });
    // The parent's own command flag does not reflect children's commands.
    expect((await parent.call('POST', '/telemetry', online)).body.command).toBe(false);
    const tooMany = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`c${i}`, online]));
    expect((await parent.call('POST', '/children/telemetries', tooMany)).status).toBe(400);
    expect(hub.control.requestLog(parent.id).at(-1)!.route).toBe('sendChildTelemetries');
  });

  it('mass telemetry: entries carry their own access_token', async () => {
    const hub = await hubFor();
    const gateway = await register(hub);
    const a = await register(hub);
    const b = await register(hub);
    const r = await gateway.call('POST', '/children/telemetries', [
      { id: a.id, access_token: a.key, status: 'online', telemetries: { t: 1 } },
      { id: b.id, access_token: a.key, status: 'online' },
    ]);
    expect(r.status).toBe(200);
    expect(r.body[a.id]).toMatchObject({ success: true });
    expect(r.body[b.id]).toEqual({ error: 'Invalid access token' });
    expect(hub.control.device(a.id)!.telemetry).toEqual({ t: 1, status: 'online' });
    expect(hub.control.requestLog(gateway.id).at(-1)!.route).toBe('sendMassTelemetry');
  });
});
