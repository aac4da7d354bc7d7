// Reply routes from pushed messages: only a topic under the device's own tree in plain topic
// characters, and a short printable correlation id, are ever used; the book of routes is bounded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CORRELATION_MAX_BYTES, createReplyRoutes, MAX_REPLY_ROUTES, parseReplyRoute, REPLY_TOPIC_MAX,
} from '../../../app/core/push/reply-route';

const DEVICE = 'd8f1c2a0-1111-4222-8333-944455556666';
const OWN = `v1/device/${DEVICE}/`;
const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('parseReplyRoute', () => {
  it('takes the documented reply topics with the item id as correlation data', () => {
    expect(parseReplyRoute(DEVICE, `${OWN}commands/update`, bytes('5b1f-42'))).toEqual({ topic: `${OWN}commands/update`, id: '5b1f-42' });
    expect(parseReplyRoute(DEVICE, `${OWN}license/update`, new Uint8Array(bytes('7c2e')))).toEqual({ topic: `${OWN}license/update`, id: '7c2e' });
  });

  it.each([
    ['another device', 'v1/device/other/commands/update'],
    ['outside the tree', 'v1/devices/x/commands/update'],
    ['the bare prefix', OWN],
    ['a wildcard', `${OWN}#`],
    ['a single-level wildcard', `${OWN}+/update`],
    ['an empty level', `${OWN}commands//update`],
    ['a trailing slash', `${OWN}commands/update/`],
    ['a climb', `${OWN}../x`],
    ['a NUL', `${OWN}commands\u0000`],
    ['too deep', `${OWN}a/b/c/d/e`],
    ['too long', `${OWN}${'a'.repeat(REPLY_TOPIC_MAX)}`],
    ['not a string', 42],
  ])('refuses a reply topic that is %s', (_what, topic) => {
    expect(parseReplyRoute(DEVICE, topic, bytes('id-1'))).toBeNull();
  });

  it.each([
    ['missing', undefined],
    ['empty', bytes('')],
    ['too long', bytes('x'.repeat(CORRELATION_MAX_BYTES + 1))],
    ['with a space', bytes('a b')],
    ['with a control byte', bytes('a\nb')],
    ['not ASCII', Buffer.from('idé', 'utf8')],
    ['a string, not bytes', 'id-1'],
  ])('refuses correlation data that is %s', (_what, data) => {
    expect(parseReplyRoute(DEVICE, `${OWN}commands/update`, data)).toBeNull();
  });

  it('any topic and any bytes: null, or a bounded route under the own tree whose id is those bytes', () => {
    const topic = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ maxLength: 300 }).map((tail) => OWN + tail),
      fc.constantFrom(`${OWN}commands/update`, `${OWN}license/update`, 'v1/device/other/commands/update'),
    );
    const data = fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.string({ maxLength: 120 }).map(bytes), fc.anything());
    fc.assert(
      fc.property(topic, data, (t, d) => {
        const route = parseReplyRoute(DEVICE, t, d);
        if (route === null) return;
        expect(route.topic).toBe(t);
        expect(route.topic.length).toBeLessThanOrEqual(REPLY_TOPIC_MAX);
        expect(route.topic.startsWith(OWN)).toBe(true);
        expect(route.topic).not.toMatch(/[#+\s]|\/\/|\/$/);
        expect(route.topic).not.toContain(String.fromCharCode(0));
        expect(d).toBeInstanceOf(Uint8Array);
        expect(Buffer.from(route.id, 'latin1').equals(Buffer.from(d as Uint8Array))).toBe(true);
        expect(route.id.length).toBeLessThanOrEqual(CORRELATION_MAX_BYTES);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('createReplyRoutes', () => {
  it('keeps routes per kind and id, forgets on request', () => {
    const routes = createReplyRoutes();
    routes.remember('command', { topic: `${OWN}commands/update`, id: 'a' });
    routes.remember('license', { topic: `${OWN}license/update`, id: 'a' });
    expect(routes.topicFor('command', 'a')).toBe(`${OWN}commands/update`);
    expect(routes.topicFor('license', 'a')).toBe(`${OWN}license/update`);
    routes.forget('command', 'a');
    expect(routes.topicFor('command', 'a')).toBeUndefined();
    expect(routes.topicFor('license', 'a')).toBe(`${OWN}license/update`);
  });

  it('never holds more than its cap; the oldest go first, a refreshed one counts as new', () => {
    const routes = createReplyRoutes();
    for (let i = 0; i < MAX_REPLY_ROUTES * 3; i += 1) {
      routes.remember('command', { topic: `${OWN}commands/update`, id: `c${i}` });
      if (i === MAX_REPLY_ROUTES) routes.remember('command', { topic: `${OWN}commands/update`, id: 'c0' });
      expect(routes.size()).toBeLessThanOrEqual(MAX_REPLY_ROUTES);
    }
    expect(routes.topicFor('command', `c${MAX_REPLY_ROUTES * 3 - 1}`)).toBeDefined();
    expect(routes.topicFor('command', 'c1')).toBeUndefined();
  });
});
