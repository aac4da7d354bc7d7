// One word and one colour per connection state (docs/ARCHITECTURE.md#screen): the colour is never
// the only signal. The screen faces the public, so the words are plain ("Can't reach Xyte —
// retrying"): the core's technical message (HTTP codes, error names, schema paths) never appears
// here; it goes to the operator's diagnostics view (renderer/state/diagnostics.ts) and to the logs,
// telemetry and dump.
import type { ConnectionState } from '../../app/ipc/contract';
import { formatUntil } from './time';

export type Tone = 'ok' | 'warn' | 'error' | 'info' | 'neutral';

export interface ConnectionView {
  word: string;
  tone: Tone;
  /** A sentence under the headline, or null. */
  detail: string | null;
  /** A discreet note that something needs an operator's look while the screen keeps working. */
  attention: string | null;
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
      return { word: 'Not registered', tone: 'neutral', detail: 'Waiting to register with Xyte', attention: null };
    case 'registering':
      return {
        word: 'Registering',
        tone: 'warn',
        detail: joinParts(connection.attempt > 0 ? "Can't reach Xyte — retrying" : 'Connecting to Xyte', retryText(connection.nextRetryAt, nowMs)),
        attention: null,
      };
    case 'already-registered':
      return {
        word: 'Already registered',
        tone: 'error',
        detail: 'This device is already registered — delete or replace it in the Xyte portal',
        attention: null,
      };
    case 'online':
      return { word: 'Online', tone: 'ok', detail: 'Connected to Xyte', attention: connection.issue ? 'Needs attention' : null };
    case 'offline':
      return { word: 'Offline', tone: 'warn', detail: joinParts("Can't reach Xyte — retrying", retryText(connection.nextRetryAt, nowMs)), attention: null };
    case 'error':
      return { word: 'Error', tone: 'error', detail: joinParts('Xyte did not accept the connection — retrying', retryText(connection.nextRetryAt, nowMs)), attention: null };
  }
}

/** The core's technical text behind a connection state, for the diagnostics view; null when none. */
export function connectionDiagnostic(connection: ConnectionState): string | null {
  switch (connection.state) {
    case 'unregistered':
      return null;
    case 'online':
      return connection.issue ?? null;
    case 'registering':
      return connection.message ?? null;
    case 'already-registered':
    case 'offline':
    case 'error':
      return connection.message;
  }
}
