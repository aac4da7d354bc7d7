// A controllable clock for agent tests. `auto` mode: every sleep jumps fake time forward by the
// requested amount at once (after a short real pause so loops cannot spin hot), and records it —
// so a test can check "waited ≥ 30 s" without waiting. Manual mode: sleeps resolve only when the
// test calls advance().
import { abortError, type Clock } from '../../../app/core/deps';

export interface FakeClock extends Clock {
  /** Every requested sleep duration, in order. */
  readonly sleeps: number[];
  /** Manual mode: move time forward and resolve the sleeps that are due. */
  advance(ms: number): Promise<void>;
  /** Manual mode: how many sleeps are waiting. */
  waiting(): number;
  set(nowMs: number): void;
}

export function createFakeClock(options: { start?: number; auto?: boolean; realPauseMs?: number } = {}): FakeClock {
  let now = options.start ?? Date.parse('2025-06-01T12:00:00.000Z');
  const auto = options.auto ?? true;
  const realPauseMs = options.realPauseMs ?? 2;
  const sleeps: number[] = [];
  const timers = new Set<{ at: number; resolve: () => void }>();

  return {
    sleeps,
    now: () => now,
    set(ms) {
      now = ms;
    },
    sleep(ms, signal) {
      sleeps.push(ms);
      if (sleeps.length > 100_000) sleeps.splice(0, 50_000); // bounded memory in long runs
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(abortError());
        if (auto) {
          const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            now += Math.max(0, ms);
            resolve();
          }, realPauseMs);
          const onAbort = () => {
            clearTimeout(timer);
            reject(abortError());
          };
          signal?.addEventListener('abort', onAbort, { once: true });
          return;
        }
        const entry = {
          at: now + Math.max(0, ms),
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          timers.delete(entry);
          reject(abortError());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        timers.add(entry);
      });
    },
    async advance(ms) {
      now += ms;
      for (const entry of [...timers]) {
        if (entry.at <= now) {
          timers.delete(entry);
          entry.resolve();
        }
      }
      await new Promise((r) => setImmediate(r));
    },
    waiting: () => timers.size,
  };
}

/** Polls `check` until it returns a truthy value or `timeoutMs` (real time) passes. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
