// One reply publish and its PUBACK, against the simulator's broker over loopback with a real
// mqtt.js client: acknowledged, refused by reason code, no PUBACK in time, the connection ending.
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../app/core/deps';
import { publishAcked, type ReplyPublish } from '../../../app/core/push/reply-publish';
import { startMqttBroker, type MqttBroker } from '../../hub/mqtt-broker';
import { waitFor } from '../agent/fake-clock';

const DEVICE = 'reply-publish-device';
const KEY = 'reply-publish-key-0123456789';

let broker: MqttBroker;
const clients: MqttClient[] = [];

beforeAll(async () => {
  broker = await startMqttBroker({
    authenticate: (id, _user, password) => id === DEVICE && password === KEY,
    onPublish: (_device, _topic, payload) => (payload.toString('utf8').includes('refuse') ? 0x80 : 0),
  });
});
afterEach(async () => {
  broker.withholdPubacks('normal');
  for (const client of clients.splice(0)) await client.endAsync(true);
});
afterAll(async () => {
  await broker?.close();
});

async function connectDevice(): Promise<MqttClient> {
  const client = await connectAsync(broker.url, { protocolVersion: 5, clientId: DEVICE, username: DEVICE, password: KEY, reconnectPeriod: 0 });
  clients.push(client);
  return client;
}

const message = (status: string): ReplyPublish => ({
  topic: `v1/device/${DEVICE}/commands/update`,
  payload: JSON.stringify({ id: 'c-1', status }),
  correlationId: 'c-1',
  deviceId: DEVICE,
});
const wait = (timeoutMs: number, ended = new AbortController().signal) => ({ clock: systemClock, timeoutMs, ended });

describe('publishAcked', () => {
  it('acked: QoS 1 with the correlation data, the device id as the only user property', async () => {
    const client = await connectDevice();
    expect(await publishAcked(client, message('done'), wait(5_000))).toBe('acked');
    const [heard] = broker.received().filter((p) => p.correlationData === 'c-1' && p.payload.includes('"done"'));
    expect(heard).toMatchObject({ topic: `v1/device/${DEVICE}/commands/update`, reasonCode: 0, userProperties: { device_id: DEVICE } });
  });

  it('refused: a PUBACK with an error reason code', async () => {
    const client = await connectDevice();
    expect(await publishAcked(client, message('refuse'), wait(5_000))).toBe('refused');
  });

  it('timeout: no PUBACK within the bound', async () => {
    const client = await connectDevice();
    broker.withholdPubacks('discard');
    expect(await publishAcked(client, message('lost'), wait(200))).toBe('timeout');
  });

  it('closed: the broker drops the connection, or the connection is ended on our side', async () => {
    const dropped = await connectDevice();
    broker.withholdPubacks('discard');
    const waiting = publishAcked(dropped, message('in_progress'), wait(600_000));
    await waitFor(() => broker.received().some((p) => p.payload.includes('in_progress')), 'published');
    broker.dropConnections(DEVICE);
    expect(await waiting).toBe('closed');

    const ours = await connectDevice();
    const ended = new AbortController();
    const cut = publishAcked(ours, message('in_progress'), wait(600_000, ended.signal));
    ended.abort();
    expect(await cut).toBe('closed');
    expect(await publishAcked(ours, message('in_progress'), wait(600_000, ended.signal))).toBe('closed');
  });
});
