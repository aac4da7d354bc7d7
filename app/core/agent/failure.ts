// What a failed hub call means for the agent (docs/PROTOCOL.md#unauthorized, #timing-and-backoff): only 401 drops the
// credentials; everything else keeps identity and state and waits before trying again.
import type { ConnectionState } from '../../ipc/contract';
import type { Random } from '../deps';
import { describeHubError, HubError } from '../hub';
import { rateLimitDelay, type Backoff } from './backoff';
import { errorMessage } from '../commands';
import { assertNever } from '../util/assert-never';
import { clampTimerDelay } from '../util/timer-delay';

export type FailureAction =
  | { kind: 'reregister'; message: string }
  | { kind: 'wait'; delayMs: number; state: 'offline' | 'error'; message: string };

/** Decides what to do after `error`; consumes one backoff step unless rate-limited. */
export function classifyFailure(error: unknown, backoff: Backoff, random: Random): FailureAction {
  if (!(error instanceof HubError)) {
    // A bug in our own code (or a feature module) must not kill the loop; it is retried like a
    // transient failure and shows as an error so someone looks at it.
    const message = errorMessage(error);
    return { kind: 'wait', delayMs: backoff.next(), state: 'error', message: `Internal error: ${message}` };
  }
  const message = describeHubError(error);
  switch (error.kind) {
    case 'unauthorized':
      return { kind: 'reregister', message };
    case 'rate-limited':
      return { kind: 'wait', delayMs: rateLimitDelay(error.details.retryAfterMs, random), state: 'offline', message };
    case 'transient':
      return { kind: 'wait', delayMs: backoff.next(), state: 'offline', message };
    case 'rejected':
    case 'invalid-response':
      return { kind: 'wait', delayMs: backoff.next(), state: 'error', message };
    default:
      return assertNever(error.kind, 'hub error kind');
  }
}

export function connectionForWait(action: Extract<FailureAction, { kind: 'wait' }>, nowMs: number): ConnectionState {
  return { state: action.state, message: action.message.slice(0, 2000), nextRetryAt: new Date(nowMs + clampTimerDelay(action.delayMs)).toISOString() };
}
