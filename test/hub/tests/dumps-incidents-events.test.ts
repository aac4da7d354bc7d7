import { describe, expect, it } from 'vitest';
import { fakeClock, hubFor, register } from './helpers';

describe('hub simulator: dumps', () => {
  it('stores a raw upload under the decoded mime type and appends to it', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    const r = await dev.call('POST', '/dumps/text%2Fplain/agent.log', 'line 1\n', { 'content-type': 'text/plain' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ id: expect.any(String), length: 7, device_id: dev.id });
    const a = await dev.call('PUT', `/dumps/${r.body.id}`, Buffer.from('line 2\n'), { 'content-type': 'application/octet-stream' });
    expect(a.body).toMatchObject({ id: r.body.id, length: 14 });
    const [dump] = hub.control.dumps(dev.id);
    expect(dump).toMatchObject({ id: r.body.id, mime: 'text/plain', filename: 'agent.log' });
    expect(dump!.body.toString()).toBe('line 1\nline 2\n');
  });

  it('accepts a multipart upload with field "data"', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    const form = new FormData();
    form.append('note', 'ignored');
    form.append('data', new Blob([Buffer.from([0x1f, 0x8b, 0, 1, 2, 255])]), 'state.gz');
    const res = await fetch(`${dev.hubUrl}/v1/devices/${dev.id}/dumps/application%2Fgzip/state.gz`, {
      method: 'POST', headers: { authorization: dev.key }, body: form,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { length: number }).length).toBe(6);
    expect([...hub.control.dumps(dev.id)[0]!.body]).toEqual([0x1f, 0x8b, 0, 1, 2, 255]);
    const noData = new FormData();
    noData.append('file', 'x');
    const bad = await fetch(`${dev.hubUrl}/v1/devices/${dev.id}/dumps/text%2Fplain/a.txt`, {
      method: 'POST', headers: { authorization: dev.key }, body: noData,
    });
    expect(bad.status).toBe(400);
  });

  it('rejects a bad mime segment, an empty dump and an unknown dump id', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    expect((await dev.call('POST', '/dumps/plain/a.txt', 'x', { 'content-type': 'text/plain' })).status).toBe(400);
    expect((await dev.call('POST', '/dumps/text%2Fplain/a.txt', '', { 'content-type': 'text/plain' })).status).toBe(400);
    expect((await dev.call('PUT', '/dumps/unknown', 'x', { 'content-type': 'text/plain' })).status).toBe(404);
  });
});

describe('hub simulator: incidents', () => {
  it('opens (int or string priority), lists, closes one, and closes all device-initiated', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    hub.control.claim(dev.id);
    const a = await dev.call('POST', '/incidents', { title: 'Touch dead', issue: 'touch-fail', priority: 2, description: 'USB HID lost' });
    const b = await dev.call('POST', '/incidents', { title: 'Hot', issue: 'temp', priority: 'critical' });
    expect(a.body).toEqual({ incident_id: expect.any(String) });
    const customer = hub.control.openIncident(dev.id, { title: 'Dirty screen', issue: 'clean' });
    const list = (await dev.call('GET', '/incidents')).body;
    expect(list[0]).toMatchObject({ id: a.body.incident_id, status: 'active', priority: 'moderate', title: 'Touch dead', device_id: dev.id });
    expect(list[1]).toMatchObject({ priority: 'critical', description: null });
    expect((await dev.call('DELETE', `/incidents/${a.body.incident_id}`)).status).toBe(200);
    expect((await dev.call('DELETE', '/incidents/unknown')).status).toBe(404);
    expect((await dev.call('DELETE', '/incidents')).status).toBe(200);
    const after = hub.control.incidents(dev.id).map((i) => [i.id, i.status]);
    expect(after).toEqual([[a.body.incident_id, 'closed'], [b.body.incident_id, 'closed'], [customer, 'active']]);
  });

  it('validates fields and stores nothing for an unclaimed device (dummy id)', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    expect((await dev.call('POST', '/incidents', { title: 'x', issue: 'y', priority: 9 })).status).toBe(400);
    expect((await dev.call('POST', '/incidents', { title: 'x', priority: 1 })).status).toBe(400);
    const r = await dev.call('POST', '/incidents', { title: 'x', issue: 'y', priority: 1 });
    expect(r.body.incident_id).toEqual(expect.any(String));
    expect(hub.control.incidents(dev.id)).toEqual([]);
  });
});

describe('hub simulator: events', () => {
  it('validates name, category, int32 and string keys; replies {status:true}', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    hub.control.claim(dev.id);
    const good = { name: 'device_booted', category: 'lifecycle', int_key_1: 2147483647, string_key_1: 's'.repeat(255), timestamp: '2024-01-01T00:00:00Z' };
    expect(await dev.call('POST', '/events', good)).toMatchObject({ status: 200, body: { status: true } });
    for (const bad of [
      { category: 'c' }, { name: 'n' }, { ...good, int_key_2: 2147483648 }, { ...good, int_key_1: 1.5 },
      { ...good, string_key_2: 's'.repeat(256) }, { ...good, colour: 'red' }, { ...good, timestamp: 'now' },
    ]) {
      expect((await dev.call('POST', '/events', bad)).status).toBe(400);
    }
    expect((await dev.call('POST', '/events', { name: 'n', category: 'c', str_key_1: 'alias' })).status).toBe(200);
    expect(hub.control.events(dev.id).map((e) => e.string_key_1?.length)).toEqual([255, 5]);
  });

  it('allows 100 events per device per day, then 429 until the next day', async () => {
    const clock = fakeClock(Date.parse('2024-03-01T23:00:00Z'));
    const hub = await hubFor({ now: clock.now });
    const dev = await register(hub);
    hub.control.claim(dev.id);
    for (let i = 0; i < 100; i++) expect((await dev.call('POST', '/events', { name: `e${i}`, category: 'c' })).status).toBe(200);
    const limited = await dev.call('POST', '/events', { name: 'e100', category: 'c' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3600');
    clock.advance(3_600_000);
    expect((await dev.call('POST', '/events', { name: 'next day', category: 'c' })).status).toBe(200);
    expect(hub.control.events(dev.id)).toHaveLength(101);
  });

  it('succeeds without storing anything for an unclaimed device', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    expect(await dev.call('POST', '/events', { name: 'n', category: 'c' })).toMatchObject({ status: 200, body: { status: true } });
    expect(hub.control.events(dev.id)).toEqual([]);
  });
});
