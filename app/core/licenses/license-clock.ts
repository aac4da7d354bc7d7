// License expiry is judged by SERVER time (docs/PROTOCOL.md#licenses): a kiosk with a wrong or rolled-back RTC
// must not keep (or lose) licenses because of its own clock. The hub sends `current_time` with each
// license; the offset (server − local) is then applied to the local clock.
import type { LicenseSummary } from '../../ipc/schemas';
import type { License } from '../state/schema';

/** server − local, in ms; null when `currentTime` is missing or unparseable. */
export function serverOffsetFrom(currentTime: string | undefined, localNowMs: number): number | null {
  if (!currentTime) return null;
  const serverMs = Date.parse(currentTime);
  return Number.isFinite(serverMs) ? serverMs - localNowMs : null;
}

/** The server's "now" as best known: the local clock when no offset was ever learned. */
export function serverNow(localNowMs: number, serverOffsetMs: number | null): number {
  return localNowMs + (serverOffsetMs ?? 0);
}

export function isLicenseExpired(license: Pick<License, 'expiresAt'>, serverNowMs: number): boolean {
  if (license.expiresAt === null) return false;
  const expiresMs = Date.parse(license.expiresAt);
  // An unreadable expiry is treated as expired: honouring it forever would be the worse mistake.
  return !Number.isFinite(expiresMs) || expiresMs <= serverNowMs;
}

export function activeLicenses(licenses: readonly License[], nowMs: number, serverOffsetMs: number | null): License[] {
  const now = serverNow(nowMs, serverOffsetMs);
  return licenses.filter((license) => !isLicenseExpired(license, now));
}

/** What the status screen shows (ids and expiry only — never the license payload). */
export function summarizeLicenses(licenses: readonly License[], nowMs: number, serverOffsetMs: number | null): LicenseSummary {
  const active = activeLicenses(licenses, nowMs, serverOffsetMs);
  return {
    active: active.length,
    items: active.slice(0, 500).map((license) => ({ id: license.id.slice(0, 100), expiresAt: license.expiresAt })),
  };
}

/** Keeps the last learned server offset in memory (the agent also passes it to the summary). */
export function createLicenseClock(initialOffsetMs: number | null = null) {
  let offset = initialOffsetMs;
  return {
    offsetMs: () => offset,
    learn(next: number | null) {
      if (next !== null) offset = next;
    },
  };
}
