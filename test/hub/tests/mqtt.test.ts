// The simulator's MQTT v5 broker: registration advertises it, it authenticates device id + access
// key, confines a device to its own topics and pushes when the simulated queues change.
import { connectAsync, type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_HARDWARE_KEY, startHub } from '../index';
import type { HubHandle } from '../types';
import { waitUntil } from './helpers';

let hub: HubHandle | null = null;
const clients: MqttClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.endAsync(true);
  await hub?.close();
  hub = null;
});

async function register(h: HubHandle): Promise<{ id: string; access_key: string; mqtt_hub_url?: string }> {
  const tag = String(Date.now() * 1000 + Math.floor(Math.random() * 1000)).padEnd(20, '0').slice(0, 20);
  const reply = await fetch(`${h.entryUrl}/v1/devices`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ hardware_key: DEMO_HARDWARE_KEY, sn: `SN-MQTT-${tag}`, cloud_id: `XKSK${tag}`, firmware_version: '1.0.0' }),
  });
  return (await reply.json()) as { id: string; access_key: string; mqtt_hub_url?: string };
}

describe('hub simulator: MQTT broker', () => {
  it('advertises itself at registration and pushes queue changes on both command topics', async () => {
    hub = await startHub({ mqtt: true });
    const device = await register(hub);
    expect(device.mqtt_hub_url).toBe(hub.mqtt!.url);
    const client = await connectAsync(device.mqtt_hub_url!, { protocolVersion: 5, clientId: device.id, username: device.id, password: device.access_key, reconnectPeriod: 0 });
    clients.push(client);
    const granted = await client.subscribeAsync([`v1/device/${device.id}/command`, `v1/device/${device.id}/commands`, `v1/device/${device.id}/config`], { qos: 1 });
    expect(granted.map((g) => g.qos)).toEqual([1, 1, 1]);
    await expect(client.subscribeAsync('v1/device/other/command')).rejects.toThrow(/Not authorized/);
    const topics: string[] = [];
    client.on('message', (topic) => topics.push(topic));
    const commandId = hub.control.enqueueCommand(device.id, { name: 'reboot' });
    hub.control.setConfig(device.id, { display: { title: 'x' } });
    await waitUntil(() => topics.length >= 3);
    expect(topics.sort()).toEqual([`v1/device/${device.id}/command`, `v1/device/${device.id}/commands`, `v1/device/${device.id}/config`]);
    expect(commandId).toMatch(/-/);
    await client.publishAsync(`v1/device/${device.id}/telemetry`, '{}', { qos: 1 });
    expect(hub.mqtt!.received().map((r) => r.topic)).toContain(`v1/device/${device.id}/telemetry`);
  });

  it('refuses a wrong access key, a client id that is not the user, and everything while told to', async () => {
    hub = await startHub({ mqtt: true });
    const device = await register(hub);
    const url = hub.mqtt!.url;
    const attempt = (options: { clientId: string; username: string; password: string }) =>
      connectAsync(url, { protocolVersion: 5, reconnectPeriod: 0, ...options }).then(
        (client) => {
          clients.push(client);
          return 'connected';
        },
        () => 'refused',
      );
    expect(await attempt({ clientId: device.id, username: device.id, password: 'nope' })).toBe('refused');
    expect(await attempt({ clientId: 'someone', username: device.id, password: device.access_key })).toBe('refused');
    hub.mqtt!.refuseAuth(true);
    expect(await attempt({ clientId: device.id, username: device.id, password: device.access_key })).toBe('refused');
    hub.mqtt!.refuseAuth(false);
    expect(await attempt({ clientId: device.id, username: device.id, password: device.access_key })).toBe('connected');
    const control = (path: string, body: unknown) =>
      fetch(`${hub!.controlUrl}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
    expect(await control('/mqtt/drop', { deviceId: device.id })).toEqual({ dropped: 1 });
    expect(await control('/mqtt/refuse-auth', { on: true })).toEqual({ ok: true });
    expect(await attempt({ clientId: device.id, username: device.id, password: device.access_key })).toBe('refused');
  });
});
