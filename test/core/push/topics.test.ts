import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deviceTopics, isTopicSafeId, pushKindOf } from '../../../app/core/push/topics';

describe('push topics', () => {
  it('subscribes to both command spellings and every pushed kind', () => {
    expect(deviceTopics('abc')).toEqual([
      'v1/device/abc/command',
      'v1/device/abc/commands',
      'v1/device/abc/config',
      'v1/device/abc/license',
      'v1/device/abc/space_info',
      'v1/device/abc/firmware',
      'v1/device/abc/update',
    ]);
    expect(deviceTopics('abc').map((t) => pushKindOf('abc', t))).toEqual(['command', 'command', 'config', 'license', 'space', 'firmware', 'update']);
  });

  it("ignores other devices' topics, unknown kinds and the device's own publish topics", () => {
    expect(pushKindOf('abc', 'v1/device/abd/command')).toBeNull();
    expect(pushKindOf('abc', 'v1/device/abc/commands/update')).toBeNull();
    expect(pushKindOf('abc', 'v1/device/abc/telemetry')).toBeNull();
    expect(pushKindOf('abc', 'v1/device/abc/')).toBeNull();
  });

  it('property: only ids without wildcards or separators are used in topics', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (id) => {
        const safe = isTopicSafeId(id);
        const wildOrSeparator = ['#', '+', '/', String.fromCharCode(0)].some((c) => id.includes(c));
        expect(safe).toBe(id.length > 0 && id.length <= 100 && !wildOrSeparator);
        if (safe) for (const topic of deviceTopics(id)) expect(pushKindOf(id, topic)).not.toBeNull();
      }),
    );
  });
});
