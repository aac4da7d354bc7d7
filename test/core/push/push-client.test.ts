// The push client against Debian's mosquitto (a broker nobody here wrote) and against the
// simulator's broker: v5 login as device id + access key, both command spellings, TLS with normal
// certificate checks, refusals end in "disconnected" (polling carries on), and the access key
// never reaches a log line.
import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../app/core/deps';
import { createLogger } from '../../../app/core/log/logger';
import { startPushClient, type PushClient, type PushClientOptions, type PushConnection } from '../../../app/core/push/push-client';
import type { PushKind } from '../../../app/core/push/topics';
import { startMqttBroker, type MqttBroker } from '../../hub/mqtt-broker';
import { waitFor } from '../agent/fake-clock';
import { HAS_MOSQUITTO, startMosquitto, type Mosquitto } from './mosquitto';

const DEVICE = 'd8f1c2a0-1111-4222-8333-944455556666';
const KEY = '0123456789abcdef0123456789abcdef';

interface Probe {
  client: PushClient;
  pushes: PushKind[];
  states: PushConnection[];
  lines: string[];
}

function startProbe(url: string, extra: Partial<PushClientOptions> = {}): Probe {
  const probe: Omit<Probe, 'client'> = { pushes: [], states: [], lines: [] };
  const client = startPushClient({
    url,
    deviceId: DEVICE,
    accessKey: KEY,
    clock: systemClock,
    random: () => 0.5,
    logger: createLogger({ level: 'debug', write: (line) => probe.lines.push(line) }),
    onPush: (kind) => probe.pushes.push(kind),
    onConnection: (state) => probe.states.push(state),
    ...extra,
  });
  return { ...probe, client };
}

/** The broker pushes a command naming its reply route; resolves once the probe noted the route. */
async function pushWithRoute(broker: MqttBroker, probe: Probe, id: string): Promise<void> {
  const noted = () => probe.lines.filter((line) => line.includes('reply route noted')).length;
  const seen = noted();
  broker.publish(DEVICE, 'command', { id }, { responseSuffix: 'commands/update', correlationId: id });
  await waitFor(() => noted() > seen, `route for ${id}`);
}

async function publishAs(url: string, user: string, password: string, topics: string[]): Promise<void> {
  const publisher = await connectAsync(url, { protocolVersion: 5, username: user, password, clientId: `pub-${process.pid}`, reconnectPeriod: 0 });
  try {
    for (const topic of topics) await publisher.publishAsync(topic, JSON.stringify({ id: 'x' }), { qos: 1 });
  } finally {
    await publisher.endAsync(true);
  }
}

describe.skipIf(!HAS_MOSQUITTO)('push client against mosquitto (skipped: mosquitto or openssl not installed)', () => {
  let broker: Mosquitto;
  const probes: PushClient[] = [];
  beforeAll(async () => {
    broker = await startMosquitto({ [DEVICE]: KEY, hub: 'hub-password' });
  }, 30_000);
  afterAll(async () => {
    for (const probe of probes.splice(0)) await probe.stop();
    await broker?.stop();
  });

  it('logs in as the device, hears both command spellings and its other topics, not others', async () => {
    const probe = startProbe(broker.plainUrl);
    probes.push(probe.client);
    await waitFor(() => probe.client.connection() === 'connected', 'connected');
    await publishAs(broker.plainUrl, 'hub', 'hub-password', [
      `v1/device/${DEVICE}/command`,
      `v1/device/${DEVICE}/commands`,
      `v1/device/${DEVICE}/space_info`,
      `v1/device/some-other-device/command`,
    ]);
    await waitFor(() => probe.pushes.includes('space') || probe.pushes.length >= 2, 'pushes');
    expect(probe.pushes[0]).toBe('command');
    expect(probe.pushes.every((kind) => kind === 'command' || kind === 'space')).toBe(true);
    expect(probe.lines.join('\n')).not.toContain(KEY);
  });

  it('a command reply goes to the topic the hub named, with the correlation data, acknowledged', async () => {
    const probe = startProbe(broker.plainUrl);
    probes.push(probe.client);
    await waitFor(() => probe.client.connection() === 'connected', 'connected');
    const hub = await connectAsync(broker.plainUrl, { protocolVersion: 5, username: 'hub', password: 'hub-password', clientId: `hub-${process.pid}`, reconnectPeriod: 0 });
    try {
      const replyTopic = `v1/device/${DEVICE}/commands/update`;
      await hub.subscribeAsync(replyTopic, { qos: 1 });
      const heard: Array<{ topic: string; payload: string; correlation?: string | undefined; user?: unknown }> = [];
      hub.on('message', (topic, payload, packet) =>
        heard.push({ topic, payload: payload.toString('utf8'), correlation: packet.properties?.correlationData?.toString('latin1'), user: packet.properties?.userProperties }),
      );
      await hub.publishAsync(`v1/device/${DEVICE}/command`, JSON.stringify({ id: 'cmd-7' }), {
        qos: 1,
        properties: { responseTopic: replyTopic, correlationData: Buffer.from('cmd-7') },
      });
      await waitFor(() => probe.lines.some((line) => line.includes('reply route noted')), 'route noted');
      expect(await probe.client.reply('command', 'cmd-7', { id: 'cmd-7', status: 'done' }, true)).toBe('acked');
      const [reply] = await waitFor(() => (heard.length > 0 ? heard : undefined), 'reply heard');
      expect(reply).toEqual({ topic: replyTopic, payload: JSON.stringify({ id: 'cmd-7', status: 'done' }), correlation: 'cmd-7', user: { device_id: DEVICE } });
      // A final report forgets the route: a repeat would go over HTTPS.
      expect(await probe.client.reply('command', 'cmd-7', { id: 'cmd-7', status: 'done' }, true)).toBe('no-route');
      expect(JSON.stringify(heard)).not.toContain(KEY);
    } finally {
      await hub.endAsync(true);
    }
  });

  it('connects over TLS when the CA is trusted', async () => {
    const probe = startProbe(broker.tlsUrl, { tls: { ca: broker.ca } });
    probes.push(probe.client);
    await waitFor(() => probe.client.connection() === 'connected', 'TLS connected');
  });

  it('refuses a broker whose certificate it cannot verify (normal checks stay on)', async () => {
    const probe = startProbe(broker.tlsUrl);
    probes.push(probe.client);
    await waitFor(() => probe.states.includes('disconnected'), 'refused');
    expect(probe.states).not.toContain('connected');
  });

  it('a wrong access key ends in "disconnected", never connected', async () => {
    const probe = startProbe(broker.plainUrl, { accessKey: 'wrong-key' });
    probes.push(probe.client);
    await waitFor(() => probe.states.includes('disconnected'), 'refused');
    expect(probe.states).not.toContain('connected');
    expect(probe.lines.join('\n')).not.toContain('wrong-key');
  });
});

