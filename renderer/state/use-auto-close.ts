// A dialog on a screen without a keyboard closes itself: after `seconds`, `onClose` runs once.
// Returns the deadline (ms since the epoch) so the dialog can say when it will close.
import { useEffect, useRef, useState } from 'react';

/** The longest delay a timer can take (2^31-1 ms); anything else is clamped into [1 s, that]. */
const MAX_TIMER_MS = 2_147_483_647;

export function autoCloseDelayMs(seconds: number): number {
  const ms = Number.isFinite(seconds) ? seconds * 1000 : 60_000;
  return Math.min(Math.max(ms, 1000), MAX_TIMER_MS);
}

export function useAutoClose(seconds: number, onClose: () => void): number {
  const latest = useRef(onClose);
  latest.current = onClose;
  const delay = autoCloseDelayMs(seconds);
  const [deadline] = useState(() => Date.now() + delay);
  useEffect(() => {
    const timer = setTimeout(() => latest.current(), Math.max(0, deadline - Date.now()));
    return () => clearTimeout(timer);
  }, [deadline]);
  return deadline;
}
