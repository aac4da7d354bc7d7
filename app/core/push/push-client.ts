// One MQTT v5 connection to the hub's broker (docs/PROTOCOL.md "Push (MQTT mixed mode)"): client
// id and username = device id, password = access key, TLS with normal certificate checks for
// mqtts://. Reconnects are ours, not mqtt.js's, so they back off with full jitter like every
// other retry. A push is handed on as a trigger only; its payload is never trusted or applied.
// A command/license push may name a reply route (docs/PROTOCOL.md#mqtt-replies): kept, bounded,
// for that item's reports, which `reply()` publishes and confirms by PUBACK.
import type { IClientOptions, IPublishPacket, MqttClient } from 'mqtt';
import { createBackoff, type BackoffPolicy } from '../agent/backoff';
import { isAbortError, type Clock, type Random } from '../deps';
import type { Logger } from '../log/logger';
import { maskSecrets } from '../redact';
import { clampTimerDelay } from '../util/timer-delay';
import { publishAcked, REPLY_ACK_TIMEOUT_MS, type PublishVerdict } from './reply-publish';
import { createReplyRoutes, parseReplyRoute, type ReplyKind } from './reply-route';
import { deviceTopics, pushKindOf, type PushKind } from './topics';

export type PushConnection = 'connecting' | 'connected' | 'disconnected';

export const PUSH_BACKOFF: BackoffPolicy = { startMs: 1_000, factor: 2, capMs: 5 * 60_000 };
/** Pushes closer together than this become one trigger (a burst of queue changes = one sync). */
export const PUSH_MIN_GAP_MS = 250;
const CONNECT_TIMEOUT_MS = 15_000;
const KEEPALIVE_SEC = 60;

// mqtt.js and what it pulls in (ws, bl, socks, ip-address…: about a third of the headless bundle)
// is loaded at the first connection, so a device without an mqtt_hub_url never pays for it.
const importMqtt = () => import('mqtt');
let mqttLoading: ReturnType<typeof importMqtt> | undefined;

export interface PushClientOptions {
  url: string;
  deviceId: string;
  accessKey: string;
  clock: Clock;
  random: Random;
  logger: Logger;
  onPush(kind: PushKind): void;
  onConnection(state: PushConnection): void;
  /** Extra TLS options (a test CA); certificate checks stay on. */
  tls?: Pick<IClientOptions, 'ca'>;
  /** How long a reply waits for its PUBACK before HTTPS takes over (default 5 s). */
  replyTimeoutMs?: number | undefined;
}

/** What became of a report offered to MQTT: only `acked` means the hub has it. */
export type ReplyOutcome = PublishVerdict | 'no-route' | 'not-connected';

export interface PushClient {
  connection(): PushConnection;
  /**
   * Publishes a report to the reply topic the hub named for this item, if it named one and the
   * connection is up. The route is forgotten after a final report and after any failure, so an
   * item that fell back to HTTPS stays there.
   */
  reply(kind: ReplyKind, id: string, body: object, final: boolean): Promise<ReplyOutcome>;
  /** Ends the connection and every wait; resolves when the loop has ended. */
  stop(): Promise<void>;
}

