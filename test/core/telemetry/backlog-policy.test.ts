import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { admitSample, DEFAULT_BACKLOG_LIMITS, pruneBacklog, type BacklogEntry, type BacklogLimits } from '../../../app/core/telemetry/backlog-policy';

const NOW = Date.parse('2025-06-02T12:00:00.000Z');
const MIN = 60_000;

function entry(seq: number, at: number, bytes = 100): BacklogEntry {
  return { seq, at, bytes, body: { status: 'online', timestamp: new Date(at).toISOString() } };
}

/** One sample every `stepMs`, ending at NOW, oldest first. */
function series(count: number, stepMs: number): BacklogEntry[] {
  return Array.from({ length: count }, (_, i) => entry(i + 1, NOW - (count - 1 - i) * stepMs));
}

describe('pruneBacklog', () => {
  it('keeps the first hour of an outage whole, then one sample a minute', () => {
    const kept: BacklogEntry[] = [];
    for (const e of series(2 * 24 * 60 - 2, 30_000)) if (admitSample(kept, e.at, DEFAULT_BACKLOG_LIMITS)) kept.push(e); // ~24 h at 30 s
    const anchor = kept[0]!.at;
    expect(kept.filter((e) => e.at - anchor <= DEFAULT_BACKLOG_LIMITS.fullResolutionMs)).toHaveLength(121); // 0…60 min, all
    const later = kept.filter((e) => e.at - anchor > DEFAULT_BACKLOG_LIMITS.fullResolutionMs);
    expect(new Set(later.map((e) => Math.floor(e.at / MIN))).size).toBe(later.length); // one a minute
    expect(later.length).toBeGreaterThan(22 * 60); // thinned, not dropped wholesale
    expect(pruneBacklog(kept, NOW, DEFAULT_BACKLOG_LIMITS).dropped).toBe(0); // within 24 h / 5 MB / 5 000
  });

  it('drops what is older than 24 h', () => {
    const result = pruneBacklog([entry(1, NOW - 25 * 60 * MIN), entry(2, NOW - 23 * 60 * MIN)], NOW, DEFAULT_BACKLOG_LIMITS);
    expect(result.kept.map((e) => e.seq)).toEqual([2]);
    expect(result.dropped).toBe(1);
  });

  it('drops the oldest first to hold the count and byte caps', () => {
    const limits: BacklogLimits = { ...DEFAULT_BACKLOG_LIMITS, maxCount: 10, maxBytes: 650 };
    const { kept, dropped } = pruneBacklog(series(20, 1_000), NOW, limits);
    expect(kept.map((e) => e.seq)).toEqual([15, 16, 17, 18, 19, 20]);
    expect(dropped).toBe(14);
  });

  it('property: the result is an in-order subset within every limit, newest kept when it fits', () => {
    const arbLimits = fc.record({
      maxCount: fc.integer({ min: 1, max: 50 }),
      maxBytes: fc.integer({ min: 100, max: 20_000 }),
      maxAgeMs: fc.integer({ min: MIN, max: 48 * 60 * MIN }),
      fullResolutionMs: fc.integer({ min: 0, max: 2 * 60 * MIN }),
      thinBucketMs: fc.integer({ min: 1_000, max: 10 * MIN }),
    });
    const arbEntries = fc.array(fc.tuple(fc.integer({ min: 0, max: 30 * 60 * MIN }), fc.integer({ min: 50, max: 500 })), { maxLength: 80 });
    fc.assert(
      fc.property(arbLimits, arbEntries, (limits, raw) => {
        const ages = raw.map(([age]) => age).sort((a, b) => b - a);
        const entries = ages.map((age, i) => entry(i + 1, NOW - age, raw[i]![1]));
        const { kept, dropped } = pruneBacklog(entries, NOW, limits);
        expect(kept.length + dropped).toBe(entries.length);
        expect(kept.length).toBeLessThanOrEqual(limits.maxCount);
        expect(kept.reduce((sum, e) => sum + e.bytes, 0)).toBeLessThanOrEqual(limits.maxBytes);
        for (let i = 1; i < kept.length; i += 1) expect(kept[i]!.seq).toBeGreaterThan(kept[i - 1]!.seq);
        expect(kept.every((e) => NOW - e.at <= limits.maxAgeMs)).toBe(true);
        // Pruning what was kept again drops nothing more (a restart or a replay never thins further).
        expect(pruneBacklog(kept, NOW, limits).dropped).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
