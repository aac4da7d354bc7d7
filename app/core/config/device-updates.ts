// The Update Device coalescer (docs/PROTOCOL.md#update-device). The hub allows ~10 Update Device calls per hour and
// refuses the whole update with 429 beyond that, so every caller (config ack, firmware version,
// details, space version) queues fields here and the loop calls flush() once per tick:
// fields merge, values already accepted by the hub are dropped, calls are spaced, and a 429 keeps
// the fields for a later try. flush() never waits: when a send is not yet allowed it just returns.
import type { Clock } from '../deps';
import { HubError, type HubClient, type UpdateDeviceRequest } from '../hub';
import type { Logger } from '../log/logger';
import { stableJson } from './device-config';
import { assertNever } from '../util/assert-never';

export interface DeviceUpdaterOptions {
  hub: Pick<HubClient, 'updateDevice'>;
  clock: Clock;
  logger: Logger;
  /** Calls allowed per rolling hour, counted locally (the hub's limit is 10). */
  maxPerHour?: number;
  /** Minimum gap between two calls, so a burst of changes becomes one call. */
  minSpacingMs?: number;
  /** Wait after a 429 when the hub gives no longer Retry-After (docs/PROTOCOL.md#timing-and-backoff). */
  rateLimitWaitMs?: number;
  /** Wait after a transient failure (network, 5xx). */
  retryWaitMs?: number;
}

export interface DeviceUpdater {
  /** Merges `fields` into the pending update; fields equal to the last accepted values are dropped. */
  queue(fields: UpdateDeviceRequest): void;
  /** Sends the pending fields if a call is allowed now; otherwise returns at once. Throws only on 401. */
  flush(): Promise<void>;
  /** The fields that would be sent next. */
  pending(): UpdateDeviceRequest;
  /** Epoch ms before which flush() will not send (0 when it may send now). */
  nextAllowedAt(): number;
  /** Forget everything (after the identity is wiped: the new device record knows nothing). */
  reset(): void;
}

const HOUR_MS = 3_600_000;
type Fields = Record<string, unknown>;

export function createDeviceUpdater(options: DeviceUpdaterOptions): DeviceUpdater {
  const { hub, clock, logger } = options;
  const maxPerHour = options.maxPerHour ?? 10;
  const minSpacingMs = options.minSpacingMs ?? 60_000;
  const rateLimitWaitMs = options.rateLimitWaitMs ?? 30_000;
  const retryWaitMs = options.retryWaitMs ?? 30_000;

  let pending: Fields = {};
  let lastSent: Fields = {};
  let attempts: number[] = [];
  let blockedUntil = 0;
  let inFlight: Promise<void> | null = null;

  const sameAsSent = (key: string, value: unknown) => key in lastSent && stableJson(lastSent[key]) === stableJson(value);

  const nextAllowedAt = (): number => {
    const now = clock.now();
    attempts = attempts.filter((at) => now - at < HOUR_MS);
    let earliest = blockedUntil;
    const last = attempts[attempts.length - 1];
    if (last !== undefined) earliest = Math.max(earliest, last + minSpacingMs);
    if (attempts.length >= maxPerHour) earliest = Math.max(earliest, attempts[attempts.length - maxPerHour]! + HOUR_MS);
    return earliest <= now ? 0 : earliest;
  };

  const send = async (): Promise<void> => {
    const body = { ...pending } as UpdateDeviceRequest;
    attempts.push(clock.now());
    try {
      await hub.updateDevice(body);
    } catch (error) {
      handleFailure(error, body);
      return;
    }
    for (const [key, value] of Object.entries(body)) {
      lastSent[key] = value;
      // A newer value queued while the call was in flight stays pending.
      if (stableJson(pending[key]) === stableJson(value)) delete pending[key];
    }
    logger.info('device record updated', { fields: Object.keys(body) });
  };

  const handleFailure = (error: unknown, body: UpdateDeviceRequest): void => {
    if (!(error instanceof HubError)) {
      blockedUntil = clock.now() + retryWaitMs;
      logger.warn('update device failed; will retry', { error });
      return;
    }
    switch (error.kind) {
      case 'unauthorized':
        throw error;
      case 'rate-limited':
        blockedUntil = clock.now() + Math.max(rateLimitWaitMs, error.details.retryAfterMs ?? 0);
        logger.warn('update device rate-limited; fields kept', { retryAt: new Date(blockedUntil).toISOString() });
        return;
      case 'rejected':
        // 400 (unknown field on API ≥ 1.0.6) repeats forever if retried: drop these values, keep
        // anything queued since, and say what was dropped.
        for (const [key, value] of Object.entries(body)) {
          if (stableJson(pending[key]) === stableJson(value)) delete pending[key];
        }
        logger.error('update device rejected; fields dropped', { fields: Object.keys(body), error });
        return;
      case 'transient':
      case 'invalid-response':
        blockedUntil = clock.now() + retryWaitMs;
        logger.warn('update device failed; will retry', { error });
        return;
      default:
        return assertNever(error.kind, 'hub error kind');
    }
  };

  return {
    queue(fields) {
      for (const [key, value] of Object.entries(fields)) {
        if (value === undefined) continue;
        if (sameAsSent(key, value)) delete pending[key];
        else pending[key] = value;
      }
    },
    flush() {
      if (inFlight) return inFlight;
      if (Object.keys(pending).length === 0 || nextAllowedAt() !== 0) return Promise.resolve();
      inFlight = send().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
    pending: () => ({ ...pending }) as UpdateDeviceRequest,
    nextAllowedAt,
    reset() {
      pending = {};
      lastSent = {};
      attempts = [];
      blockedUntil = 0;
    },
  };
}
