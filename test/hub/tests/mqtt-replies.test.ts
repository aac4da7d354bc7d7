// The simulator's MQTT replies: command and license pushes name a reply topic and correlation
// data; Update Command / Update License published there are applied by the HTTPS routes' own
// functions (so a result counts once whichever way it came), their outcome is the PUBACK's reason
// code, and a control route withholds PUBACKs (publish lost, or applied with its PUBACK lost).
import { connectAsync, type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import type { HubHandle } from '../types';
import { call, hubFor, register, waitUntil, type Registered } from './helpers';

const clients: MqttClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.endAsync(true);
});

interface Heard {
  topic: string;
  responseTopic?: string;
  correlation?: string;
}

async function connectAs(hub: HubHandle, dev: Registered): Promise<{ client: MqttClient; heard: Heard[] }> {
  const client = await connectAsync(hub.mqtt!.url, { protocolVersion: 5, clientId: dev.id, username: dev.id, password: dev.key, reconnectPeriod: 0 });
  clients.push(client);
  await client.subscribeAsync([`v1/device/${dev.id}/command`, `v1/device/${dev.id}/license`], { qos: 1 });
  const heard: Heard[] = [];
  client.on('message', (topic, _payload, packet) => {
    const { responseTopic, correlationData } = packet.properties ?? {};
    heard.push({ topic, ...(responseTopic ? { responseTopic } : {}), ...(correlationData ? { correlation: correlationData.toString('latin1') } : {}) });
  });
  return { client, heard };
}

const deviceStatuses = (hub: HubHandle, dev: Registered, commandId: string) =>
  hub.control.commands(dev.id).find((c) => c.id === commandId)!.history.filter((h) => h.by === 'device').map((h) => h.status);

describe('hub simulator: replies over MQTT', () => {
  it('names the reply topic and the id on command and license pushes', async () => {
    const hub = await hubFor({ mqtt: true });
    const dev = await register(hub);
    const { heard } = await connectAs(hub, dev);
    const commandId = hub.control.enqueueCommand(dev.id, { name: 'reboot' });
    const licenseId = hub.control.enqueueLicense(dev.id, { action: 'add', data: 'x' });
    await waitUntil(() => heard.length >= 2);
    expect(heard).toEqual([
      { topic: `v1/device/${dev.id}/command`, responseTopic: `v1/device/${dev.id}/commands/update`, correlation: commandId },
      { topic: `v1/device/${dev.id}/license`, responseTopic: `v1/device/${dev.id}/license/update`, correlation: licenseId },
    ]);
  });

  it('applies Update Command and Update License like the HTTPS routes, refusals as error reason codes', async () => {
    const hub = await hubFor({ mqtt: true });
    const dev = await register(hub);
    const { client } = await connectAs(hub, dev);
    const commandId = hub.control.enqueueCommand(dev.id, { name: 'reboot' });
    const update = (body: unknown) => client.publishAsync(`v1/device/${dev.id}/commands/update`, JSON.stringify(body), { qos: 1 });
    await update({ id: commandId, status: 'in_progress' });
    await update({ id: commandId, status: 'done', message: 'ok' });
    expect(deviceStatuses(hub, dev, commandId)).toEqual(['in_progress', 'done']);
    // A second result is refused on either path and changes nothing.
    await expect(update({ id: commandId, status: 'failed' })).rejects.toThrow(/Unspecified error/);
    expect((await dev.call('POST', '/command', { id: commandId, status: 'failed' })).status).toBe(422);
    await expect(update({ id: commandId, status: 'bogus' })).rejects.toThrow(/Payload format invalid/);
    await expect(client.publishAsync(`v1/device/${dev.id}/commands/update`, 'not json', { qos: 1 })).rejects.toThrow(/Payload format invalid/);
    expect(deviceStatuses(hub, dev, commandId)).toEqual(['in_progress', 'done']);

    const licenseId = hub.control.enqueueLicense(dev.id, { action: 'add', data: 'x' });
    await client.publishAsync(`v1/device/${dev.id}/license/update`, JSON.stringify({ id: licenseId, state: 'inuse' }), { qos: 1 });
    expect(hub.control.licenses(dev.id).find((l) => l.id === licenseId)?.state).toBe('inuse');
    // Outside its own tree a device may not publish.
    await expect(client.publishAsync('v1/device/other/commands/update', '{}', { qos: 1 })).rejects.toThrow(/Not authorized/);
  });

  it('withholds PUBACKs on request: a lost publish is not applied, a lost PUBACK is', async () => {
    const hub = await hubFor({ mqtt: true });
    const dev = await register(hub);
    const { client } = await connectAs(hub, dev);
    const control = (body: unknown) => call(hub.controlUrl, 'POST', '/mqtt/withhold-pubacks', body);
    expect((await control({ mode: 'sometimes' })).status).toBe(400);
    const commandId = hub.control.enqueueCommand(dev.id, { name: 'reboot' });
    const topic = `v1/device/${dev.id}/commands/update`;
    const received = () => hub.mqtt!.received().filter((r) => r.topic === topic);

    expect((await control({ mode: 'discard' })).body).toEqual({ ok: true });
    client.publish(topic, JSON.stringify({ id: commandId, status: 'in_progress' }), { qos: 1 });
    await waitUntil(() => received().length === 1);
    expect(deviceStatuses(hub, dev, commandId)).toEqual([]);

    await control({ mode: 'apply' });
    client.publish(topic, JSON.stringify({ id: commandId, status: 'done' }), { qos: 1 });
    await waitUntil(() => deviceStatuses(hub, dev, commandId).length === 1);
    expect(deviceStatuses(hub, dev, commandId)).toEqual(['done']);
    expect(received().map((r) => r.reasonCode)).toEqual([null, null]);

    await control({ mode: 'normal' });
    await expect(client.publishAsync(topic, JSON.stringify({ id: commandId, status: 'done' }), { qos: 1 })).rejects.toThrow(/Unspecified error/);
    expect(received().at(-1)?.reasonCode).toBe(0x80);
  });
});
