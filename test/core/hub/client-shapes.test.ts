// Reply shapes and request shapes against a scripted loopback server: "nothing pending" variants,
// dump ids, headers, body encodings.
import { afterEach, describe, expect, it } from 'vitest';
import { createEntryClient, createHubClient, HubError, type HubClient } from '../../../app/core/hub';
import { type Handler, type LocalServer, rejectionOf, replyJson, startLocalServer } from './local-server';

const KEY = '2300742898f3ddc0e62e087ddc4a368c';
const DEVICE = 'dev-1';
let server: LocalServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function hubWith(handler: Handler): Promise<HubClient> {
  server = await startLocalServer(handler);
  return createHubClient({ hubUrl: server.url, deviceId: DEVICE, accessKey: KEY, timeoutMs: 5_000 });
}

describe('Get Command / Get License "nothing pending"', () => {
  const empties: Array<[string, Handler]> = [
    ['204', (_q, res) => res.writeHead(204).end()],
    ['200 empty', (_q, res) => res.writeHead(200).end()],
    ['null', (_q, res) => replyJson(res, 200, 'null')],
    ['{}', (_q, res) => replyJson(res, 200, {})],
    ['object without id', (_q, res) => replyJson(res, 200, { status: 'none', device_id: DEVICE })],
  ];
  for (const [label, handler] of empties) {
    it(`${label} → null`, async () => {
      const hub = await hubWith(handler);
      expect(await hub.getCommand()).toBeNull();
      expect(await hub.getLicense()).toBeNull();
    });
  }

  it('a command with a wrong field is refused, not taken for "nothing"', async () => {
    const hub = await hubWith((_q, res) => replyJson(res, 200, { id: 'c1', name: 'reboot', status: 'pending', parameters: 'oops' }));
    const error = await rejectionOf(() => hub.getCommand());
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).kind).toBe('invalid-response');
    expect((error as HubError).details.field).toBe('parameters');
  });
});

