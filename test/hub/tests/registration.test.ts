import { describe, expect, it } from 'vitest';
import { startHub } from '../index';
import { DEMO_HARDWARE_KEY } from '../state';
import { call, HW_KEY, HW_KEY_2, hubFor, register, registration } from './helpers';

describe('hub simulator: registration (entry)', () => {
  it('registers a device and returns id, 32-hex access key and the hub URLs', async () => {
    const hub = await hubFor();
    const r = await call(hub.entryUrl, 'POST', '/v1/devices', registration({ name: 'Lobby kiosk', details: { os: 'linux' } }));
    expect(r.status).toBe(200);
    expect(r.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body.access_key).toMatch(/^[0-9a-f]{32}$/);
    expect(r.body.hub_url).toBe(hub.hubUrl);
    expect(r.body.hub_url_static_cert).toBe(hub.hubUrl);
    expect(r.body.mqtt_hub_url).toBeUndefined(); // HTTPS-only unless the simulator runs its broker
    const d = hub.control.device(r.body.id);
    expect(d).toMatchObject({ name: 'Lobby kiosk', details: { os: 'linux' }, firmware_version: '1.0.0', space_data_version: 0 });
  });

  it.each([
    ['hardware_key missing', { hardware_key: undefined }, /hardware_key is required/],
    ['hardware_key not a UUID', { hardware_key: 'batch-7' }, /hardware_key must be a UUID/],
    ['sn missing', { sn: undefined }, /sn is required/],
    ['firmware_version missing', { firmware_version: undefined }, /firmware_version is required/],
    ['firmware_version not SemVer', { firmware_version: '1.0' }, /SemVer/],
    ['firmware_version with a v prefix', { firmware_version: 'v1.0.0' }, /SemVer/],
    ['cloud_id too short', { cloud_id: '5bPjabc123' }, /cloud_id/],
    ['cloud_id with symbols', { cloud_id: '5bPj-abcdefghijklmnop_qr' }, /cloud_id/],
    ['mac malformed', { mac: '11-22-33-44-55-66' }, /mac must look like/],
    ['neither cloud_id nor mac', { cloud_id: undefined, mac: undefined }, /cloud_id or mac is required/],
    ['unknown field', { partner_key: 'x' }, /Unknown parameter: partner_key/],
    ['details not an object', { details: 'x' }, /details must be a JSON object/],
  ])('rejects %s with 400', async (_name, over, message) => {
    const hub = await hubFor();
    const r = await call(hub.entryUrl, 'POST', '/v1/devices', registration(over));
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(message);
    expect(hub.control.devices()).toHaveLength(0);
  });

  it('relaxes sn before model API 1.0.2 and SemVer before 1.0.4', async () => {
    const hub = await hubFor({ modelApiVersion: '1.0.1' });
    const r = await call(hub.entryUrl, 'POST', '/v1/devices', registration({ sn: undefined, firmware_version: 'build 42' }));
    expect(r.status).toBe(200);
    hub.control.setModelApiVersion('1.0.3');
    expect((await call(hub.entryUrl, 'POST', '/v1/devices', registration({ sn: undefined }))).status).toBe(400);
    expect((await call(hub.entryUrl, 'POST', '/v1/devices', registration({ firmware_version: 'build 42' }))).status).toBe(200);
  });

  it('knows only the demo key, seeded keys and keys added later; refuses any other with 404, like the real hub', async () => {
    const other = '0b0b0b0b-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
    const hub = await startHub({ seed: { hardware_keys: [HW_KEY_2], devices: [{ hardware_key: HW_KEY, sn: 'SN-SEEDED', firmware_version: '1.0.0' }] } });
    try {
      const status = async (key: string) => (await call(hub.entryUrl, 'POST', '/v1/devices', registration({ hardware_key: key }))).status;
      expect(await status(other)).toBe(404);
      expect(await status(DEMO_HARDWARE_KEY)).toBe(200);
      expect(await status(HW_KEY.toUpperCase())).toBe(200);
      expect(await status(HW_KEY_2)).toBe(200);
      expect((await call(hub.hubUrl, 'POST', '/__sim/hardware-keys', { hardware_key: other })).body).toEqual({ ok: true });
      expect(await status(other)).toBe(200);
      expect((await call(hub.hubUrl, 'POST', '/__sim/hardware-keys', { hardware_key: 'nope' })).status).toBe(400);
    } finally {
      await hub.close();
    }
  });

  it('rejects a hardware key that is not in the configured list with 404', async () => {
    const hub = await hubFor({ hardwareKeys: [HW_KEY] });
    expect((await call(hub.entryUrl, 'POST', '/v1/devices', registration({ hardware_key: HW_KEY_2 }))).status).toBe(404);
    expect((await call(hub.entryUrl, 'POST', '/v1/devices', registration({ hardware_key: HW_KEY }))).status).toBe(200);
  });

  it('rejects a duplicate cloud_id, and a duplicate mac+sn within one model, with 422', async () => {
    const hub = await hubFor();
    const first = registration();
    expect((await call(hub.entryUrl, 'POST', '/v1/devices', first)).status).toBe(200);
    const sameCloudId = await call(hub.entryUrl, 'POST', '/v1/devices', registration({ cloud_id: first.cloud_id }));
    expect(sameCloudId).toMatchObject({ status: 422, body: { error: 'Device already registered' } });
    const sameMacSn = registration({ cloud_id: undefined, mac: (first.mac as string).toUpperCase(), sn: first.sn });
    expect((await call(hub.entryUrl, 'POST', '/v1/devices', sameMacSn)).status).toBe(422);
    // Same mac+sn under another model is a different device.
    expect((await call(hub.entryUrl, 'POST', '/v1/devices', { ...sameMacSn, hardware_key: HW_KEY_2 })).status).toBe(200);
  });

  it('bulk-registers up to 25 devices with a per-item result', async () => {
    const hub = await hubFor();
    const good = registration();
    const r = await call(hub.entryUrl, 'POST', '/v1/devices/bulk_create', [good, registration({ sn: undefined }), { ...good }]);
    expect(r.status).toBe(200);
    expect(r.body[0].access_key).toMatch(/^[0-9a-f]{32}$/);
    expect(r.body[1]).toEqual({ error: 'sn is required' });
    expect(r.body[2]).toEqual({ error: 'Device already registered' });
    const tooMany = Array.from({ length: 26 }, () => registration());
    expect((await call(hub.entryUrl, 'POST', '/v1/devices/bulk_create', tooMany)).status).toBe(400);
    expect((await call(hub.entryUrl, 'POST', '/v1/devices/bulk_create', registration())).status).toBe(400);
  });

  it('registers children with the parent key; child sn need not be unique', async () => {
    const hub = await hubFor();
    const parent = await register(hub);
    const child = { model_id: 'sensor-model', firmware_version: '2.0.0', sn: 'same' };
    const path = `/v1/devices/${parent.id}/children`;
    const a = await call(hub.entryUrl, 'POST', path, child, parent.key);
    const b = await call(hub.entryUrl, 'POST', path, child, parent.key);
    expect(a.status).toBe(200);
    expect(Object.keys(a.body).sort()).toEqual(['access_key', 'id']);
    expect(b.status).toBe(200);
    expect(hub.control.device(a.body.id)).toMatchObject({ parent_id: parent.id, sn: 'same', model_id: 'sensor-model' });
    expect((await call(hub.entryUrl, 'POST', path, child, 'wrong')).status).toBe(401);
    expect((await call(hub.entryUrl, 'POST', path, { firmware_version: '1.0.0' }, parent.key)).body.error).toMatch(/model_id/);
    expect((await call(hub.entryUrl, 'POST', path, { model_id: 'm' }, parent.key)).body.error).toMatch(/firmware_version/);
    const children = await parent.call('GET', '/children');
    expect(children.body.map((c: { id: string }) => c.id).sort()).toEqual([a.body.id, b.body.id].sort());
  });

  it('serves registration only on entry and device routes only on the hub (404 otherwise)', async () => {
    const hub = await hubFor();
    expect((await call(hub.hubUrl, 'POST', '/v1/devices', registration())).status).toBe(404);
    const dev = await register(hub);
    const onEntry = await call(hub.entryUrl, 'POST', `/v1/devices/${dev.id}/telemetry`, { status: 'online' }, dev.key);
    expect(onEntry).toMatchObject({ status: 404, body: { error: 'Not found' } });
    expect((await call(hub.entryUrl, 'GET', `/v1/devices/${dev.id}/config`, undefined, dev.key)).status).toBe(404);
    expect((await dev.call('GET', '/nonsense')).status).toBe(404);
  });

  it('answers 415 to a JSON route without a JSON content type, and 400 to broken JSON', async () => {
    const hub = await hubFor();
    const text = await call(hub.entryUrl, 'POST', '/v1/devices', JSON.stringify(registration()), undefined, { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    const broken = await call(hub.entryUrl, 'POST', '/v1/devices', '{"hardware_key":', undefined, { 'content-type': 'application/json' });
    expect(broken).toMatchObject({ status: 400, body: { error: 'Invalid JSON' } });
  });
});
