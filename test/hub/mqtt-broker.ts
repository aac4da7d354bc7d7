// A small MQTT v5 broker for the simulator (plain TCP on loopback): authenticates client id =
// username = device id and password = access key, lets a device subscribe to its own
// `v1/device/{id}/…` topics only, and publishes on them when the simulated queues change. A
// command or license push names a reply topic + correlation data (the item's id); what a device
// publishes in its own tree goes to `onPublish`, whose reason code the PUBACK carries.
// Control: drop connections, refuse authentication, withhold PUBACKs. Packets are parsed and written by
// `mqtt-packet` (the codec MQTT.js itself uses), the rest is ours.
import net, { type AddressInfo, type Socket } from 'node:net';
import mqttPacket, { type IConnectPacket, type IPublishPacket, type ISubscribePacket, type Packet } from 'mqtt-packet';

export interface MqttBrokerOptions {
  host?: string;
  port?: number;
  /** true = the credentials belong to a live device. */
  authenticate(clientId: string, username: string | undefined, password: string | undefined): boolean;
  log?: (line: string) => void;
  /** A device published in its own tree; returns the PUBACK reason code (0 = success). */
  onPublish?(deviceId: string, topic: string, payload: Buffer): number;
}

export interface ReceivedPublish {
  deviceId: string;
  topic: string;
  payload: string;
  /** The correlation data as text, when the publish carried one. */
  correlationData?: string;
  userProperties?: Record<string, string | string[]>;
  /** The reason code the PUBACK carried, or null when it was withheld (QoS 0: undefined). */
  reasonCode?: number | null;
}

/** The reply a push asks for: a topic suffix under the device's tree and the correlation id, or (tests of hostile hubs) raw properties. */
export type PushReply = { responseSuffix: string; correlationId: string } | { responseTopic: string; correlationData: Buffer };

/** `discard`: a publish is lost on its way in (not applied, no PUBACK); `apply`: applied, but its PUBACK is lost. */
export type PubackMode = 'normal' | 'discard' | 'apply';

export interface MqttBroker {
  url: string;
  publish(deviceId: string, suffix: string, payload: unknown, reply?: PushReply): number;
  /** Closes every connection (of one device); returns how many were closed. */
  dropConnections(deviceId?: string): number;
  /** While on, every CONNECT is answered "bad user name or password". */
  refuseAuth(on: boolean): void;
  /** How the broker answers a device's QoS 1 publishes from now on. */
  withholdPubacks(mode: PubackMode): void;
  connectionCount(deviceId?: string): number;
  /** Every PUBLISH the clients sent (bounded). */
  received(): ReceivedPublish[];
  close(): Promise<void>;
}

interface Session {
  socket: Socket;
  deviceId: string | null;
  topics: Set<string>;
  nextId: number;
}

const V5 = { protocolVersion: 5 };
const MAX_RECEIVED = 10_000;
const BAD_CREDENTIALS = 0x86;
const NOT_AUTHORIZED = 0x87;

