// A clock for benches that measure recovery in the agent's own time: real time passes as usual
// (so the work between two waits — HTTP round trips, sync steps, status — counts), but every
// sleep is skipped after a 2 ms real pause, the clock jumping to the sleep's end. One agent per
// clock: another sleeper would make the time jump for it too.
import { abortError, type Clock } from '../../app/core/deps';

export interface SkippingClock extends Clock {
  /** Called after every sleep's jump, before the sleeper resumes (e.g. to end an outage on time). */
  onJump(listener: (nowMs: number) => void): void;
}

export function createSkippingClock(startMs = Date.parse('2025-06-01T12:00:00.000Z')): SkippingClock {
  const realStart = performance.now();
  let skipped = 0;
  const listeners: Array<(nowMs: number) => void> = [];
  const now = () => startMs + Math.floor(performance.now() - realStart) + skipped;
  return {
    now,
    onJump: (listener) => listeners.push(listener),
    sleep(ms, signal) {
      const target = now() + Math.max(0, ms);
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(abortError());
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          skipped += Math.max(0, target - now());
          for (const listener of listeners) listener(now());
          resolve();
        }, 2);
        const onAbort = () => {
          clearTimeout(timer);
          reject(abortError());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
