import { describe, expect, it } from 'vitest';
import { createProofOfPlay, EVENT_INTERVAL_MS } from '../../../app/core/content/proof-of-play';

describe('proof of play', () => {
  it('folds failures into at most one event per hour with a few distinct samples', () => {
    const proof = createProofOfPlay();
    for (let i = 0; i < 50; i += 1) proof.failed('main', `main/${(i % 5) + 1}`, 'timeout', i);
    expect(proof.takeFailureEvent(100)).toEqual({ count: 50, samples: ['main/1: timeout', 'main/2: timeout', 'main/3: timeout'] });
    proof.failed('main', 'main/1', 'crash', 200);
    expect(proof.takeFailureEvent(200 + EVENT_INTERVAL_MS - 101)).toBeNull();
    expect(proof.takeFailureEvent(100 + EVENT_INTERVAL_MS)).toEqual({ count: 1, samples: ['main/1: crash'] });
    expect(proof.takeFailureEvent(100 + 3 * EVENT_INTERVAL_MS)).toBeNull(); // nothing new
  });

  it('keeps a summary that could not be sent and sends it with the next failures', () => {
    const proof = createProofOfPlay();
    proof.failed('main', 'main/1', 'crash', 0);
    const taken = proof.takeFailureEvent(10)!;
    proof.requeue(taken);
    proof.failed('main', 'main/2', 'timeout', 20);
    expect(proof.takeFailureEvent(30)).toEqual({ count: 2, samples: ['main/1: crash', 'main/2: timeout'] });
  });

  it('keeps the play log bounded to 24 hours', () => {
    const proof = createProofOfPlay();
    const start = Date.parse('2026-11-30T00:00:00Z');
    for (let i = 0; i < 48; i += 1) proof.played('p', 'p/1', start + i * 3_600_000);
    const log = proof.playLog(start + 47 * 3_600_000);
    expect(log).toHaveLength(25);
    expect(log[0]?.at).toBe('2026-11-30T23:00:00.000Z');
  });
});
