// Get License loop (docs/PROTOCOL.md#licenses): one license change at a time until the
// hub says nothing is pending. Each change is verified (when a partner key is configured), applied
// and persisted before Update License reports it, so a crash in between just replays the same
// change — upsert and delete are idempotent.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { StateAccess } from '../state/state-access';
import type { Clock } from '../deps';
import type { HubClient, LicenseChange, UpdateLicenseRequest } from '../hub';
import type { Logger } from '../log/logger';
import type { License } from '../state/schema';
import { isLicenseExpired, serverNow, serverOffsetFrom } from './license-clock';

export interface LicenseSyncOptions {
  hub: Pick<HubClient, 'getLicense' | 'updateLicense'>;
  state: StateAccess;
  logger: Logger;
  /** Partner public key (config `licenses.public_key_pem`); without one, signatures are not checked. */
  publicKeyPem?: string | undefined;
  clock: Clock;
  /** Called after the active set changed (status screen refresh). */
  emit?: () => void;
  /** Changes handled per call, so a misbehaving hub cannot spin the loop forever. */
  maxPerSync?: number;
}

export interface LicenseSyncResult {
  processed: number;
  /** server − local from the last `current_time` seen, or null if none came. */
  serverOffsetMs: number | null;
}

type Verdict = { ok: true } | { ok: false; reason: string };

export async function syncLicenses(options: LicenseSyncOptions): Promise<LicenseSyncResult> {
  const { hub, logger, clock } = options;
  const key = options.publicKeyPem ? createPublicKey(options.publicKeyPem) : null;
  const max = options.maxPerSync ?? 50;
  let processed = 0;
  let serverOffsetMs: number | null = null;

  while (processed < max) {
    const change = await hub.getLicense();
    if (!change) break;
    serverOffsetMs = serverOffsetFrom(change.current_time, clock.now()) ?? serverOffsetMs;
    const report = applyChange(options, change, key, serverOffsetMs);
    await hub.updateLicense(report);
    processed++;
    logger.info('license processed', { id: change.id, action: change.action, state: report.state, error: report.error });
  }
  if (processed >= max) logger.warn('license sync stopped at its per-call limit; continuing next time', { limit: max });
  return { processed, serverOffsetMs };
}

function applyChange(options: LicenseSyncOptions, change: LicenseChange, key: KeyObject | null, offsetMs: number | null): UpdateLicenseRequest {
  switch (change.action) {
    case 'remove':
      // Not signature-checked: the hub is authenticated and a revocation must always take effect.
      removeLicense(options, change.id);
      return { id: change.id, state: 'removed' };
    case 'add':
    case 'update': {
      const verdict = verifyLicense(change, key);
      if (!verdict.ok) return { id: change.id, state: 'error', error: verdict.reason };
      const expiry = normalizeExpiry(change.expires_at ?? null);
      if (!expiry.ok) return { id: change.id, state: 'error', error: 'expires_at is not a date' };
      const expiresAt = expiry.value;
      if (isLicenseExpired({ expiresAt }, serverNow(options.clock.now(), offsetMs))) {
        removeLicense(options, change.id);
        return { id: change.id, state: 'error', error: `license expired at ${expiresAt ?? '?'} (server time)` };
      }
      upsertLicense(options, change, expiresAt);
      return { id: change.id, state: 'inuse' };
    }
    default: {
      const action: string = (change as { action: string }).action;
      return { id: change.id, state: 'error', error: `unsupported license action "${action}"` };
    }
  }
}

/** RSA (PKCS#1 v1.5) SHA-256 over the `data` string, signature base64 (docs/PROTOCOL.md#licenses). */
export function verifyLicense(change: Pick<LicenseChange, 'data' | 'signature'>, key: KeyObject | null): Verdict {
  if (!key) return { ok: true };
  if (!change.signature) return { ok: false, reason: 'license signature missing' };
  const signature = Buffer.from(change.signature, 'base64');
  return signatureMatches(change.data, key, signature) ? { ok: true } : { ok: false, reason: 'license signature invalid' };
}

function signatureMatches(data: string, key: KeyObject, signature: Buffer): boolean {
  try {
    return signature.length > 0 && verify('sha256', Buffer.from(data, 'utf8'), key, signature);
  } catch {
    return false; // malformed signature bytes: as invalid as a wrong one
  }
}

function upsertLicense(options: LicenseSyncOptions, change: LicenseChange, expiresAt: string | null): void {
  const now = new Date(options.clock.now()).toISOString();
  let changed = false;
  options.state.update((current) => {
    const existing = current.licenses.find((license) => license.id === change.id);
    const next: License = { id: change.id, data: change.data, expiresAt, addedAt: existing?.addedAt ?? now };
    changed = !existing || existing.data !== next.data || existing.expiresAt !== next.expiresAt;
    if (!changed) return {};
    return { licenses: [...current.licenses.filter((license) => license.id !== change.id), next] };
  });
  if (changed) options.emit?.();
}

function removeLicense(options: LicenseSyncOptions, id: string): void {
  let changed = false;
  options.state.update((current) => {
    changed = current.licenses.some((license) => license.id === id);
    return changed ? { licenses: current.licenses.filter((license) => license.id !== id) } : {};
  });
  if (changed) options.emit?.();
}

/**
 * A license's `expires_at` from the hub, bounded where it enters: a readable date is kept as sent
 * when it is at most 64 characters, else stored as a plain ISO string; anything else is refused.
 */
export function normalizeExpiry(text: string | null): { ok: true; value: string | null } | { ok: false } {
  if (text === null) return { ok: true, value: null };
  const ms = text.length <= 200 ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(ms)) return { ok: false };
  return { ok: true, value: text.length <= 64 ? text : new Date(ms).toISOString() };
}
