// The current play plan: pushed by the core on every change, fetched once at start (and again
// after a reconnect, when a push may have been missed).
import { useEffect, useState } from 'react';
import type { KioskBridge, PlayPlan } from '../../app/ipc/contract';

export function usePlayPlan(bridge: KioskBridge, connectedTick: unknown): PlayPlan | null {
  const [plan, setPlan] = useState<PlayPlan | null>(null);
  useEffect(() => {
    let stopped = false;
    const off = bridge.onPlayPlan((next) => setPlan(next));
    bridge.getPlayPlan().then(
      (first) => !stopped && setPlan(first),
      () => undefined, // the push after the next change, or the next reconnect, brings it
    );
    return () => {
      stopped = true;
      off();
    };
  }, [bridge, connectedTick]);
  return plan;
}
