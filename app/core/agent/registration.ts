// The registration loop (docs/PROTOCOL.md#registration, #duplicate-registration). The reply is
// persisted BEFORE anything else happens: losing it would leave a device the cloud knows but that
// can never authenticate again ("already registered" forever).
import type { ConnectionState } from '../../ipc/contract';
import type { Clock, Random } from '../deps';
import { describeHubError, HubError, type EntryClient, type JsonObject, type RegisterRequest, type Registration } from '../hub';
import type { Logger } from '../log/logger';
import type { HardwareIdentity, Identity } from '../state/schema';
import { alreadyRegisteredDelay, createBackoff, rateLimitDelay, REGISTRATION_BACKOFF } from './backoff';
import { assertNever } from '../util/assert-never';

export type RegistrationState =
  | { kind: 'unregistered' }
  | { kind: 'registering'; attempt: number; nextRetryAt?: number; message?: string }
  | { kind: 'already-registered'; message: string; nextRetryAt: number }
  | { kind: 'registered'; identity: Identity };

/** The part of the identity store registration needs. */
export interface IdentityStoreLike {
  load(): Identity | null;
  save(identity: Identity): void;
  wipe(): void;
}

export interface RegistrationDeps {
  entry: EntryClient;
  identityStore: IdentityStoreLike;
  hardware: HardwareIdentity;
  appVersion: string;
  name?: string | undefined;
  details?: JsonObject | undefined;
  clock: Clock;
  random: Random;
  logger: Logger;
  onState(state: RegistrationState): void;
  signal: AbortSignal;
}

/** Registers until it succeeds; rejects only with an AbortError when `signal` aborts. */
export async function registerUntilDone(deps: RegistrationDeps): Promise<Identity> {
  const backoff = createBackoff(REGISTRATION_BACKOFF, deps.random);
  const body = buildRegisterRequest(deps.hardware, deps.appVersion, deps.name, deps.details);
  for (let attempt = 1; ; attempt += 1) {
    deps.signal.throwIfAborted();
    deps.onState({ kind: 'registering', attempt });
    let registration: Registration;
    try {
      registration = await deps.entry.registerDevice(body);
    } catch (error) {
      const next = stateAfterFailure(error, attempt, deps, () => backoff.next());
      deps.logger.warn('registration failed', { attempt, error, retryInMs: next.delayMs });
      deps.onState(next.state);
      await deps.clock.sleep(next.delayMs, deps.signal);
      continue;
    }
    // Saved even when we are stopping: the cloud already holds this device.
    const identity = identityFrom(registration, deps.clock.now());
    deps.identityStore.save(identity);
    deps.logger.info('registered', { deviceId: identity.deviceId, hubUrl: identity.hubUrl });
    deps.onState({ kind: 'registered', identity });
    return identity;
  }
}

export type RegisterOnceOutcome =
  | { kind: 'registered'; identity: Identity }
  | { kind: 'already-registered'; message: string }
  | { kind: 'failed'; message: string };

/** One Register Device call (after a 401): the new identity is saved before anything else. */
export async function registerOnce(deps: Omit<RegistrationDeps, 'onState' | 'signal'>): Promise<RegisterOnceOutcome> {
  try {
    const registration = await deps.entry.registerDevice(buildRegisterRequest(deps.hardware, deps.appVersion, deps.name, deps.details));
    const identity = identityFrom(registration, deps.clock.now());
    deps.identityStore.save(identity);
    deps.logger.info('registered', { deviceId: identity.deviceId, hubUrl: identity.hubUrl });
    return { kind: 'registered', identity };
  } catch (error) {
    const message = error instanceof HubError ? describeHubError(error) : String(error);
    return isAlreadyRegistered(error) ? { kind: 'already-registered', message } : { kind: 'failed', message };
  }
}

export function buildRegisterRequest(hardware: HardwareIdentity, appVersion: string, name?: string, details?: JsonObject): RegisterRequest {
  return {
    hardware_key: hardware.hardwareKey,
    sn: hardware.sn,
    firmware_version: appVersion,
    ...(hardware.cloudId ? { cloud_id: hardware.cloudId } : {}),
    ...(hardware.mac ? { mac: hardware.mac } : {}),
    ...(name ? { name } : {}),
    ...(details ? { details } : {}),
  };
}

export function identityFrom(registration: Registration, nowMs: number): Identity {
  return {
    deviceId: registration.id,
    accessKey: registration.access_key,
    hubUrl: registration.hub_url,
    ...(registration.hub_url_static_cert ? { hubUrlStaticCert: registration.hub_url_static_cert } : {}),
    ...(registration.mqtt_hub_url ? { mqttHubUrl: registration.mqtt_hub_url } : {}),
    registeredAt: new Date(nowMs).toISOString(),
  };
}

/** Duplicate registration: legacy 422, or an error text containing "already" (docs/PROTOCOL.md#duplicate-registration). */
export function isAlreadyRegistered(error: unknown): boolean {
  if (!(error instanceof HubError) || error.kind !== 'rejected') return false;
  return error.status === 422 || /already/i.test(error.details.serverMessage ?? '');
}

function stateAfterFailure(
  error: unknown,
  attempt: number,
  deps: RegistrationDeps,
  nextBackoff: () => number,
): { state: RegistrationState; delayMs: number } {
  const now = deps.clock.now();
  if (isAlreadyRegistered(error)) {
    const delayMs = alreadyRegisteredDelay(deps.random);
    const server = error instanceof HubError && error.details.serverMessage ? ` (${error.details.serverMessage})` : '';
    const message = `This device is already registered${server}. Delete or replace it in the Xyte portal; retrying hourly.`;
    return { state: { kind: 'already-registered', message, nextRetryAt: now + delayMs }, delayMs };
  }
  const rateLimited = error instanceof HubError && error.kind === 'rate-limited';
  const delayMs = rateLimited ? rateLimitDelay(error.details.retryAfterMs, deps.random) : nextBackoff();
  const message = error instanceof HubError ? describeHubError(error) : `Registration failed: ${String(error)}`;
  return { state: { kind: 'registering', attempt, nextRetryAt: now + delayMs, message }, delayMs };
}

/** How a registration state shows on screen (the registered case is the loop's business). */
export function connectionForRegistration(state: RegistrationState): ConnectionState {
  const iso = (ms: number) => new Date(ms).toISOString();
  switch (state.kind) {
    case 'unregistered':
      return { state: 'unregistered' };
    case 'registering':
      return {
        state: 'registering',
        attempt: state.attempt,
        ...(state.nextRetryAt !== undefined ? { nextRetryAt: iso(state.nextRetryAt) } : {}),
        ...(state.message ? { message: state.message.slice(0, 2000) } : {}),
      };
    case 'already-registered':
      return { state: 'already-registered', message: state.message.slice(0, 2000), nextRetryAt: iso(state.nextRetryAt) };
    case 'registered':
      return { state: 'online' };
    default:
      return assertNever(state, 'registration state');
  }
}
