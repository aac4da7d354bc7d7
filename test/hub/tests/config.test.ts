import { describe, expect, it } from 'vitest';
import { fakeClock, hubFor, register } from './helpers';

describe('hub simulator: configuration', () => {
  it('scopes Get Config under `config` on 1.0.5+ (device_id on 1.0.7 only)', async () => {
    const clock = fakeClock();
    const hub = await hubFor({ now: clock.now });
    const dev = await register(hub, { name: 'Kiosk A' });
    hub.control.setConfig(dev.id, { display: { brightness: 80 } });
    const r = await dev.call('GET', '/config');
    expect(r.body).toEqual({
      version: 1, last_updated: '2024-03-01T10:00:00.000Z', name: 'Kiosk A', device_id: dev.id,
      config: { display: { brightness: 80 } },
    });
    hub.control.setModelApiVersion('1.0.5');
    expect((await dev.call('GET', '/config')).body).not.toHaveProperty('device_id');
  });

  it('merges config keys at the top level before 1.0.5', async () => {
    const hub = await hubFor({ modelApiVersion: '1.0.4' });
    const dev = await register(hub);
    hub.control.setConfig(dev.id, { display: { brightness: 80 }, input: 'hdmi' });
    const r = await dev.call('GET', '/config');
    expect(r.body).toEqual({ version: 1, last_updated: expect.any(String), display: { brightness: 80 }, input: 'hdmi' });
  });

  it('Set Config accepts flat and {config:{…}} bodies, bumps and returns the version', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    expect((await dev.call('POST', '/config', { input: 'hdmi' })).body).toEqual({ success: true, version: 1, device_id: dev.id });
    expect((await dev.call('POST', '/config', { config: { input: 'dp' } })).body.version).toBe(2);
    expect(hub.control.device(dev.id)).toMatchObject({ config: { input: 'dp' }, config_version: 2 });
    expect((await dev.call('POST', '/config', [1])).status).toBe(400);
  });

  it('does not bump on an echo of the unchanged config (either shape, envelope included)', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    hub.control.setConfig(dev.id, { b: 1, a: { y: 2, x: 1 } });
    const current = (await dev.call('GET', '/config')).body;
    expect((await dev.call('POST', '/config', current)).body.version).toBe(1);
    expect((await dev.call('POST', '/config', { a: { x: 1, y: 2 }, b: 1 })).body.version).toBe(1);
    expect(hub.control.device(dev.id)!.config_version).toBe(1);
  });

  it('refuses a Set Config based on an older version with 422', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    hub.control.setConfig(dev.id, { a: 1 });
    hub.control.setConfig(dev.id, { a: 2 });
    const r = await dev.call('POST', '/config', { version: 1, config: { a: 3 } });
    expect(r.status).toBe(422);
    expect(hub.control.device(dev.id)!.config).toEqual({ a: 2 });
  });

  it('control setConfig bumps only on change and the telemetry reply shows it', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    expect(hub.control.setConfig(dev.id, { a: 1 })).toBe(1);
    expect(hub.control.setConfig(dev.id, { a: 1 })).toBe(1);
    expect(hub.control.setConfig(dev.id, { a: 2 })).toBe(2);
    expect((await dev.call('POST', '/telemetry', { status: 'online' })).body.config_version).toBe(2);
  });
});
