// One word and one colour per connection state (docs/ARCHITECTURE.md#screen): the colour is never the only signal.
import type { ConnectionState } from '../../app/ipc/contract';
import { formatUntil } from './time';

export type Tone = 'ok' | 'warn' | 'error' | 'info' | 'neutral';

export interface ConnectionView {
  word: string;
  tone: Tone;
  /** A sentence under the headline, or null. */
  detail: string | null;
}

function retryText(nextRetryAt: string | undefined, nowMs: number): string | null {
  const until = formatUntil(nextRetryAt, nowMs);
  if (until === null) return null;
  return until === 'now' ? 'Retrying now' : `Next try ${until}`;
}

function joinParts(...parts: (string | null | undefined)[]): string | null {
  const kept = parts.filter((p): p is string => Boolean(p));
  return kept.length ? kept.join(' · ') : null;
}

export function describeConnection(connection: ConnectionState, nowMs: number): ConnectionView {
  switch (connection.state) {
    case 'unregistered':
      return { word: 'Not registered', tone: 'neutral', detail: 'Waiting to register with Xyte' };
    case 'registering':
      return {
        word: 'Registering',
        tone: 'warn',
        detail: joinParts(connection.attempt > 0 ? `Attempt ${connection.attempt}` : null, connection.message, retryText(connection.nextRetryAt, nowMs)),
      };
    case 'already-registered':
      return {
        word: 'Already registered',
        tone: 'error',
        detail: 'This device is already registered — delete or replace it in the Xyte portal',
      };
    case 'online':
      return { word: 'Online', tone: 'ok', detail: 'Connected to Xyte' };
    case 'offline':
      return { word: 'Offline', tone: 'warn', detail: joinParts(connection.message, retryText(connection.nextRetryAt, nowMs)) };
    case 'error':
      return { word: 'Error', tone: 'error', detail: joinParts(connection.message, retryText(connection.nextRetryAt, nowMs)) };
  }
}