describe('Send Dump', () => {
  const variants: Array<[string, string]> = [
    ['JSON string', '"dump-7"'],
    ['object with id', '{"id":"dump-7","length":5}'],
    ['bare text', 'dump-7\n'],
  ];
  for (const [label, body] of variants) {
    it(`accepts a ${label} as the dump id`, async () => {
      const hub = await hubWith((_q, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(body));
      expect(await hub.sendDump('text/plain', 'agent.log', 'hello')).toBe('dump-7');
    });
  }

  it('refuses a reply that names no id', async () => {
    const hub = await hubWith((_q, res) => replyJson(res, 200, { length: 5 }));
    expect(((await rejectionOf(() => hub.sendDump('text/plain', 'a.log', 'x'))) as HubError).kind).toBe('invalid-response');
  });

  it('URL-encodes the mime type into one segment and sends the raw bytes', async () => {
    const hub = await hubWith((_q, res) => replyJson(res, 200, { id: 'd1' }));
    await hub.sendDump('application/gzip', 'state dump.gz', Buffer.from([0x1f, 0x8b, 0x00]));
    await hub.appendDump('d1', 'more');
    const [send, append] = server!.seen;
    expect(send!.url).toBe(`/v1/devices/${DEVICE}/dumps/application%2Fgzip/state%20dump.gz`);
    expect(send!.headers['content-type']).toBe('application/gzip');
    expect([...send!.body]).toEqual([0x1f, 0x8b, 0x00]);
    expect(append!.method).toBe('PUT');
    expect(append!.url).toBe(`/v1/devices/${DEVICE}/dumps/d1`);
    expect(append!.body.toString()).toBe('more');
  });
});

describe('request shape', () => {
  it('sends the raw key as Authorization to the hub and JSON bodies', async () => {
    const hub = await hubWith((_q, res) => res.writeHead(200).end());
    await hub.updateDevice({ firmware_version: '1.2.0', config_version: 11 as unknown as string, space_version: '4' });
    const [request] = server!.seen;
    expect(request!.headers.authorization).toBe(KEY);
    expect(request!.method).toBe('PUT');
    expect(request!.url).toBe(`/v1/devices/${DEVICE}`);
    expect(request!.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(request!.body.toString())).toEqual({ firmware_version: '1.2.0', config_version: '11', space_version: '4' });
  });

  it('ignores the body of calls whose reply is undocumented', async () => {
    const hub = await hubWith((_q, res) => res.writeHead(200).end('<html>ok</html>'));
    await expect(hub.addEvent({ name: 'device_booted', category: 'system' })).resolves.toBeUndefined();
    await expect(hub.closeIncidents()).resolves.toBeUndefined();
  });

  it('registration sends no Authorization; Register Child sends the parent key', async () => {
    server = await startLocalServer((req, res) => {
      if (req.url === '/v1/devices') return replyJson(res, 201, { id: 'd1', access_key: KEY, hub_url: 'http://127.0.0.1:1' });
      if (req.url === '/v1/devices/bulk_create') return replyJson(res, 200, [{ id: 'd2' }]);
      replyJson(res, 200, { id: 'child-1', access_key: 'c'.repeat(32) });
    });
    const entry = createEntryClient({ entryUrl: server.url });
    const registration = await entry.registerDevice({ hardware_key: 'hk', sn: 'SN1', firmware_version: '1.0.0' });
    expect(registration).toMatchObject({ id: 'd1', hub_url: 'http://127.0.0.1:1' });
    expect(await entry.bulkRegister([{ hardware_key: 'hk', sn: 'SN2', firmware_version: '1.0.0' }])).toEqual([{ id: 'd2' }]);
    expect(await entry.registerChild('parent 1', KEY, { model_id: 'm', firmware_version: '1.0.0' })).toEqual({ id: 'child-1', access_key: 'c'.repeat(32) });
    const [register, bulk, child] = server.seen;
    expect(register!.headers.authorization).toBeUndefined();
    expect(bulk!.headers.authorization).toBeUndefined();
    expect(child!.headers.authorization).toBe(KEY);
    expect(child!.url).toBe('/v1/devices/parent%201/children');
  });

  it('a registration reply without id is a failure', async () => {
    server = await startLocalServer((_q, res) => replyJson(res, 200, { error: 'Device already registered' }));
    const error = (await rejectionOf(() => createEntryClient({ entryUrl: server!.url }).registerDevice({ hardware_key: 'h', sn: 's', firmware_version: '1.0.0' }))) as HubError;
    expect(error.kind).toBe('invalid-response');
    expect(error.details.field).toBe('id');
  });

  it('refuses oversize batches before sending anything', async () => {
    const hub = await hubWith((_q, res) => replyJson(res, 200, {}));
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`c${i}`, { status: 'online' as const }]));
    expect(((await rejectionOf(() => hub.sendChildTelemetries(many))) as HubError).kind).toBe('rejected');
    const entry = createEntryClient({ entryUrl: server!.url });
    const devices = Array.from({ length: 26 }, (_, i) => ({ hardware_key: 'h', sn: `s${i}`, firmware_version: '1.0.0' }));
    expect(((await rejectionOf(() => entry.bulkRegister(devices))) as HubError).kind).toBe('rejected');
    expect(server!.seen).toHaveLength(0);
  });

  it('refuses a non-http base URL or one with credentials', () => {
    expect(() => createHubClient({ hubUrl: 'file:///tmp/x', deviceId: 'd', accessKey: KEY })).toThrow(HubError);
    expect(() => createHubClient({ hubUrl: 'http://u:p@127.0.0.1:1', deviceId: 'd', accessKey: KEY })).toThrow(/credentials/);
    expect(createHubClient({ hubUrl: 'http://127.0.0.1:4100/', deviceId: 'd', accessKey: KEY }).origin).toBe('http://127.0.0.1:4100');
  });
});
