// The typed core → shells event stream (docs/ARCHITECTURE.md#layers). A listener that throws is logged and skipped:
// one broken subscriber (a closed window, a dead WebSocket) must never stop the agent loop.
import type { KioskEvent } from '../../ipc/contract';
import type { Logger } from '../log/logger';

export type KioskEventListener = (event: KioskEvent) => void;

export interface EventBus {
  emit(event: KioskEvent): void;
  /** Subscribe; returns the unsubscribe function. */
  onEvent(listener: KioskEventListener): () => void;
}

export function createEventBus(logger: Logger): EventBus {
  const listeners = new Set<KioskEventListener>();
  return {
    emit(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          logger.warn('event listener failed', { event: event.name, error });
        }
      }
    },
    onEvent(listener) {
      // Wrapped so the same function subscribed twice gets two independent subscriptions.
      const entry: KioskEventListener = (event) => listener(event);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
  };
}
