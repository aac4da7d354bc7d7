import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDeviceConfig, type ContentConfig } from '../../../app/core/config/device-config';
import { chooseUtcOffset, choosePlaylist, nextScheduleBoundary, upcomingPlaylists } from '../../../app/core/content/schedule';

const item = { type: 'image', url: 'https://media.example/a.png' };

function content(raw: Record<string, unknown>): ContentConfig {
  const playlists = Object.fromEntries(['breakfast', 'lunch', 'night', 'promo', 'loop'].map((name) => [name, { items: [item] }]));
  const result = parseDeviceConfig({ content: { playlists, ...raw } });
  if (!result.ok) throw new Error(result.error);
  return result.config.content;
}

/** An instant given as UTC ISO text; 2026-11-30 is a Monday. */
const at = (iso: string) => Date.parse(`${iso}Z`);

describe('choosePlaylist', () => {
  const dayparts = content({
    default_playlist: 'loop',
    schedule: [
      { playlist: 'breakfast', start: '06:00', end: '11:00', weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'] },
      { playlist: 'lunch', start: '11:00', end: '14:00' },
      { playlist: 'night', start: '22:00', end: '06:00', weekdays: ['fri'] },
    ],
  });

  it.each([
    ['2026-11-30T05:59', 'loop', 'default'], // Monday before breakfast
    ['2026-11-30T06:00', 'breakfast', 'entry'], // start inclusive
    ['2026-11-30T10:59', 'breakfast', 'entry'],
    ['2026-11-30T11:00', 'lunch', 'entry'], // end exclusive, next window starts
    ['2026-12-05T07:00', 'loop', 'default'], // Saturday: no breakfast
    ['2026-12-04T22:00', 'night', 'entry'], // Friday evening
    ['2026-12-05T03:00', 'night', 'entry'], // Saturday early morning belongs to Friday's window
    ['2026-12-05T06:00', 'loop', 'default'], // overnight end exclusive
    ['2026-12-01T03:00', 'loop', 'default'], // Tuesday early morning: Monday has no night window
  ])('at %s (UTC space) plays %s', (iso, playlist, kind) => {
    expect(choosePlaylist(dayparts, at(iso), 0)).toMatchObject({ kind, playlist });
  });

  it('lets the higher priority win, and the earlier entry win a tie', () => {
    const c = content({
      schedule: [
        { playlist: 'lunch', priority: 1 },
        { playlist: 'promo', priority: 5, from: '2026-12-01', until: '2026-12-02' },
        { playlist: 'night', priority: 1 },
      ],
    });
    expect(choosePlaylist(c, at('2026-11-30T12:00'), 0)).toEqual({ kind: 'entry', playlist: 'lunch', entryIndex: 0 });
    expect(choosePlaylist(c, at('2026-12-01T00:00'), 0)).toEqual({ kind: 'entry', playlist: 'promo', entryIndex: 1 });
    expect(choosePlaylist(c, at('2026-12-02T23:59'), 0)).toMatchObject({ playlist: 'promo' }); // until is inclusive
    expect(choosePlaylist(c, at('2026-12-03T00:00'), 0)).toMatchObject({ playlist: 'lunch' });
  });

  it('reads dates and windows in the space offset, not UTC', () => {
    const c = content({ schedule: [{ playlist: 'breakfast', start: '06:00', end: '11:00', from: '2026-12-01' }] });
    // 2026-11-30T21:30Z is 2026-12-01 06:30 at UTC+09:00 but still Nov 30 in UTC.
    expect(choosePlaylist(c, at('2026-11-30T21:30'), 9 * 60)).toMatchObject({ playlist: 'breakfast' });
    expect(choosePlaylist(c, at('2026-11-30T21:30'), 0)).toEqual({ kind: 'none' });
    // UTC−05:00: 11:30Z is 06:30 local.
    expect(choosePlaylist(c, at('2026-12-01T11:30'), -300)).toMatchObject({ playlist: 'breakfast' });
    expect(choosePlaylist(c, at('2026-12-01T11:30'), 0)).toEqual({ kind: 'none' });
  });

  it('treats no window (or start === end) as all day', () => {
    const c = content({ schedule: [{ playlist: 'promo', weekdays: ['mon'] }, { playlist: 'lunch', start: '09:00', end: '09:00', weekdays: ['tue'] }] });
    expect(choosePlaylist(c, at('2026-11-30T00:00'), 0)).toMatchObject({ playlist: 'promo' });
    expect(choosePlaylist(c, at('2026-11-30T23:59'), 0)).toMatchObject({ playlist: 'promo' });
    expect(choosePlaylist(c, at('2026-12-01T08:00'), 0)).toMatchObject({ playlist: 'lunch' });
  });

  it('changes its answer as soon as the config changes mid-item', () => {
    const now = at('2026-11-30T12:30');
    expect(choosePlaylist(dayparts, now, 0)).toMatchObject({ playlist: 'lunch' });
    const changed = content({ default_playlist: 'loop', schedule: [{ playlist: 'promo', start: '12:00', end: '13:00', priority: 9 }] });
    expect(choosePlaylist(changed, now, 0)).toMatchObject({ playlist: 'promo' });
  });

  it('answers none with no schedule and no default', () => {
    expect(choosePlaylist(content({}), at('2026-11-30T12:00'), 0)).toEqual({ kind: 'none' });
  });
});

describe('chooseUtcOffset', () => {
  const machine = () => 120;
  it.each([
    [60, 60],
    [-720, -720],
    [undefined, 120],
    [15 * 60, 120], // implausible → machine
    [30.5, 120],
  ])('space %s → %s', (space, expected) => {
    expect(chooseUtcOffset(0, space, machine)).toBe(expected);
  });
});

describe('nextScheduleBoundary', () => {
  const c = content({ schedule: [{ playlist: 'night', start: '22:00', end: '06:00' }] });
  it.each([
    ['2026-11-30T12:00', 0, '2026-11-30T22:00'],
    ['2026-11-30T22:00', 0, '2026-12-01T00:00'], // midnight: weekday/date limits may change
    ['2026-12-01T00:00', 0, '2026-12-01T06:00'],
    ['2026-11-30T12:00', 60, '2026-11-30T21:00'], // 22:00 at UTC+1
  ])('after %s (offset %i) is %s', (iso, offset, expected) => {
    expect(nextScheduleBoundary(c, at(iso), offset)).toBe(at(expected));
  });

  it('is always in the future and at most a day ahead (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.integer({ min: -720, max: 840 }), (now, offset) => {
        const next = nextScheduleBoundary(c, now, offset);
        return next > now && next - now <= 24 * 3_600_000;
      }),
    );
  });
});

describe('upcomingPlaylists', () => {
  it('lists the playlist playing now and those coming within a day', () => {
    const c = content({ default_playlist: 'loop', schedule: [{ playlist: 'night', start: '22:00', end: '06:00' }, { playlist: 'promo', from: '2027-01-01' }] });
    expect([...upcomingPlaylists(c, at('2026-11-30T12:00'), 0)].sort()).toEqual(['loop', 'night']);
  });
});