describe('push client against the simulator broker', () => {
  let broker: MqttBroker;
  beforeAll(async () => {
    broker = await startMqttBroker({
      authenticate: (id, _user, password) => id === DEVICE && password === KEY,
      // The hub refuses replies for one item: the PUBACK carries "unspecified error".
      onPublish: (_device, _topic, payload) => (payload.toString('utf8').includes('refused-item') ? 0x80 : 0),
    });
  });
  afterAll(async () => {
    await broker?.close();
  });

  it('reconnects after the broker drops it and after a refusal ends', async () => {
    const probe = startProbe(broker.url);
    try {
      await waitFor(() => probe.client.connection() === 'connected', 'connected');
      broker.refuseAuth(true);
      expect(broker.dropConnections(DEVICE)).toBe(1);
      await waitFor(() => probe.states.includes('disconnected'), 'dropped');
      broker.refuseAuth(false);
      await waitFor(() => probe.client.connection() === 'connected', 'connected again', 15_000);
      expect(broker.publish(DEVICE, 'config', { version: 2 })).toBe(1);
      await waitFor(() => probe.pushes.includes('config'), 'config push');
    } finally {
      await probe.client.stop();
    }
    await waitFor(() => broker.connectionCount(DEVICE) === 0, 'connection closed at stop');
  });

  it('a reply is acked, refused, timed out or cut by the end of the connection, and each failure forgets the route', async () => {
    const probe = startProbe(broker.url, { replyTimeoutMs: 300 });
    const routed = (id: string, to: Probe = probe) => pushWithRoute(broker, to, id);
    try {
      await waitFor(() => probe.client.connection() === 'connected', 'connected');
      expect(await probe.client.reply('command', 'unknown', { id: 'unknown', status: 'done' }, true)).toBe('no-route');
      await routed('ok-item');
      expect(await probe.client.reply('command', 'ok-item', { id: 'ok-item', status: 'in_progress' }, false)).toBe('acked');
      expect(await probe.client.reply('command', 'ok-item', { id: 'ok-item', status: 'done' }, true)).toBe('acked');
      await routed('refused-item');
      expect(await probe.client.reply('command', 'refused-item', { id: 'refused-item', status: 'done' }, true)).toBe('refused');
      await routed('lost-item');
      broker.withholdPubacks('discard');
      expect(await probe.client.reply('command', 'lost-item', { id: 'lost-item', status: 'in_progress' }, false)).toBe('timeout');
      expect(await probe.client.reply('command', 'lost-item', { id: 'lost-item', status: 'done' }, true)).toBe('no-route');
      await probe.client.stop();
      // The connection ends while a reply waits, its timeout far away: the wait ends with it.
      const slow = startProbe(broker.url, { replyTimeoutMs: 600_000 });
      try {
        await waitFor(() => slow.client.connection() === 'connected', 'slow probe connected');
        await routed('cut-item', slow);
        const waiting = slow.client.reply('command', 'cut-item', { id: 'cut-item', status: 'in_progress' }, false);
        await waitFor(() => broker.received().some((p) => p.correlationData === 'cut-item'), 'cut-item published');
        await slow.client.stop();
        expect(await waiting).toBe('closed');
      } finally {
        await slow.client.stop();
      }
    } finally {
      broker.withholdPubacks('normal');
      await probe.client.stop();
    }
  });
});
