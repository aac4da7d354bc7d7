// The device's MQTT topics in mixed mode (docs/PROTOCOL.md "Push (MQTT mixed mode)"). The hub
// pushes on `v1/device/{id}/<kind>`; the command topic is documented both singular and plural, so
// both are subscribed. A push only says "something changed": HTTPS stays the source of truth.

export type PushKind = 'command' | 'config' | 'license' | 'space' | 'firmware' | 'update';

const SUFFIXES: ReadonlyArray<readonly [string, PushKind]> = [
  ['command', 'command'],
  ['commands', 'command'],
  ['config', 'config'],
  ['license', 'license'],
  ['space_info', 'space'],
  ['firmware', 'firmware'],
  ['update', 'update'],
];

/** Device ids are opaque, but a topic level must not contain wildcards or separators. */
export function isTopicSafeId(deviceId: string): boolean {
  return deviceId.length > 0 && deviceId.length <= 100 && !/[#+/]/.test(deviceId) && !deviceId.includes(String.fromCharCode(0));
}

export function deviceTopics(deviceId: string): string[] {
  return SUFFIXES.map(([suffix]) => `v1/device/${deviceId}/${suffix}`);
}

/** What a received topic means for this device; null for anything else (ignored). */
export function pushKindOf(deviceId: string, topic: string): PushKind | null {
  const prefix = `v1/device/${deviceId}/`;
  if (!topic.startsWith(prefix)) return null;
  const suffix = topic.slice(prefix.length);
  return SUFFIXES.find(([name]) => name === suffix)?.[1] ?? null;
}
