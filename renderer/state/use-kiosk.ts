// Wires the bridge to the reducer: subscriptions first (so no event is missed), then the first
// snapshot (retried until the core answers), and the three things the person can do. A snapshot
// that arrived before React mounted (main.tsx waits briefly for one) is the first render's state,
// and then no getStatus is needed: main.tsx renders synchronously in the task that received it, so
// this effect subscribes before any later event can arrive.
import { useCallback, useEffect, useReducer, useState, type Dispatch } from 'react';
import type { KioskBridge, StatusSnapshot } from '../../app/ipc/contract';
import type { ResolvedBridge } from '../bridge/resolve-bridge';
import { initKioskState, reduceKiosk, type KioskAction, type KioskState } from './kiosk-state';

const FIRST_STATUS_RETRY_MS = 2000;

export interface KioskActions {
  acceptUpgrade(version: string): void;
  postponeUpgrade(version: string): void;
  dismissUpgradeResult(): void;
  expireToast(key: string, rev: number): void;
}

function subscribeAll(bridge: KioskBridge, dispatch: Dispatch<KioskAction>): () => void {
  const offs = [
    bridge.onStatus((status) => dispatch({ type: 'status', status })),
    bridge.onUpgradeProgress((progress) => dispatch({ type: 'progress', progress })),
    bridge.onCommand((event) => dispatch({ type: 'command', event })),
    bridge.onConfig((event) => dispatch({ type: 'config', event })),
  ];
  return () => offs.forEach((off) => off());
}

export function useKiosk({ bridge, onTransport }: ResolvedBridge, initialStatus: StatusSnapshot | null = null): [KioskState, KioskActions] {
  const [state, dispatch] = useReducer(reduceKiosk, initialStatus, initKioskState);
  const [hadInitialStatus] = useState(initialStatus !== null);

  useEffect(() => {
    const unsubscribe = subscribeAll(bridge, dispatch);
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const loadFirst = () => {
      bridge.getStatus().then(
        (status) => !stopped && dispatch({ type: 'status', status }),
        () => {
          if (!stopped) timer = setTimeout(loadFirst, FIRST_STATUS_RETRY_MS);
        },
      );
    };
    if (!hadInitialStatus) loadFirst();
    const offTransport = onTransport?.((connected) => dispatch({ type: 'transport', connected }));
    return () => {
      stopped = true;
      clearTimeout(timer);
      unsubscribe();
      offTransport?.();
    };
  }, [bridge, onTransport, hadInitialStatus]);

  const acceptUpgrade = useCallback(
    (version: string) => {
      dispatch({ type: 'decided', version });
      bridge.acceptUpgrade({ version }).then(
        (ack) => {
          if (ack.ok) return;
          dispatch({ type: 'undecided', version });
          // Plain words on screen; the core's reason (e.g. no installer configured) is for the operator.
          dispatch({ type: 'notify', toast: { key: `upgrade:${version}`, tone: 'error', text: 'The update could not start' }, detail: ack.message ?? 'refused' });
        },
        () => dispatch({ type: 'undecided', version }),
      );
    },
    [bridge],
  );

  const postponeUpgrade = useCallback(
    (version: string) => {
      dispatch({ type: 'decided', version });
      // The core decides when to ask again; a failed call still keeps the dialog away this session.
      bridge.postponeUpgrade({ version }).catch(() => undefined);
    },
    [bridge],
  );

  const dismissUpgradeResult = useCallback(() => {
    bridge.dismissUpgradeResult().catch(() => undefined);
  }, [bridge]);

  const expireToast = useCallback((key: string, rev: number) => dispatch({ type: 'toast-expired', key, rev }), []);

  return [state, { acceptUpgrade, postponeUpgrade, dismissUpgradeResult, expireToast }];
}
