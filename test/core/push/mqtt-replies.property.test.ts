// A hostile hub names any reply topic and any correlation bytes on a pushed command: the report
// then goes exactly one way — a valid MQTT reply under the device's own tree, acknowledged, or
// HTTPS — never both, never neither, and the push client carries on. Real parts over loopback:
// the simulator's broker, the push client, the hub client against the simulator's HTTPS hub.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../app/core/deps';
import { createHubClient, type HubClient } from '../../../app/core/hub';
import { createLogger } from '../../../app/core/log/logger';
import { startPushClient, type PushClient } from '../../../app/core/push/push-client';
import { withMqttReplies } from '../../../app/core/push/mqtt-replies';
import { REPLY_TOPIC_MAX } from '../../../app/core/push/reply-route';
import { DEMO_HARDWARE_KEY, startHub } from '../../hub/index';
import { startMqttBroker, type MqttBroker } from '../../hub/mqtt-broker';
import type { HubHandle } from '../../hub/types';
import { seededRandom } from '../support/seeded-random';
import { waitFor } from '../agent/fake-clock';

let hub: HubHandle;
let broker: MqttBroker;
let push: PushClient;
let reports: HubClient;
let device: { id: string; access_key: string };
const lines: string[] = [];

beforeAll(async () => {
  hub = await startHub({});
  const reply = await fetch(`${hub.entryUrl}/v1/devices`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ hardware_key: DEMO_HARDWARE_KEY, sn: 'SN-MQTT-PROPERTY-1', cloud_id: 'XKSKPROPERTY00000001', firmware_version: '1.0.0' }),
  });
  device = (await reply.json()) as typeof device;
  // Every reply the broker hears is acknowledged: only the kiosk's own choice decides the way.
  broker = await startMqttBroker({ authenticate: (id, _user, password) => id === device.id && password === device.access_key, onPublish: () => 0 });
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });
  push = startPushClient({
    url: broker.url,
    deviceId: device.id,
    accessKey: device.access_key,
    clock: systemClock,
    random: seededRandom(11),
    logger,
    onPush: () => undefined,
    onConnection: () => undefined,
  });
  reports = withMqttReplies(createHubClient({ hubUrl: hub.hubUrl, deviceId: device.id, accessKey: device.access_key }), push, logger);
  await waitFor(() => push.connection() === 'connected', 'push connected');
});

afterAll(async () => {
  await push?.stop();
  await broker?.close();
  await hub?.close();
});

const routeLines = () => lines.filter((line) => line.includes('push: reply route')).length;

describe('hostile reply routes', () => {
  it('any topic, any correlation bytes: one valid MQTT reply or one HTTPS report, never both', async () => {
    const own = `v1/device/${device.id}/`;
    const topic = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ maxLength: 300 }).map((tail) => own + tail),
      fc.constantFrom(`${own}commands/update`, `${own}x/y`, `${own}#`, 'v1/device/other/commands/update', ''),
    );
    const correlation = fc.oneof(fc.constant(null), fc.uint8Array({ maxLength: 200 }));
    let run = 0;
    const ways = { mqtt: 0, https: 0 };
    await fc.assert(
      fc.asyncProperty(topic, correlation, async (responseTopic, bytes) => {
        run += 1;
        const id = `cmd-${run}`;
        // null = the item's own id, as the protocol says; other bytes name some other item or none.
        const correlationData = Buffer.from(bytes ?? Buffer.from(id, 'latin1'));
        const seen = routeLines();
        expect(broker.publish(device.id, 'command', { id }, { responseTopic, correlationData })).toBe(1);
        await waitFor(() => routeLines() > seen, 'the push was read');

        await reports.updateCommand({ id, status: 'done' }).catch(() => undefined); // HTTPS: unknown id, 404
        const viaMqtt = broker.received().filter((p) => p.correlationData === id);
        const viaHttps = hub.control.requestLog(device.id).filter((q) => q.route === 'updateCommand' && (q.body as { id?: string }).id === id);
        expect(viaMqtt.length + viaHttps.length).toBe(1);
        ways[viaMqtt.length === 1 ? 'mqtt' : 'https'] += 1;
        for (const reply of viaMqtt) {
          expect(reply.topic).toBe(responseTopic);
          expect(reply.topic.startsWith(own) && reply.topic.length <= REPLY_TOPIC_MAX).toBe(true);
          expect(reply.topic).not.toMatch(/[#+]/);
          expect(reply.reasonCode).toBe(0);
          expect(reply.payload).not.toContain(device.access_key);
        }
        expect(push.connection()).toBe('connected');
      }),
      { numRuns: 150 },
    );
    expect(broker.connectionCount(device.id)).toBe(1);
    // Both ways were taken (the valid routes are common enough in the generators above).
    expect(ways.mqtt).toBeGreaterThan(0);
    expect(ways.https).toBeGreaterThan(0);
  });
});
