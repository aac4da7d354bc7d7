import { describe, expect, it } from 'vitest';
import { hubFor, online, register } from './helpers';

const telemetry = (dev: Awaited<ReturnType<typeof register>>, signal?: AbortSignal) =>
  fetch(`${dev.hubUrl}/v1/devices/${dev.id}/telemetry`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: dev.key }, body: JSON.stringify(online), ...(signal ? { signal } : {}),
  });

describe('hub simulator: fault injection', () => {
  it('status faults answer instead of the handler, with Retry-After, counting down `times`', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    hub.control.injectFault({ route: 'sendTelemetry', status: 503, retryAfterSec: 7, times: 2 });
    for (let i = 0; i < 2; i++) {
      const r = await dev.call('POST', '/telemetry', online);
      expect([r.status, r.headers.get('retry-after'), r.body]).toEqual([503, '7', { error: 'Service unavailable' }]);
    }
    expect((await dev.call('POST', '/telemetry', online)).status).toBe(200);
    expect(hub.control.device(dev.id)!.telemetry_count).toBe(1);
  });

  it('matches by route (or every route with "*") until cleared; custom bodies are sent as is', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    hub.control.injectFault({ route: 'getConfig', status: 401, body: { error: 'Not authorized' } });
    expect((await dev.call('POST', '/telemetry', online)).status).toBe(200);
    expect((await dev.call('GET', '/config')).body).toEqual({ error: 'Not authorized' });
    expect((await dev.call('GET', '/config')).status).toBe(401);
    hub.control.clearFaults();
    expect((await dev.call('GET', '/config')).status).toBe(200);
    hub.control.injectFault({ status: 429, times: 1 });
    expect((await dev.call('GET', '/command')).status).toBe(429);
    expect((await dev.call('GET', '/command')).status).toBe(200);
  });

  it('delayMs adds latency and then handles normally', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    hub.control.injectFault({ route: 'sendTelemetry', delayMs: 50, times: 1 });
    expect((await dev.call('POST', '/telemetry', online)).body.success).toBe(true);
  });

  it('reset destroys the socket without a response', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    hub.control.injectFault({ route: 'sendTelemetry', reset: true, times: 1 });
    await expect(telemetry(dev)).rejects.toThrow();
    expect((await telemetry(dev)).status).toBe(200);
  });

  it('hang never responds (the client must time out); close() still finishes', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    hub.control.injectFault({ route: 'sendTelemetry', hang: true });
    await expect(telemetry(dev, AbortSignal.timeout(200))).rejects.toThrow();
    expect(hub.control.requestLog(dev.id).at(-1)).toMatchObject({ route: 'sendTelemetry', status: 0 });
  });

  it('malformedJson sends 200 with a broken body; schemaViolation sends the wrong shape', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    hub.control.injectFault({ route: 'sendTelemetry', malformedJson: true, times: 1 });
    const broken = await telemetry(dev);
    expect(broken.status).toBe(200);
    await expect(broken.json()).rejects.toThrow();
    hub.control.injectFault({ route: 'sendTelemetry', schemaViolation: true, times: 1 });
    expect((await dev.call('POST', '/telemetry', online)).body).toMatchObject({ command: 'yes', config_version: 'x' });
    hub.control.injectFault({ route: 'getFiles', schemaViolation: true, times: 1 });
    expect(Array.isArray((await dev.call('GET', '/files')).body)).toBe(false);
    hub.control.injectFault({ route: 'getDeviceInfo', schemaViolation: true, times: 1 });
    expect(Array.isArray((await dev.call('GET', '')).body)).toBe(true);
  });

  it('slowDrip trickles the normal body; oversized pads it to the given size (still valid JSON)', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    hub.control.injectFault({ route: 'sendTelemetry', slowDripBytesPerSec: 4000, times: 1 });
    expect((await dev.call('POST', '/telemetry', online)).body.success).toBe(true);
    hub.control.injectFault({ route: 'sendTelemetry', oversizedBytes: 5_000_000, times: 1 });
    const big = await telemetry(dev);
    const text = await big.text();
    expect(text.length).toBe(5_000_000);
    expect(JSON.parse(text).success).toBe(true);
  });

  it('cutAfterBytes drops the connection mid-body (JSON reply and download)', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    hub.control.injectFault({ route: 'sendTelemetry', cutAfterBytes: 20, times: 1 });
    await expect(telemetry(dev).then((r) => r.text())).rejects.toThrow();
    const f = hub.control.publishFirmware({ version: '2.0.0', size: 1_000_000 });
    hub.control.injectFault({ route: 'download', cutAfterBytes: 100_000, times: 1 });
    const res = await fetch(f.url);
    expect(res.headers.get('content-length')).toBe('1000000');
    let got = 0;
    const reader = res.body!.getReader();
    await expect((async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        got += value.length;
      }
    })()).rejects.toThrow();
    expect(got).toBe(100_000);
    expect((await fetch(f.url).then((r) => r.arrayBuffer())).byteLength).toBe(1_000_000);
  });

  it('redirectTo answers 302 with the Location', async () => {
    const hub = await hubFor();
    const f = hub.control.publishFirmware({ version: '2.0.0', size: 10 });
    hub.control.injectFault({ route: 'download', redirectTo: 'http://127.0.0.2:1/elsewhere', times: 1 });
    const res = await fetch(f.url, { redirect: 'manual' });
    expect([res.status, res.headers.get('location')]).toEqual([302, 'http://127.0.0.2:1/elsewhere']);
  });

  it('endless keeps streaming past the declared size', async () => {
    const hub = await hubFor();
    const f = hub.control.publishFirmware({ version: '2.0.0', size: 50_000 });
    hub.control.injectFault({ route: 'download', endless: true, times: 1 });
    const controller = new AbortController();
    const res = await fetch(f.url, { signal: controller.signal });
    expect(res.headers.get('content-length')).toBeNull();
    const reader = res.body!.getReader();
    let got = 0;
    while (got <= 3 * f.size) {
      const { done, value } = await reader.read();
      if (done) break;
      got += value.length;
    }
    controller.abort();
    expect(got).toBeGreaterThan(3 * f.size);
  });

  it('download faults with a status answer JSON errors; "*" faults hit the file origin too', async () => {
    const hub = await hubFor();
    const f = hub.control.publishFirmware({ version: '2.0.0', size: 10 });
    hub.control.injectFault({ status: 500, times: 1 });
    expect((await fetch(f.url)).status).toBe(500);
    expect((await fetch(f.url)).status).toBe(200);
  });
});
