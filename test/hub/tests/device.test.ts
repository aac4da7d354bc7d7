import { describe, expect, it } from 'vitest';
import { call, fakeClock, hubFor, online, register } from './helpers';

describe('hub simulator: Update Device, Device Info, space, cloud settings', () => {
  it('applies known fields; config_version as string or integer', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    hub.control.setConfig(dev.id, { a: 1 });
    hub.control.claim(dev.id);
    const r = await dev.call('PUT', '', { firmware_version: '1.3.4', config_version: '1', space_version: 1, details: { os: 'x' }, host_address: '10.0.0.5', name: 'N', sub_model: 'S' });
    expect(r).toMatchObject({ status: 200, body: { success: true } });
    expect(hub.control.device(dev.id)).toMatchObject({
      firmware_version: '1.3.4', acked_config_version: 1, acked_space_version: 1, details: { os: 'x' },
      host_address: '10.0.0.5', name: 'N', sub_model: 'S',
    });
    expect((await dev.call('PUT', '', { config_version: 1 })).status).toBe(200);
  });

  it.each([
    ['unknown field on 1.0.6', { colour: 'red' }, /Unknown parameter: colour/],
    ['non-SemVer firmware', { firmware_version: '1.3' }, /SemVer/],
    ['details not an object', { details: [1] }, /details must be a JSON object/],
    ['config_version not numeric', { config_version: 'eleven' }, /config_version must be an integer/],
    ['config_version ahead of the server', { config_version: 5 }, /newer than the server/],
    ['unknown parent_id', { parent_id: '00000000-0000-4000-8000-000000000000' }, /parent_id/],
  ])('rejects %s with 400 and applies nothing', async (_n, body, error) => {
    const hub = await hubFor();
    const dev = await register(hub);
    const r = await dev.call('PUT', '', { name: 'changed', ...body });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(error);
    expect(hub.control.device(dev.id)!.name).not.toBe('changed');
  });

  it('ignores unknown fields below model API 1.0.6', async () => {
    const hub = await hubFor({ modelApiVersion: '1.0.5' });
    const dev = await register(hub);
    expect((await dev.call('PUT', '', { colour: 'red', name: 'ok' })).status).toBe(200);
    expect(hub.control.device(dev.id)!.name).toBe('ok');
  });

  it('allows 10 calls per hour; the 11th is 429 with Retry-After and not applied', async () => {
    const clock = fakeClock();
    const hub = await hubFor({ now: clock.now });
    const dev = await register(hub);
    for (let i = 0; i < 10; i++) {
      expect((await dev.call('PUT', '', { name: `n${i}` })).status).toBe(200);
      clock.advance(60_000);
    }
    const limited = await dev.call('PUT', '', { name: 'too many' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBe(3600 - 600);
    expect(hub.control.device(dev.id)!.name).toBe('n9');
    clock.advance(3000 * 1000);
    expect((await dev.call('PUT', '', { name: 'later' })).status).toBe(200);
    expect(hub.control.device(dev.id)!.name).toBe('later');
  });

  it('re-parents a device through Update Device', async () => {
    const hub = await hubFor();
    const parent = await register(hub);
    const dev = await register(hub);
    expect((await dev.call('PUT', '', { parent_id: parent.id })).status).toBe(200);
    expect(hub.control.device(parent.id)!.children).toEqual([dev.id]);
    hub.control.claim(parent.id);
    const other = await register(hub);
    expect((await other.call('PUT', '', { parent_id: parent.id })).status).toBe(422);
  });

  it('Get Device Info returns the record without secrets; info_version bumps via setInfo', async () => {
    const hub = await hubFor();
    const dev = await register(hub, { name: 'Lobby', details: { a: 1 } });
    const r = await dev.call('GET', '');
    expect(r.body).toMatchObject({ id: dev.id, name: 'Lobby', details: { a: 1 }, info_version: 0, device_id: dev.id });
    expect(JSON.stringify(r.body)).not.toContain(dev.key);
    expect(hub.control.setInfo(dev.id, { name: 'Hall', details: { b: 2 } })).toBe(1);
    expect((await dev.call('GET', '')).body).toMatchObject({ name: 'Hall', details: { b: 2 }, info_version: 1 });
    expect((await dev.call('POST', '/telemetry', online)).body.info_version).toBe(1);
  });

  it('space: {} and version 0 until claimed; claim/setSpace bump; unclaim resets', async () => {
    const clock = fakeClock(Date.parse('2024-03-17T09:55:28Z'));
    const hub = await hubFor({ now: clock.now });
    const dev = await register(hub);
    expect(await dev.call('GET', '/space')).toMatchObject({ status: 200, body: {} });
    hub.control.setSpace(dev.id, { name: 'ignored while unclaimed' });
    expect(hub.control.device(dev.id)!.space_data_version).toBe(0);
    hub.control.claim(dev.id, { name: 'Interactive Class' });
    expect((await dev.call('GET', '/space')).body).toEqual({
      location: { coordinates: { lat: 51.165691, lng: 10.451526 }, utc_offset: 60, name: 'Germany' },
      temperature_units: 'celsius', maintenance: false, name: 'Interactive Class',
      local_time: '2024-03-17T10:55:28+01:00', device_id: dev.id,
    });
    hub.control.setSpace(dev.id, { maintenance: true });
    expect(hub.control.device(dev.id)!.space_data_version).toBe(2);
    expect((await dev.call('GET', '/space')).body.maintenance).toBe(true);
    hub.control.unclaim(dev.id);
    expect((await dev.call('POST', '/telemetry', online)).body.space_data_version).toBe(0);
  });

  it('space move: claimed only, follow_parent copies the parent space, bad target 400', async () => {
    const hub = await hubFor();
    const parent = await register(hub);
    const child = (await call(hub.entryUrl, 'POST', `/v1/devices/${parent.id}/children`, { model_id: 'm', firmware_version: '1.0.0' }, parent.key)).body;
    const childCall = (m: string, sub: string, b?: unknown) => call(hub.hubUrl, m, `/v1/devices/${child.id}${sub}`, b, child.access_key);
    expect((await childCall('PUT', '/space/move', { target: 'unsorted' })).status).toBe(422);
    hub.control.claim(parent.id, { name: 'Parent room' });
    expect(hub.control.device(child.id)).toMatchObject({ claimed: true, space_data_version: 1 });
    expect((await childCall('PUT', '/space/move', { target: 'elsewhere' })).status).toBe(400);
    const moved = await childCall('PUT', '/space/move', { target: 'unsorted' });
    expect(moved.body.name).toBe('Unsorted');
    const back = await childCall('PUT', '/space/move', { target: 'follow_parent' });
    expect(back.body.name).toBe('Parent room');
    expect(hub.control.device(child.id)!.space_data_version).toBe(3);
    expect((await parent.call('PUT', '/space/move', { target: 'follow_parent' })).status).toBe(422);
  });

  it('cloud settings accept both documented shapes', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    expect((await dev.call('PUT', '/cloud_settings', { 'incidents.suspend_creation': true })).status).toBe(200);
    expect((await dev.call('PUT', '/cloud_settings', { property: 'x.y', value: 3 })).status).toBe(200);
    expect(hub.control.device(dev.id)!.cloud_settings).toEqual({ 'incidents.suspend_creation': true, 'x.y': 3 });
    expect((await dev.call('PUT', '/cloud_settings', {})).status).toBe(400);
  });
});
