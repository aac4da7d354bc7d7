import { describe, expect, it } from 'vitest';
import {
  alreadyRegisteredDelay,
  backoffCeiling,
  createBackoff,
  HUB_BACKOFF,
  rateLimitDelay,
  REGISTRATION_BACKOFF,
} from '../../../app/core/agent/backoff';

describe('backoff', () => {
  it('doubles the ceiling from 1 s and caps it at 5 min (hub) / 15 min (registration)', () => {
    expect([0, 1, 2, 3].map((n) => backoffCeiling(HUB_BACKOFF, n))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffCeiling(HUB_BACKOFF, 30)).toBe(300_000);
    expect(backoffCeiling(REGISTRATION_BACKOFF, 30)).toBe(900_000);
    expect(backoffCeiling(HUB_BACKOFF, 10_000)).toBe(300_000);
  });

  it('uses full jitter: the delay is random × ceiling', () => {
    const values = [0, 0.5, 0.999];
    const backoff = createBackoff(HUB_BACKOFF, () => values.shift() ?? 0.5);
    expect(backoff.next()).toBe(0);
    expect(backoff.next()).toBe(1000);
    expect(backoff.next()).toBe(3996);
    expect(backoff.failures).toBe(3);
  });

  it('starts again from 1 s after reset()', () => {
    const backoff = createBackoff(HUB_BACKOFF, () => 0.999);
    for (let i = 0; i < 20; i++) backoff.next();
    expect(backoff.next()).toBe(299_700);
    backoff.reset();
    expect(backoff.next()).toBe(999);
  });

  it('waits at least 30 s or Retry-After on 429, with up to 10 % jitter', () => {
    expect(rateLimitDelay(undefined, () => 0)).toBe(30_000);
    expect(rateLimitDelay(5_000, () => 0)).toBe(30_000);
    expect(rateLimitDelay(120_000, () => 0)).toBe(120_000);
    expect(rateLimitDelay(120_000, () => 0.999)).toBeLessThan(132_000);
  });

  it('retries "already registered" about hourly', () => {
    expect(alreadyRegisteredDelay(() => 0)).toBe(3_240_000);
    expect(alreadyRegisteredDelay(() => 0.999)).toBeLessThan(3_960_000);
  });
});
