import { describe, expect, it } from 'vitest';
import { activeLicenses, createLicenseClock, isLicenseExpired, serverOffsetFrom, summarizeLicenses } from '../../../app/core/licenses/license-clock';
import type { License } from '../../../app/core/state/schema';

const added = '2024-01-01T00:00:00.000Z';
const licenses: License[] = [
  { id: 'forever', data: 'a', expiresAt: null, addedAt: added },
  { id: 'may', data: 'b', expiresAt: '2024-05-01T00:00:00Z', addedAt: added },
  { id: 'july', data: 'c', expiresAt: '2024-07-01T00:00:00Z', addedAt: added },
  { id: 'broken', data: 'd', expiresAt: 'soon', addedAt: added },
];

describe('license clock', () => {
  it('computes the server offset from current_time', () => {
    expect(serverOffsetFrom('2024-04-07T23:59:59Z', Date.UTC(2024, 3, 7, 23, 59, 0))).toBe(59_000);
    expect(serverOffsetFrom(undefined, 0)).toBeNull();
    expect(serverOffsetFrom('yesterday', 0)).toBeNull();
  });

  it('expires by server time, not the local clock', () => {
    const localNow = Date.UTC(2024, 3, 1); // local clock says April
    const offsetToJune = Date.UTC(2024, 5, 1) - localNow; // the hub says June
    expect(activeLicenses(licenses, localNow, null).map((l) => l.id)).toEqual(['forever', 'may', 'july']);
    expect(activeLicenses(licenses, localNow, offsetToJune).map((l) => l.id)).toEqual(['forever', 'july']);
    // A kiosk whose clock runs ahead keeps a license the server still honours.
    const localAhead = Date.UTC(2024, 7, 1);
    expect(activeLicenses(licenses, localAhead, Date.UTC(2024, 5, 1) - localAhead).map((l) => l.id)).toEqual(['forever', 'july']);
  });

  it('treats an unreadable expiry as expired and the exact instant as expired', () => {
    expect(isLicenseExpired({ expiresAt: 'soon' }, 0)).toBe(true);
    expect(isLicenseExpired({ expiresAt: '2024-05-01T00:00:00Z' }, Date.UTC(2024, 4, 1))).toBe(true);
    expect(isLicenseExpired({ expiresAt: null }, Number.MAX_SAFE_INTEGER)).toBe(false);
  });

  it('summarizes the active set without the payload', () => {
    const summary = summarizeLicenses(licenses, Date.UTC(2024, 3, 1), Date.UTC(2024, 5, 1) - Date.UTC(2024, 3, 1));
    expect(summary).toEqual({ active: 2, items: [{ id: 'forever', expiresAt: null }, { id: 'july', expiresAt: '2024-07-01T00:00:00Z' }] });
    expect(JSON.stringify(summary)).not.toContain('"data"');
  });

  it('keeps the last learned offset', () => {
    const clock = createLicenseClock();
    expect(clock.offsetMs()).toBeNull();
    clock.learn(500);
    clock.learn(null);
    expect(clock.offsetMs()).toBe(500);
  });
});
