// Before React mounts: the first snapshot, from the browser shell's push on connect or from our own
// getStatus (the Electron preload pushes nothing), so the first render already is the status screen
// (no "Starting…" render, commit and paint in the way). index.html shows "Starting…" meanwhile.
import type { KioskBridge, StatusSnapshot } from '../../app/ipc/contract';

/**
 * Resolves with the first snapshot, or null after `timeoutMs` (then the app mounts without one).
 * `ask` false: wait for the transport's push only; a redundant getStatus answer would be parsed
 * (~10 ms of zod) right between the first render and its paint.
 */
export function awaitFirstStatus(bridge: KioskBridge, timeoutMs: number, ask = true): Promise<StatusSnapshot | null> {
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
    if (ask) bridge.getStatus().then(settle, () => undefined);
  });
}
