// Tells the core every few seconds that the screen is alive and which view it shows, so a hung
// or blank renderer can be detected and recovered by the shell. A change of view beats at once.
import { useEffect } from 'react';
import type { KioskBridge } from '../../app/ipc/contract';

export const HEARTBEAT_MS = 5000;

export function useHeartbeat(bridge: KioskBridge, screen: string): void {
  useEffect(() => {
    const beat = () => {
      bridge.heartbeat({ screen, seq: Math.floor(performance.now()) }).catch(() => undefined);
    };
    beat();
    const timer = setInterval(beat, HEARTBEAT_MS);
    return () => clearInterval(timer);
  }, [bridge, screen]);
}
