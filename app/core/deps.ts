// Dependencies every core module receives through parameters (docs/ARCHITECTURE.md#code-habits): tests pass fakes,
// production passes the real ones below. No module reads Date.now() or Math.random() directly.
import { clampTimerDelay } from './util/timer-delay';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or rejects with an AbortError when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Calls `fire` after `ms` unless the returned cancel() came first: a wait that something else
   * ends early, without an AbortSignal (the loop's wait between ticks). Optional: without it the
   * caller uses sleep() with a signal.
   */
  timer?(ms: number, fire: () => void): () => void;
}

/** Returns a float in [0, 1). */
export type Random = () => number;

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError());
      // A non-finite delay is refused (rejects), a huge one clamped: never Node's silent 1 ms.
      const delay = clampTimerDelay(ms);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, delay);
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
  timer: (ms, fire) => {
    const timer = setTimeout(fire, clampTimerDelay(ms));
    return () => clearTimeout(timer);
  },
};

export const systemRandom: Random = () => Math.random();

export function abortError(): Error {
  const error = new Error('aborted');
  error.name = 'AbortError';
  return error;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
