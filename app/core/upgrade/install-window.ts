// The `upgrade.window` of the `auto` policy (docs/PROTOCOL.md#firmware-notice): "HH:MM"–"HH:MM" in the kiosk's local
// time. Local time is UTC shifted by the space's `utc_offset` when the cloud told us one (the
// kiosk's OS clock zone is often left at UTC on signage players), else by the host's own offset.
// Pure, so it can be table-tested without touching the clock.

export interface UpgradeWindow {
  start: string;
  end: string;
}

const MINUTES_PER_DAY = 24 * 60;

/** "02:30" → 150; throws on anything that is not HH:MM (the config schema already checked it). */
export function minuteOfDay(hhmm: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) throw new Error(`"${hhmm}" is not a time of day HH:MM`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Local minute of the day for an instant, given the offset from UTC in minutes (east positive). */
export function localMinuteOfDay(nowMs: number, utcOffsetMin: number): number {
  const shifted = Math.floor(nowMs / 60_000) + utcOffsetMin;
  return ((shifted % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
}

/**
 * True when `nowMs` is inside the window. The start is inclusive and the end exclusive; a window
 * whose end is before its start crosses midnight (22:00–03:00). Decision: start === end means the
 * whole day — an operator who wants "never" sets the policy to `prompt` or `off` instead.
 */
export function isInsideWindow(window: UpgradeWindow, nowMs: number, utcOffsetMin: number): boolean {
  const start = minuteOfDay(window.start);
  const end = minuteOfDay(window.end);
  const now = localMinuteOfDay(nowMs, utcOffsetMin);
  if (start === end) return true;
  if (start < end) return now >= start && now < end;
  return now >= start || now < end;
}

/** The offset to use: the space's when known, else the host's at that instant. */
export function effectiveUtcOffset(nowMs: number, spaceUtcOffsetMin: number | undefined): number {
  return spaceUtcOffsetMin ?? -new Date(nowMs).getTimezoneOffset();
}
