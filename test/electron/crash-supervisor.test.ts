import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../app/core/log/logger';
import { createCrashSupervisor } from '../../app/electron/crash-supervisor';
import type { RendererTrouble } from '../../app/electron/crash-policy';

// A hand-driven timer queue and clock: no real time passes in these tests.
function harness(quitting = false) {
  let now = 1_000_000;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const reloads: RendererTrouble[] = [];
  const safeScreens: string[] = [];
  const supervisor = createCrashSupervisor({
    now: () => now,
    setTimer: (fn, ms) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimer: (id) => timers.delete(id as number),
    isQuitting: () => quitting,
    reload: (trouble) => reloads.push(trouble),
    showSafeScreen: (message) => safeScreens.push(message),
    logger: silentLogger,
    options: { baseDelayMs: 1_000, maxDelayMs: 30_000, loopThreshold: 3, loopWindowMs: 60_000, unresponsiveGraceMs: 5_000 },
  });
  const advance = (ms: number) => {
    now += ms;
    for (const [id, timer] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at <= now) {
        timers.delete(id);
        timer.fn();
      }
    }
  };
  return { supervisor, advance, reloads, safeScreens, pending: () => timers.size };
}

describe('createCrashSupervisor', () => {
  it('reloads after the backoff delay, not before', () => {
    const h = harness();
    h.supervisor.onTrouble('crashed');
    h.advance(999);
    expect(h.reloads).toEqual([]);
    h.advance(1);
    expect(h.reloads).toEqual(['crashed']);
  });

  it('cancels a pending hang reload when the page becomes responsive', () => {
    const h = harness();
    h.supervisor.onTrouble('unresponsive');
    h.supervisor.onResponsive();
    h.advance(60_000);
    expect(h.reloads).toEqual([]);
  });

  it('counts repeated unresponsive reports of one hang once', () => {
    const h = harness();
    h.supervisor.onTrouble('unresponsive');
    h.supervisor.onTrouble('unresponsive');
    h.supervisor.onTrouble('unresponsive');
    expect(h.pending()).toBe(1);
    h.advance(5_000);
    expect(h.reloads).toEqual(['unresponsive']);
    expect(h.safeScreens).toEqual([]);
  });

  it('shows the safe screen on a crash loop, then retries after the window', () => {
    const h = harness();
    h.supervisor.onTrouble('crashed');
    h.advance(1_000);
    h.supervisor.onTrouble('crashed');
    h.advance(2_000);
    h.supervisor.onTrouble('crashed');
    expect(h.safeScreens).toHaveLength(1);
    expect(h.reloads).toHaveLength(2);
    h.advance(59_999);
    expect(h.reloads).toHaveLength(2);
    h.advance(1);
    expect(h.reloads).toHaveLength(3);
  });

  it('does nothing while quitting', () => {
    const h = harness(true);
    h.supervisor.onTrouble('killed');
    h.advance(120_000);
    expect(h.reloads).toEqual([]);
    expect(h.safeScreens).toEqual([]);
  });

  it('dispose clears the pending reload', () => {
    const h = harness();
    h.supervisor.onTrouble('oom');
    h.supervisor.dispose();
    h.advance(120_000);
    expect(h.reloads).toEqual([]);
  });
});
