import { describe, expect, it } from 'vitest';
import { call, fakeClock, hubFor, online, register } from './helpers';

const unauthorized = { status: 401, body: { error: 'Not authorized' } };

describe('hub simulator: authentication and rate limits', () => {
  it('accepts only the exact raw access key of the device in the path', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    const other = await register(hub);
    const path = `/v1/devices/${dev.id}/telemetry`;
    expect((await call(hub.hubUrl, 'POST', path, online, dev.key)).status).toBe(200);
    expect(await call(hub.hubUrl, 'POST', path, online)).toMatchObject(unauthorized);
    expect(await call(hub.hubUrl, 'POST', path, online, `Bearer ${dev.key}`)).toMatchObject(unauthorized);
    expect(await call(hub.hubUrl, 'POST', path, online, dev.key.toUpperCase())).toMatchObject(unauthorized);
    expect(await call(hub.hubUrl, 'POST', path, online, other.key)).toMatchObject(unauthorized);
    expect(await call(hub.hubUrl, 'POST', `/v1/devices/unknown-id/telemetry`, online, dev.key)).toMatchObject(unauthorized);
  });

  it('answers 401 to every call after Delete Device', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    expect((await dev.call('DELETE', '')).status).toBe(200);
    for (const [m, sub] of [['POST', '/telemetry'], ['GET', '/config'], ['GET', '/command'], ['GET', ''], ['DELETE', '']] as const) {
      expect(await dev.call(m, sub, m === 'POST' ? online : undefined)).toMatchObject(unauthorized);
    }
    expect(hub.control.device(dev.id)).toBeUndefined();
  });

  it('answers 401 after the cloud deletes the device (control API), and allows registering again', async () => {
    const hub = await hubFor();
    const dev = await register(hub, { cloud_id: '5bPjAAAAAAAAAAAAAAAAAAAA' });
    hub.control.deleteDevice(dev.id);
    expect(await dev.call('POST', '/telemetry', online)).toMatchObject(unauthorized);
    const again = await register(hub, { cloud_id: '5bPjAAAAAAAAAAAAAAAAAAAA' });
    expect(again.id).not.toBe(dev.id);
  });

  it('limits requests per device per 30 s window with 429 and Retry-After', async () => {
    const clock = fakeClock(Date.parse('2024-03-01T10:00:05Z'));
    const hub = await hubFor({ now: clock.now, rateLimitPerWindow: 3 });
    const dev = await register(hub);
    const other = await register(hub);
    for (let i = 0; i < 3; i++) expect((await dev.call('POST', '/telemetry', online)).status).toBe(200);
    const limited = await dev.call('POST', '/telemetry', online);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('25');
    expect((await other.call('POST', '/telemetry', online)).status).toBe(200);
    clock.advance(25_000);
    expect((await dev.call('POST', '/telemetry', online)).status).toBe(200);
  });

  it('records every request with its route, masking the Authorization header', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    await dev.call('POST', '/telemetry', { status: 'online', telemetries: { a: 1 } });
    await dev.call('GET', '/config');
    const log = hub.control.requestLog(dev.id);
    expect(log.map((r) => [r.route, r.status])).toEqual([['sendTelemetry', 200], ['getConfig', 200]]);
    expect(log[0]!.headers.authorization).toBe('[present]');
    expect(log[0]!.authorization).toBe(dev.key);
    expect(log[0]!.body).toEqual({ status: 'online', telemetries: { a: 1 } });
    expect(JSON.stringify(log.map((r) => r.headers))).not.toContain(dev.key);
    expect(hub.control.requestLog().some((r) => r.route === 'registerDevice' && r.listener === 'entry')).toBe(true);
  });
});
