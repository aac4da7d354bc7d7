// Before React mounts: the first snapshot from whichever comes first, the browser shell's push on
// connect or our own getStatus, so the first render already is the status screen (no "Starting…"
// render, commit and paint in the way). index.html shows the same "Starting…" markup meanwhile.
import type { KioskBridge, StatusSnapshot } from '../../app/ipc/contract';

/** Resolves with the first snapshot, or null after `timeoutMs` (then the app mounts without one). */
export function awaitFirstStatus(bridge: KioskBridge, timeoutMs: number): Promise<StatusSnapshot | null> {
  return new Promise((resolve) => {
    let settled = false;
    let unsubscribe = () => {};
    const settle = (status: StatusSnapshot | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe();
      resolve(status);
    };
    const timer = setTimeout(() => settle(null), timeoutMs);
    unsubscribe = bridge.onStatus(settle);
    // A refusal is not final: useKiosk keeps retrying getStatus after mount.
    bridge.getStatus().then(settle, () => undefined);
  });
}
