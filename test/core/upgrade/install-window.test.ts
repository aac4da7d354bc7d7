// The `auto` policy's window: local time from the space's utc_offset, windows across midnight.
import { describe, expect, it } from 'vitest';
import { effectiveUtcOffset, isInsideWindow, localMinuteOfDay, minuteOfDay } from '../../../app/core/upgrade/install-window';

const at = (utc: string) => Date.parse(`2025-06-01T${utc}:00.000Z`);

describe('upgrade window', () => {
  it.each([
    // window, UTC time, offset (min), inside?
    [{ start: '02:00', end: '04:00' }, '02:00', 0, true],
    [{ start: '02:00', end: '04:00' }, '03:59', 0, true],
    [{ start: '02:00', end: '04:00' }, '04:00', 0, false],
    [{ start: '02:00', end: '04:00' }, '01:59', 0, false],
    [{ start: '02:00', end: '04:00' }, '00:30', 120, true],
    [{ start: '02:00', end: '04:00' }, '02:30', -60, false],
    [{ start: '02:00', end: '04:00' }, '03:30', -60, true],
    // crossing midnight
    [{ start: '22:00', end: '03:00' }, '23:15', 0, true],
    [{ start: '22:00', end: '03:00' }, '00:00', 0, true],
    [{ start: '22:00', end: '03:00' }, '02:59', 0, true],
    [{ start: '22:00', end: '03:00' }, '03:00', 0, false],
    [{ start: '22:00', end: '03:00' }, '12:00', 0, false],
    [{ start: '22:00', end: '03:00' }, '12:00', 600, true],
    [{ start: '22:00', end: '03:00' }, '21:30', 60, true],
    // the local day wraps backwards too (UTC just after midnight, negative offset)
    [{ start: '22:00', end: '23:00' }, '00:30', -120, true],
    // start === end: the whole day
    [{ start: '05:00', end: '05:00' }, '17:42', 0, true],
  ] as const)('%o at %s UTC%+d → %s', (window, utc, offset, inside) => {
    expect(isInsideWindow(window, at(utc), offset)).toBe(inside);
  });

  it('computes the local minute of the day in both directions', () => {
    expect(minuteOfDay('00:00')).toBe(0);
    expect(minuteOfDay('23:59')).toBe(1439);
    expect(localMinuteOfDay(at('23:30'), 60)).toBe(30);
    expect(localMinuteOfDay(at('00:30'), -60)).toBe(1410);
    expect(localMinuteOfDay(at('12:00'), 14 * 60)).toBe(120);
  });

  it('refuses a malformed time instead of guessing', () => {
    expect(() => minuteOfDay('24:00')).toThrow(/HH:MM/);
    expect(() => minuteOfDay('2:00')).toThrow(/HH:MM/);
  });

  it('uses the space offset when known, else the host offset', () => {
    expect(effectiveUtcOffset(at('12:00'), 330)).toBe(330);
    expect(effectiveUtcOffset(at('12:00'), 0)).toBe(0);
    expect(effectiveUtcOffset(at('12:00'), undefined)).toBe(-new Date(at('12:00')).getTimezoneOffset());
  });
});
