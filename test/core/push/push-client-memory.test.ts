// The push client writes its packets without mqtt-packet's number cache (65,536 Buffers, ~10 MB of
// heap built at the first write): a subscription, a PUBACK and a reply publish all go out, and
// the cache stays empty. Its own file: the cache is process-wide, and this worker loads it fresh.
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../app/core/deps';
import { createLogger } from '../../../app/core/log/logger';
import { startPushClient, type PushClient } from '../../../app/core/push/push-client';
import { startMqttBroker, type MqttBroker } from '../../hub/mqtt-broker';
import { waitFor } from '../agent/fake-clock';

const DEVICE = 'd8f1c2a0-1111-4222-8333-944455556666';
const KEY = '0123456789abcdef0123456789abcdef';
// the copy mqtt.js itself requires (resolved from mqtt's own directory)
const requireFromMqtt = createRequire(createRequire(import.meta.url).resolve('mqtt'));
const numbers = requireFromMqtt('mqtt-packet/numbers.js') as { cache: Record<number, Buffer> };

let broker: MqttBroker | null = null;
let client: PushClient | null = null;
afterEach(async () => {
  await client?.stop();
  await broker?.close();
  client = broker = null;
});

describe('push client memory', () => {
  it('talks to the broker without building mqtt-packet\'s number cache', async () => {
    expect(Object.keys(numbers.cache)).toHaveLength(0);
    broker = await startMqttBroker({ host: '127.0.0.1', authenticate: (id, user, password) => id === DEVICE && user === DEVICE && password === KEY });
    const lines: string[] = [];
    client = startPushClient({
      url: broker.url, deviceId: DEVICE, accessKey: KEY, clock: systemClock, random: () => 0.5,
      logger: createLogger({ level: 'debug', write: (line) => lines.push(line) }),
      onPush: () => {}, onConnection: () => {},
    });
    await waitFor(() => client!.connection() === 'connected', 'connected');
    broker.publish(DEVICE, 'command', { id: 'cmd-1' }, { responseSuffix: 'commands/update', correlationId: 'cmd-1' });
    await waitFor(() => lines.some((line) => line.includes('reply route noted')), 'route noted');
    expect(await client.reply('command', 'cmd-1', { id: 'cmd-1', status: 'done' }, true)).toBe('acked');
    expect(broker.received().map((r) => r.topic)).toContain(`v1/device/${DEVICE}/commands/update`);
    expect(Object.keys(numbers.cache)).toHaveLength(0);
  });
});
