// The loop's wait between ticks. `nudge()` ends a nudgeable wait early so a notable event
// (command finished, config applied/refused, error raised/cleared) is reported at once; a nudge
// that arrives mid-tick is remembered, and several nudges collapse into one extra send.
// Back-off waits are not nudgeable: an event must not defeat the back-off after a failure.
import { abortError, isAbortError, type Clock } from '../deps';
import { clampTimerDelay } from '../util/timer-delay';

export interface Sleeper {
  /** Resolves after `ms`, or early on a nudge when `nudgeable`; rejects with AbortError on `signal`. */
  sleep(ms: number, signal: AbortSignal, nudgeable: boolean): Promise<void>;
  nudge(): void;
}

/** A wait that can be ended early: `end()` = nudged (resolves), `end(error)` = the caller aborted. */
interface Wait {
  promise: Promise<void>;
  end(error?: Error): void;
}

export function createSleeper(clock: Clock): Sleeper {
  let pending = false;
  let wait: Wait | null = null;
  // The caller's signal ends the wait through ONE listener per signal (the loop passes the same
  // long-lived signal every tick), so listeners cannot accumulate on it, and a quiet tick adds none.
  let forwarded: AbortSignal | null = null;
  const forwardFrom = (from: AbortSignal) => () => {
    if (from === forwarded) endWait(abortError());
  };
  const endWait = (error?: Error) => {
    const current = wait;
    wait = null;
    current?.end(error);
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
      const current = startWait(clock, ms);
      wait = current;
      try {
        await current.promise;
      } finally {
        if (wait === current) wait = null;
        pending = false;
      }
    },
    nudge() {
      if (wait) endWait();
      else pending = true;
    },
  };
}

function startWait(clock: Clock, ms: number): Wait {
  if (clock.timer) {
    // The loop waits once per tick for months: a timer and a promise, no AbortController.
    let settle: (error?: Error) => void = () => {};
    const promise = new Promise<void>((resolve, reject) => {
      settle = (error) => (error ? reject(error) : resolve());
    });
    const cancel = clock.timer(ms, () => settle());
    return {
      promise,
      end: (error) => {
        cancel();
        settle(error);
      },
    };
  }
  // A clock without timers (test clocks): its sleep, ended through a signal of its own.
  const controller = new AbortController();
  let reason: Error | undefined;
  const promise = clock.sleep(ms, controller.signal).catch((error: unknown) => {
    if (reason) throw reason;
    // Our own wake-up is a normal end of the wait.
    if (!isAbortError(error) || !controller.signal.aborted) throw error;
  });
  return {
    promise,
    end: (error) => {
      reason = error;
      controller.abort();
    },
  };
}
