// Core → renderer: each KioskEvent goes out on its contract channel, after its payload is checked
// against the contract once more, so a core bug cannot push junk (or a secret) onto the screen.
import type { KioskEvent } from '../ipc/contract';
import { eventMessageOf } from '../ipc/dispatch';
import type { Logger } from '../core/log/logger';

export interface EventTarget {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

/** Forwards events until the target is destroyed or the returned function is called. */
export function forwardEvents(target: EventTarget, onEvent: (l: (e: KioskEvent) => void) => () => void, logger: Logger): () => void {
  let unsubscribe: (() => void) | null = onEvent((event) => {
    const message = eventMessageOf(event);
    if (!message) {
      logger.warn('event dropped: does not fit the contract', { name: String(event?.name).slice(0, 80) });
      return;
    }
    if (!target.isDestroyed()) target.send(message.channel, message.payload);
  });
  const stop = () => {
    unsubscribe?.();
    unsubscribe = null;
  };
  target.once('destroyed', stop);
  return stop;
}
