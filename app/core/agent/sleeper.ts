// The loop's wait between ticks. `nudge()` ends a nudgeable wait early so a notable event
// (command finished, config applied/refused, error raised/cleared) is reported at once; a nudge
// that arrives mid-tick is remembered, and several nudges collapse into one extra send.
// Back-off waits are not nudgeable: an event must not defeat the back-off after a failure.
import { isAbortError, type Clock } from '../deps';
import { clampTimerDelay } from '../util/timer-delay';

export interface Sleeper {
  /** Resolves after `ms`, or early on a nudge when `nudgeable`; rejects with AbortError on `signal`. */
  sleep(ms: number, signal: AbortSignal, nudgeable: boolean): Promise<void>;
  nudge(): void;
}

export function createSleeper(clock: Clock): Sleeper {
  let pending = false;
  let sleeping = false;
  // The loop waits once per tick for months: the waker is reused until a nudge spends it, so a
  // quiet tick builds no AbortController (an EventTarget) and adds no listener anywhere.
  let waker = new AbortController();
  // The caller's signal is forwarded to the waker by ONE listener per signal (the loop passes the
  // same long-lived signal every tick), so listeners cannot accumulate on it either.
  let forwarded: AbortSignal | null = null;
  const forwardFrom = (from: AbortSignal) => () => {
    if (from === forwarded && sleeping) waker.abort();
  };
  return {
    async sleep(requestedMs, signal, nudgeable) {
      signal.throwIfAborted();
      // Refuses a non-finite wait, clamps a huge one: whatever the clock does with it.
      const ms = clampTimerDelay(requestedMs);
      if (nudgeable && pending) {
        pending = false;
        return;
      }
      if (!nudgeable) return clock.sleep(ms, signal);
      if (signal !== forwarded) {
        forwarded = signal;
        signal.addEventListener('abort', forwardFrom(signal), { once: true });
      }
      if (waker.signal.aborted) waker = new AbortController();
      sleeping = true;
      try {
        await clock.sleep(ms, waker.signal);
      } catch (error) {
        // Our own wake-up is a normal end of the wait; the caller's abort is not.
        if (!isAbortError(error) || signal.aborted) throw error;
      } finally {
        sleeping = false;
        pending = false;
      }
    },
    nudge() {
      if (sleeping) waker.abort();
      else pending = true;
    },
  };
}
