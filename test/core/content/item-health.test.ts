import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createItemHealth, retryDelayMs } from '../../../app/core/content/item-health';

describe('item health', () => {
  it('benches a failed item with a growing backoff and forgets it on success', () => {
    const health = createItemHealth();
    health.fail('a', 'crash', 0);
    expect(health.isBenched('a', 29_999)).toBe(true);
    expect(health.isBenched('a', 30_000)).toBe(false);
    health.fail('a', 'crash', 30_000);
    expect(health.nextRetryAt(30_000)).toBe(90_000);
    expect(health.reasonOf('a')).toBe('crash');
    health.succeed('a');
    expect(health.isBenched('a', 30_001)).toBe(false);
    expect(health.nextRetryAt(0)).toBeNull();
  });

  it('stays bounded in entries', () => {
    const health = createItemHealth(3);
    for (let i = 0; i < 10; i += 1) health.fail(`k${i}`, 'x', 0);
    expect(['k0', 'k6', 'k7', 'k8', 'k9'].map((k) => health.isBenched(k, 1))).toEqual([false, false, true, true, true]);
  });

  it('never returns a delay outside 30 s … 30 min (property)', () => {
    fc.assert(fc.property(fc.integer({ min: -5, max: 1_000_000 }), (n) => retryDelayMs(n) >= 30_000 && retryDelayMs(n) <= 1_800_000));
  });
});
