// Mixed mode as the rest of the core sees it (docs/PROTOCOL.md "Push (MQTT mixed mode)"): runs a
// push client while the identity has an MQTT URL and the config allows it, reports
// `connected | disconnected | off`, and says how long the telemetry wait may be. A push, a
// (re)connect and a drop all call `wake()`: the agent's next tick sends telemetry at once and its
// reply drives the same sync steps as any other tick (the catch-up after a reconnect, the return
// to the normal period after a drop).
import type { Clock, Random } from '../deps';
import type { Logger } from '../log/logger';
import type { Identity } from '../state/schema';
import { startPushClient, type PushClient, type PushClientOptions, type ReplyOutcome } from './push-client';
import type { ReplyKind } from './reply-route';
import { isTopicSafeId, type PushKind } from './topics';

export type PushState = 'connected' | 'disconnected' | 'off';

export interface PushControllerDeps {
  clock: Clock;
  random: Random;
  logger: Logger;
  /** Config: push allowed (`push.enabled`). */
  enabled(): boolean;
  /** Config: the telemetry period while connected (`push.telemetry_interval_sec`, ms). */
  slowIntervalMs(): number;
  /** Run a tick now (a push, a (re)connect, a drop). */
  wake(reason: PushKind | 'connected' | 'disconnected'): void;
  /** The push state changed (status screen). */
  onChange(): void;
  tls?: PushClientOptions['tls'];
  replyTimeoutMs?: number | undefined;
}

export interface PushController {
  setIdentity(identity: Identity | null): void;
  /** Re-checks the config (after a config was applied). */
  reconcile(): void;
  state(): PushState;
  /** The telemetry period to use: slower while connected, `baseMs` otherwise. */
  intervalMs(baseMs: number): number;
  /** A report offered to MQTT (docs/PROTOCOL.md#mqtt-replies); anything but `acked` goes over HTTPS. */
  reply(kind: ReplyKind, id: string, body: object, final: boolean): Promise<ReplyOutcome>;
  stop(): Promise<void>;
}

export function createPushController(deps: PushControllerDeps): PushController {
  let identity: Identity | null = null;
  let client: PushClient | null = null;
  let key = '';
  let wasConnected = false;
  const stopping = new Set<Promise<void>>();

  const stopClient = () => {
    if (!client) return;
    const done = client.stop();
    stopping.add(done);
    void done.finally(() => stopping.delete(done));
    client = null;
    key = '';
    wasConnected = false;
    deps.onChange();
  };
  const wanted = (): Identity | null => {
    if (!identity?.mqttHubUrl || !deps.enabled()) return null;
    if (!isTopicSafeId(identity.deviceId) || !/^mqtts?:\/\//i.test(identity.mqttHubUrl)) return null;
    return identity;
  };
  const reconcile = () => {
    const target = wanted();
    const nextKey = target ? `${target.deviceId}\n${target.mqttHubUrl}\n${target.accessKey}` : '';
    if (nextKey === key) return;
    stopClient();
    if (!target?.mqttHubUrl) return;
    key = nextKey;
    client = startPushClient({
      url: target.mqttHubUrl,
      deviceId: target.deviceId,
      accessKey: target.accessKey,
      clock: deps.clock,
      random: deps.random,
      logger: deps.logger,
      ...(deps.tls ? { tls: deps.tls } : {}),
      replyTimeoutMs: deps.replyTimeoutMs,
      onPush: (kind) => {
        deps.logger.debug('push received', { kind });
        deps.wake(kind);
      },
      onConnection: (connection) => {
        const was = wasConnected;
        wasConnected = connection === 'connected';
        deps.onChange();
        if (connection === 'connected') deps.wake('connected');
        // Only a drop from a live connection changes the telemetry period; failed attempts do not.
        else if (was) deps.wake('disconnected');
      },
    });
    deps.onChange();
  };
  const state = (): PushState => (!client ? 'off' : client.connection() === 'connected' ? 'connected' : 'disconnected');

  return {
    setIdentity(next) {
      identity = next;
      reconcile();
    },
    reconcile,
    state,
    // Push off: no route can exist, so the report goes over HTTPS without a word in the log.
    reply: (kind, id, body, final) => (client ? client.reply(kind, id, body, final) : Promise.resolve('no-route')),
    intervalMs: (baseMs) => (state() === 'connected' ? Math.max(baseMs, deps.slowIntervalMs()) : baseMs),
    async stop() {
      identity = null;
      stopClient();
      await Promise.all([...stopping]);
    },
  };
}
