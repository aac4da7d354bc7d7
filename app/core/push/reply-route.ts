// Where the hub asked for a reply (docs/PROTOCOL.md#mqtt-replies): a pushed command or license
// message may carry an MQTT v5 `responseTopic` and `correlationData` (= the command/license id).
// Both come from the network, so they are bounded here, where they enter: the topic must lie under
// the device's own tree `v1/device/{id}/…` in plain topic characters, the correlation data must be a
// short printable id. Anything else is ignored — that item's reports simply go over HTTPS.

export type ReplyKind = 'command' | 'license';

export const REPLY_TOPIC_MAX = 200;
export const CORRELATION_MAX_BYTES = 100;
/** Routes kept at most; the oldest is forgotten first (its item then reports over HTTPS). */
export const MAX_REPLY_ROUTES = 64;

const TOPIC_TAIL = /^[A-Za-z0-9_-]{1,64}(?:\/[A-Za-z0-9_-]{1,64}){0,3}$/;
const PRINTABLE_ID = /^[\x21-\x7e]+$/;

export interface ReplyRoute {
  topic: string;
  id: string;
}

/** The reply route a received message names, or null when it names none or an unsafe one. */
export function parseReplyRoute(deviceId: string, responseTopic: unknown, correlationData: unknown): ReplyRoute | null {
  if (typeof responseTopic !== 'string' || responseTopic.length > REPLY_TOPIC_MAX) return null;
  const prefix = `v1/device/${deviceId}/`;
  if (!responseTopic.startsWith(prefix) || !TOPIC_TAIL.test(responseTopic.slice(prefix.length))) return null;
  const id = correlationId(correlationData);
  return id === null ? null : { topic: responseTopic, id };
}

function correlationId(data: unknown): string | null {
  if (!(data instanceof Uint8Array) || data.length === 0 || data.length > CORRELATION_MAX_BYTES) return null;
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
  // Printable ASCII only, so the bytes and the id the hub's HTTPS replies carry compare 1:1.
  return PRINTABLE_ID.test(text) ? text : null;
}

export interface ReplyRoutes {
  remember(kind: ReplyKind, route: ReplyRoute): void;
  topicFor(kind: ReplyKind, id: string): string | undefined;
  forget(kind: ReplyKind, id: string): void;
  size(): number;
}

export function createReplyRoutes(max = MAX_REPLY_ROUTES): ReplyRoutes {
  const routes = new Map<string, string>();
  const keyOf = (kind: ReplyKind, id: string) => `${kind}\n${id}`;
  return {
    remember(kind, route) {
      const key = keyOf(kind, route.id);
      routes.delete(key); // re-inserted as the newest
      routes.set(key, route.topic);
      while (routes.size > max) routes.delete(routes.keys().next().value as string);
    },
    topicFor: (kind, id) => routes.get(keyOf(kind, id)),
    forget: (kind, id) => void routes.delete(keyOf(kind, id)),
    size: () => routes.size,
  };
}
