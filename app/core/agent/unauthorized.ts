// What a 401 means (README "Errors", docs/PROTOCOL.md#unauthorized). Only a 401 can wipe the
// credentials, but a single 401 is not believed: a hub hiccup must not strand a device the cloud
// still knows ("already registered" forever). The rejected credentials are kept aside; each 401
// is followed by ONE registration attempt:
//   * it succeeds  → the cloud really dropped the device: the new identity replaces the old one;
//   * "already registered" or any other failure → the device still exists (or the hub is ill):
//     the kept credentials are tried again after a backoff (30 s, doubling, capped at 5 min).
// The credentials are wiped for good only after UNAUTHORIZED_RULE.rejections 401s whose first and
// last are at least UNAUTHORIZED_RULE.spanMs apart, with no successful telemetry in between.
// The count lives in memory: a restart starts it again from the file it kept.
import type { Random } from '../deps';
import type { Identity } from '../state/schema';
import type { AgentDeps } from './agent';
import { registerOnce } from './registration';

export const UNAUTHORIZED_RULE = { rejections: 3, spanMs: 10 * 60_000 } as const;
const KEPT_RETRY = { startMs: 30_000, capMs: 5 * 60_000 } as const;

export interface RejectionLog {
  record(nowMs: number): void;
  /** True once the rule is met: wipe for good. */
  isFinal(): boolean;
  /** After a successful telemetry with the credentials in use. */
  reset(): void;
  readonly count: number;
}

export function createRejectionLog(rule: { rejections: number; spanMs: number } = UNAUTHORIZED_RULE): RejectionLog {
  let times: number[] = [];
  return {
    record: (nowMs) => void times.push(nowMs),
    isFinal: () => times.length >= rule.rejections && times[times.length - 1]! - times[0]! >= rule.spanMs,
    reset: () => void (times = []),
    get count() {
      return times.length;
    },
  };
}

/** The wait before the kept credentials are tried again after the n-th 401 (n ≥ 1): equal jitter. */
export function keptCredentialsDelay(n: number, random: Random): number {
  const base = Math.min(KEPT_RETRY.capMs, KEPT_RETRY.startMs * 2 ** Math.min(20, Math.max(0, n - 1)));
  return Math.floor(base * (0.5 + 0.5 * random()));
}

/** After a session ended with 401: adopt a new identity, wait and retry the kept one, or wipe. */
export async function handleUnauthorized(deps: AgentDeps, rejected: Identity, log: RejectionLog, signal: AbortSignal): Promise<void> {
  const { env, view } = deps;
  log.record(env.clock.now());
  if (log.isFinal()) {
    log.reset();
    wipeCredentials(deps);
    return;
  }
  view.status.setConnection({ state: 'registering', attempt: log.count, message: "The hub refused this device's credentials; checking with Xyte" });
  const outcome = await registerOnce({ ...env, ...deps.registration });
  if (outcome.kind === 'registered') {
    // The cloud really dropped the old record: the new identity (already saved) replaces it.
    log.reset();
    adoptNewIdentity(deps, outcome.identity);
    return;
  }
  const delayMs = keptCredentialsDelay(log.count, env.random);
  env.logger.warn('credentials refused (401) but the device is not gone; retrying them', {
    rejections: log.count,
    deviceId: rejected.deviceId,
    registration: outcome.kind,
    reason: outcome.message,
    retryInMs: delayMs,
  });
  view.status.setConnection({
    state: 'offline',
    message: "The hub refused this device's credentials; trying them again",
    nextRetryAt: new Date(env.clock.now() + delayMs).toISOString(),
  });
  await env.clock.sleep(delayMs, signal);
}

function adoptNewIdentity(deps: AgentDeps, identity: Identity): void {
  // A refusal belonged to the old device record; the new one starts from its own config.
  deps.view.issues.clear('config');
  deps.view.state.wipeCloudScoped();
  deps.view.state.update({ reportedFirmwareVersion: deps.env.appVersion });
  deps.onIdentity?.(identity);
  deps.env.logger.warn('the hub no longer knew this device; registered again', { deviceId: identity.deviceId });
}

/** Repeated 401s over the documented period: drop the credentials for good (hardware identity kept). */
function wipeCredentials(deps: AgentDeps): void {
  deps.view.issues.clear('config');
  deps.registration.identityStore.wipe();
  deps.view.state.wipeCloudScoped();
  deps.onIdentity?.(null);
  deps.env.logger.warn('credentials wiped after repeated 401s; registering again', { rule: UNAUTHORIZED_RULE });
  deps.view.status.setConnection({ state: 'registering', attempt: 0, message: 'The hub no longer knows this device; registering again' });
}
