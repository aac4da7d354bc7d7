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
  let wake: AbortController | null = null;
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
      const controller = new AbortController();
      // Forwarded by hand rather than AbortSignal.any(): the loop sleeps once per tick for
      // months, and a listener removed in `finally` cannot accumulate on the long-lived signal.
      const forward = () => controller.abort();
      signal.addEventListener('abort', forward, { once: true });
      wake = controller;
      try {
        await clock.sleep(ms, controller.signal);
      } catch (error) {
        // Our own wake-up is a normal end of the wait; the caller's abort is not.
        if (!isAbortError(error) || signal.aborted) throw error;
      } finally {
        signal.removeEventListener('abort', forward);
        if (wake === controller) wake = null;
        pending = false;
      }
    },
    nudge() {
      if (wake) wake.abort();
      else pending = true;
    },
  };
}