export function startPushClient(o: PushClientOptions): PushClient {
  const controller = new AbortController();
  const signal = controller.signal;
  let state: PushConnection = 'connecting';
  // The live connection, and a signal that ends with it (a reply waiting for its PUBACK stops waiting).
  let current: { client: MqttClient; ended: AbortController } | null = null;
  const setState = (next: PushConnection) => {
    if (next === state) return;
    state = next;
    o.onConnection(next);
  };
  const trigger = createThrottle(o.clock, signal, PUSH_MIN_GAP_MS, o.onPush);
  const routes = createReplyRoutes();
  const noteRoute = (kind: PushKind, packet: IPublishPacket) => {
    if (kind !== 'command' && kind !== 'license') return;
    const props = packet.properties;
    if (props?.responseTopic === undefined && props?.correlationData === undefined) return;
    const route = parseReplyRoute(o.deviceId, props.responseTopic, props.correlationData);
    if (route) {
      routes.remember(kind, route);
      o.logger.debug('push: reply route noted', { kind, id: route.id });
    } else o.logger.warn('push: reply route refused; that item reports over HTTPS', { kind });
  };

  const connectOnce = async (): Promise<boolean> => {
    const { connect } = await (mqttLoading ??= importMqtt());
    if (signal.aborted) return false;
    return new Promise<boolean>((resolve) => {
      let connected = false;
      const options: IClientOptions = {
        protocolVersion: 5,
        clientId: o.deviceId,
        username: o.deviceId,
        password: o.accessKey,
        clean: true,
        keepalive: KEEPALIVE_SEC,
        reconnectPeriod: 0,
        connectTimeout: CONNECT_TIMEOUT_MS,
        rejectUnauthorized: true,
        // mqtt-packet's default number cache is 65,536 two-byte Buffers built at the first write:
        // ~10 MB of heap, ~13 MB of RSS, for the few packets a device writes per minute.
        writeCache: false,
        ...(o.tls?.ca ? { ca: o.tls.ca } : {}),
      };
      const client = connect(o.url, options);
      const ended = new AbortController();
      current = { client, ended };
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        signal.removeEventListener('abort', finish);
        client.removeAllListeners();
        client.on('error', () => undefined);
        ended.abort(); // before end(): mqtt.js fails the in-flight publishes as it ends
        client.end(true);
        if (current?.client === client) current = null;
        resolve(connected);
      };
      client.on('connect', () => {
        client.subscribe(deviceTopics(o.deviceId), { qos: 1 }, (error, granted) => {
          if (error || !granted?.length || granted.every((g) => g.qos >= 128)) {
            o.logger.warn('push: subscription refused; staying on polling', { error: error?.message });
            return finish();
          }
          connected = true;
          o.logger.info('push: connected', { url: o.url });
          setState('connected');
        });
      });
      client.on('message', (topic, _payload, packet) => {
        const kind = pushKindOf(o.deviceId, topic);
        if (!kind) return;
        noteRoute(kind, packet);
        trigger(kind);
      });
      client.on('error', (error) => o.logger.warn('push: connection error', { error: error.message }));
      client.on('close', finish);
      signal.addEventListener('abort', finish, { once: true });
    });
  };

  const run = async () => {
    const backoff = createBackoff(PUSH_BACKOFF, o.random);
    while (!signal.aborted) {
      setState('connecting');
      if (await connectOnce()) backoff.reset();
      if (signal.aborted) return;
      setState('disconnected');
      await o.clock.sleep(clampTimerDelay(backoff.next()), signal).catch((error: unknown) => {
        if (!isAbortError(error)) throw error;
      });
    }
  };
  const running = run().catch((error: unknown) => o.logger.error('push: loop ended', { error }));

  const reply = async (kind: ReplyKind, id: string, body: object, final: boolean): Promise<ReplyOutcome> => {
    const topic = routes.topicFor(kind, id);
    if (topic === undefined) return 'no-route';
    const live = current;
    if (state !== 'connected' || !live?.client.connected || live.ended.signal.aborted) {
      routes.forget(kind, id);
      return 'not-connected';
    }
    const payload = maskSecrets(JSON.stringify(body), [o.accessKey]);
    const message = { topic, payload, correlationId: id, deviceId: o.deviceId };
    const verdict = await publishAcked(live.client, message, { clock: o.clock, timeoutMs: o.replyTimeoutMs ?? REPLY_ACK_TIMEOUT_MS, ended: live.ended.signal });
    if (verdict !== 'acked' || final) routes.forget(kind, id);
    return verdict;
  };

  return {
    connection: () => state,
    reply,
    async stop() {
      controller.abort();
      current?.client.end(true);
      await running;
    },
  };
}

/** Calls `fire` at once, or once at the end of the gap when calls come closer than `gapMs`. */
function createThrottle(clock: Clock, signal: AbortSignal, gapMs: number, fire: (kind: PushKind) => void) {
  let last = Number.NEGATIVE_INFINITY;
  let scheduled = false;
  return (kind: PushKind) => {
    const wait = last + gapMs - clock.now();
    if (wait <= 0) {
      last = clock.now();
      fire(kind);
      return;
    }
    if (scheduled) return;
    scheduled = true;
    clock.sleep(clampTimerDelay(wait), signal).then(
      () => {
        scheduled = false;
        last = clock.now();
        fire(kind);
      },
      () => {
        scheduled = false;
      },
    );
  };
}