export async function startMqttBroker(opts: MqttBrokerOptions): Promise<MqttBroker> {
  const sessions = new Set<Session>();
  const received: ReceivedPublish[] = [];
  const log = opts.log ?? (() => undefined);
  let refusing = false;
  let pubackMode: PubackMode = 'normal';

  const send = (session: Session, packet: Packet) => {
    if (!session.socket.destroyed) session.socket.write(mqttPacket.generate(packet, V5));
  };
  const onConnect = (session: Session, packet: IConnectPacket) => {
    if (packet.protocolVersion !== 5) {
      // Answered in the client's own version so it can read the refusal.
      session.socket.end(mqttPacket.generate({ cmd: 'connack', returnCode: 1, sessionPresent: false }, { protocolVersion: 4 }));
      return;
    }
    const password = packet.password?.toString('utf8');
    const ok = !refusing && packet.clientId === packet.username && opts.authenticate(packet.clientId, packet.username, password);
    if (!ok) {
      log(`mqtt CONNECT ${packet.clientId} refused`);
      send(session, { cmd: 'connack', reasonCode: refusing ? BAD_CREDENTIALS : NOT_AUTHORIZED, sessionPresent: false });
      session.socket.end();
      return;
    }
    // One connection per client id, as brokers do: the newer one wins.
    for (const other of sessions) if (other !== session && other.deviceId === packet.clientId) other.socket.destroy();
    session.deviceId = packet.clientId;
    log(`mqtt CONNECT ${packet.clientId}`);
    send(session, { cmd: 'connack', reasonCode: 0, sessionPresent: false });
  };
  const onSubscribe = (session: Session, packet: ISubscribePacket) => {
    const prefix = `v1/device/${session.deviceId}/`;
    const granted = packet.subscriptions.map((s) => {
      if (!s.topic.startsWith(prefix) || /[#+]/.test(s.topic)) return NOT_AUTHORIZED;
      session.topics.add(s.topic);
      return Math.min(s.qos, 1);
    });
    send(session, { cmd: 'suback', messageId: packet.messageId ?? 0, granted });
  };
  const onPublish = (session: Session, packet: IPublishPacket) => {
    const deviceId = session.deviceId ?? '';
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    const record: ReceivedPublish = { deviceId, topic: packet.topic, payload: payload.toString('utf8') };
    const props = packet.properties;
    if (props?.correlationData) record.correlationData = props.correlationData.toString('latin1');
    if (props?.userProperties) record.userProperties = props.userProperties;
    received.push(record);
    if (received.length > MAX_RECEIVED) received.splice(0, received.length - MAX_RECEIVED);
    if (packet.qos === 1 && pubackMode === 'discard') {
      record.reasonCode = null;
      return log(`mqtt PUBLISH ${packet.topic} discarded (control)`);
    }
    const ownTree = packet.topic.startsWith(`v1/device/${deviceId}/`) && !/[#+]/.test(packet.topic);
    const reasonCode = !ownTree ? NOT_AUTHORIZED : (opts.onPublish?.(deviceId, packet.topic, payload) ?? 0);
    log(`mqtt PUBLISH ${packet.topic} -> ${reasonCode}`);
    if (packet.qos !== 1) return;
    if (pubackMode === 'apply') {
      record.reasonCode = null;
      return;
    }
    record.reasonCode = reasonCode;
    send(session, { cmd: 'puback', messageId: packet.messageId ?? 0, reasonCode });
  };
  const onPacket = (session: Session, packet: Packet) => {
    if (packet.cmd !== 'connect' && !session.deviceId) return session.socket.destroy();
    switch (packet.cmd) {
      case 'connect':
        return session.deviceId ? session.socket.destroy() : onConnect(session, packet);
      case 'subscribe':
        return onSubscribe(session, packet);
      case 'publish':
        return onPublish(session, packet);
      case 'pingreq':
        return send(session, { cmd: 'pingresp' });
      case 'unsubscribe':
        for (const topic of packet.unsubscriptions) session.topics.delete(topic);
        return send(session, { cmd: 'unsuback', messageId: packet.messageId ?? 0, granted: packet.unsubscriptions.map(() => 0) });
      case 'disconnect':
        return session.socket.end();
      default:
        return undefined; // puback etc.: nothing to do for QoS ≤ 1
    }
  };

  const server = net.createServer((socket) => {
    const session: Session = { socket, deviceId: null, topics: new Set(), nextId: 1 };
    sessions.add(session);
    const parser = mqttPacket.parser(V5);
    parser.on('packet', (packet: Packet) => onPacket(session, packet));
    parser.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => parser.parse(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sessions.delete(session));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const of = (deviceId?: string) => [...sessions].filter((s) => s.deviceId !== null && (deviceId === undefined || s.deviceId === deviceId));

  return {
    url: `mqtt://${address.address}:${address.port}`,
    publish(deviceId, suffix, payload, reply) {
      const topic = `v1/device/${deviceId}/${suffix}`;
      const body = Buffer.from(JSON.stringify(payload));
      const properties = !reply
        ? undefined
        : 'responseTopic' in reply
          ? reply
          : { responseTopic: `v1/device/${deviceId}/${reply.responseSuffix}`, correlationData: Buffer.from(reply.correlationId, 'latin1') };
      let sent = 0;
      for (const session of of(deviceId)) {
        if (!session.topics.has(topic)) continue;
        const messageId = session.nextId;
        session.nextId = (session.nextId % 65_535) + 1;
        send(session, { cmd: 'publish', topic, payload: body, qos: 1, messageId, retain: false, dup: false, ...(properties ? { properties } : {}) });
        sent += 1;
      }
      return sent;
    },
    dropConnections(deviceId) {
      const victims = of(deviceId);
      for (const session of victims) session.socket.destroy();
      return victims.length;
    },
    refuseAuth(on) {
      refusing = on;
    },
    withholdPubacks(mode) {
      pubackMode = mode;
    },
    connectionCount: (deviceId) => of(deviceId).length,
    received: () => received.slice(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.socket.destroy();
        server.close(() => resolve());
      }),
  };
}
