import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseRange } from '../index';
import { call, HW_KEY, HW_KEY_2, hubFor, online, register } from './helpers';

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function download(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

describe('hub simulator: firmware catalogue and latest_fw', () => {
  it('reports the highest published version greater than the reported firmware, per model', async () => {
    const hub = await hubFor();
    const dev = await register(hub, { firmware_version: '1.2.0' });
    const flags = async () => (await dev.call('POST', '/telemetry', online)).body;
    expect(await flags()).toMatchObject({ latest_fw_version: null, latest_fw_file_id: null });
    hub.control.publishFirmware({ version: '1.1.0', size: 10 });
    hub.control.publishFirmware({ version: '1.2.0', size: 10 });
    expect((await flags()).latest_fw_version).toBeNull();
    const v13 = hub.control.publishFirmware({ version: '1.3.0', size: 10 });
    hub.control.publishFirmware({ version: '1.10.0', size: 10, model: HW_KEY_2 }); // another model's file
    hub.control.publishFirmware({ version: '1.2.1', size: 10, model: HW_KEY });
    expect(await flags()).toMatchObject({ latest_fw_version: '1.3.0', latest_fw_file_id: v13.fileId });
    // Reporting the new version through Update Device moves the baseline.
    expect((await dev.call('PUT', '', { firmware_version: '1.3.0' })).status).toBe(200);
    expect((await flags()).latest_fw_version).toBeNull();
    const files = (await dev.call('GET', '/files')).body as Array<{ version: string }>;
    expect(files.map((f) => f.version).sort()).toEqual(['1.1.0', '1.2.0', '1.2.1', '1.3.0']);
  });

  it('matches a child device by its model_id', async () => {
    const hub = await hubFor();
    const parent = await register(hub);
    const child = (await call(hub.entryUrl, 'POST', `/v1/devices/${parent.id}/children`, { model_id: 'Sensor-1', firmware_version: '1.0.0' }, parent.key)).body;
    const f = hub.control.publishFirmware({ version: '1.0.1', size: 10, model: 'Sensor-1' });
    const reply = await call(hub.hubUrl, 'POST', `/v1/devices/${child.id}/telemetry`, online, child.access_key);
    expect(reply.body.latest_fw_file_id).toBe(f.fileId);
    expect((await parent.call('POST', '/telemetry', online)).body.latest_fw_file_id).toBeNull();
  });

  it('Get File returns the documented fields + size; checksum omitted when null; other model → 404', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    const data = Buffer.from('firmware-bytes');
    const f = hub.control.publishFirmware({ version: '2.0.0', data, notes: 'fixes', signature: 'c2ln' });
    const r = await dev.call('GET', `/files/${f.fileId}`);
    expect(r.body).toEqual({
      id: f.fileId, name: 'xyte-kiosk-2.0.0.bin', url: f.url, desc: 'fixes', file_type: 'firmware', version: '2.0.0',
      checksum: sha256(data), signature: 'c2ln', created_at: expect.any(String), public_notes: 'fixes', size: data.length,
    });
    expect(new URL(f.url).origin).toBe(hub.fileUrl);
    expect(new URL(f.url).origin).not.toBe(new URL(hub.hubUrl).origin);
    const bare = hub.control.publishFirmware({ version: '2.0.1', size: 5, checksum: null });
    expect((await dev.call('GET', `/files/${bare.fileId}`)).body).not.toHaveProperty('checksum');
    const foreign = hub.control.publishFirmware({ version: '9.0.0', size: 5, model: HW_KEY_2 });
    expect((await dev.call('GET', `/files/${foreign.fileId}`)).status).toBe(404);
  });
});

describe('hub simulator: file origin', () => {
  it('serves the whole file with length, Accept-Ranges and a matching checksum; no auth needed', async () => {
    const hub = await hubFor();
    const f = hub.control.publishFirmware({ version: '1.0.1', size: 300_000 });
    const full = await download(f.url);
    expect(full.status).toBe(200);
    expect(full.headers.get('accept-ranges')).toBe('bytes');
    expect(full.headers.get('content-length')).toBe('300000');
    expect(full.body.length).toBe(300_000);
    expect(sha256(full.body)).toBe(f.checksum);
    expect(hub.control.fileRequestLog()[0]).toMatchObject({ listener: 'file', route: 'download', status: 200, authorization: undefined });
  });

  it('answers ranges with 206 + Content-Range, consistent with the full content', async () => {
    const hub = await hubFor();
    const f = hub.control.publishFirmware({ version: '1.0.1', size: 200_003 });
    const full = (await download(f.url)).body;
    const part = await download(f.url, { range: 'bytes=70001-140017' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 70001-140017/200003');
    expect(part.body.equals(full.subarray(70001, 140018))).toBe(true);
    const open = await download(f.url, { range: 'bytes=199999-' });
    expect(open.body.equals(full.subarray(199999))).toBe(true);
    const suffix = await download(f.url, { range: 'bytes=-5' });
    expect(suffix.body.equals(full.subarray(-5))).toBe(true);
    const clipped = await download(f.url, { range: 'bytes=200000-999999' });
    expect(clipped.headers.get('content-range')).toBe('bytes 200000-200002/200003');
  });

  it('answers 416 with bytes */size for unsatisfiable or malformed ranges', async () => {
    const hub = await hubFor();
    const f = hub.control.publishFirmware({ version: '1.0.1', size: 1000 });
    for (const range of ['bytes=1000-', 'bytes=5-2', 'bytes=-0', 'items=0-1', 'bytes=0-1,5-6']) {
      const r = await download(f.url, { range });
      expect([range, r.status, r.headers.get('content-range')]).toEqual([range, 416, 'bytes */1000']);
    }
    expect(parseRange('bytes=0-', 0)).toBeUndefined();
  });

  it('ignores a Range whose If-Range names another version (full 200)', async () => {
    const hub = await hubFor();
    const f = hub.control.publishFirmware({ version: '1.0.1', size: 100 });
    const head = await fetch(f.url, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe('100');
    const etag = head.headers.get('etag')!;
    expect((await download(f.url, { range: 'bytes=10-', 'if-range': etag })).status).toBe(206);
    expect((await download(f.url, { range: 'bytes=10-', 'if-range': '"old"' })).status).toBe(200);
  });

  it('records the Authorization header when a client leaks it, and 404s unknown files', async () => {
    const hub = await hubFor();
    const f = hub.control.publishFirmware({ version: '1.0.1', size: 10 });
    await download(f.url, { authorization: 'leaked-key' });
    expect(hub.control.fileRequestLog()[0]!.authorization).toBe('leaked-key');
    expect(hub.control.fileRequestLog()[0]!.headers.authorization).toBe('[present]');
    expect((await download(`${hub.fileUrl}/files/nope/x.bin`)).status).toBe(404);
    expect((await download(f.url.replace(/[^/]+$/, 'other.bin'))).status).toBe(404);
  });

  it('serves tampered bytes while Get File keeps the genuine checksum', async () => {
    const hub = await hubFor();
    const genuine = Buffer.from('genuine firmware');
    const f = hub.control.publishFirmware({ version: '3.0.0', data: genuine, servedData: Buffer.from('evil firmware!!!') });
    const got = (await download(f.url)).body;
    expect(f.checksum).toBe(sha256(genuine));
    expect(sha256(got)).not.toBe(f.checksum);
    const custom = hub.control.publishFirmware({ version: '3.0.1', data: genuine, checksum: 'sha256:00' });
    expect(custom.checksum).toBe('sha256:00');
  });
});
