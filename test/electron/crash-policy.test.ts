import { describe, expect, it } from 'vitest';
import { decideCrashAction, defaultCrashPolicy, describeTrouble, toTrouble, type RendererTrouble } from '../../app/electron/crash-policy';

const T0 = 1_700_000_000_000;
const options = { baseDelayMs: 1_000, maxDelayMs: 30_000, loopThreshold: 5, loopWindowMs: 300_000, unresponsiveGraceMs: 10_000 };

describe('decideCrashAction', () => {
  it.each<[RendererTrouble, number]>([
    ['crashed', 1_000],
    ['oom', 1_000],
    ['killed', 1_000],
    ['abnormal-exit', 1_000],
    ['launch-failed', 1_000],
    ['memory-eviction', 1_000],
    ['clean-exit', 1_000],
    ['unresponsive', 10_000],
  ])('first %s → reload after %i ms', (trouble, delayMs) => {
    const decision = decideCrashAction({ trouble, quitting: false, history: [], now: T0, options });
    expect(decision.action).toEqual({ kind: 'reload', delayMs });
    expect(decision.history).toEqual([T0]);
  });

  it.each<RendererTrouble>(['clean-exit', 'killed', 'crashed', 'unresponsive'])('%s while quitting → ignore, history untouched', (trouble) => {
    const decision = decideCrashAction({ trouble, quitting: true, history: [T0 - 1000], now: T0, options });
    expect(decision.action).toEqual({ kind: 'ignore' });
    expect(decision.history).toEqual([T0 - 1000]);
  });

  it('backs off exponentially with the number of recent crashes', () => {
    const delays: number[] = [];
    let history: number[] = [];
    for (let i = 0; i < 4; i++) {
      const decision = decideCrashAction({ trouble: 'crashed', quitting: false, history, now: T0 + i * 1000, options });
      if (decision.action.kind === 'reload') delays.push(decision.action.delayMs);
      history = decision.history;
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('caps the delay', () => {
    const wide = { ...options, loopThreshold: 100 };
    const history = Array.from({ length: 20 }, (_, i) => T0 - 1000 * (i + 1));
    const decision = decideCrashAction({ trouble: 'crashed', quitting: false, history, now: T0, options: wide });
    expect(decision.action).toEqual({ kind: 'reload', delayMs: 30_000 });
  });

  it('shows the safe screen on a crash loop (threshold reached inside the window)', () => {
    const history = [T0 - 40_000, T0 - 30_000, T0 - 20_000, T0 - 10_000];
    const decision = decideCrashAction({ trouble: 'oom', quitting: false, history, now: T0, options });
    expect(decision.action).toEqual({ kind: 'safe-screen', message: describeTrouble('oom'), retryInMs: 300_000 });
    expect(decision.history).toHaveLength(5);
  });

  it('forgets crashes older than the window (and ignores timestamps from the future)', () => {
    const history = [T0 - 400_000, T0 - 350_000, T0 - 301_000, T0 - 300_000, T0 + 60_000];
    const decision = decideCrashAction({ trouble: 'crashed', quitting: false, history, now: T0, options });
    expect(decision.action).toEqual({ kind: 'reload', delayMs: 1_000 });
    expect(decision.history).toEqual([T0]);
  });

  it('goes straight to the safe screen on an integrity failure', () => {
    const decision = decideCrashAction({ trouble: 'integrity-failure', quitting: false, history: [], now: T0, options });
    expect(decision.action.kind).toBe('safe-screen');
  });

  it('uses the default policy when none is given', () => {
    const decision = decideCrashAction({ trouble: 'crashed', quitting: false, history: [], now: T0 });
    expect(decision.action).toEqual({ kind: 'reload', delayMs: defaultCrashPolicy.baseDelayMs });
  });
});

describe('toTrouble / describeTrouble', () => {
  it('maps known reasons and treats unknown ones as crashes', () => {
    expect(toTrouble('oom')).toBe('oom');
    expect(toTrouble('integrity-failure')).toBe('integrity-failure');
    expect(toTrouble('some-future-reason')).toBe('crashed');
  });

  it('has human text for every trouble', () => {
    for (const t of ['clean-exit', 'abnormal-exit', 'killed', 'crashed', 'oom', 'launch-failed', 'integrity-failure', 'memory-eviction', 'unresponsive'] as const) {
      expect(describeTrouble(t).length).toBeGreaterThan(5);
    }
  });
});
