// Which playlist plays now: a pure function of the `content` config, an instant and the space's
// offset from UTC, so every rule can be table-tested on an injected clock. Times are the space's
// local time (Get Space Info `utc_offset`, in minutes); without one, the machine's own zone.
import type { ContentConfig, ScheduleEntry } from '../config/device-config';

export type ScheduleChoice =
  | { kind: 'entry'; playlist: string; entryIndex: number }
  | { kind: 'default'; playlist: string }
  | { kind: 'none' };

const MINUTE_MS = 60_000;
const DAY_MIN = 24 * 60;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
/** Real offsets span UTC−12:00 … UTC+14:00; anything else from the hub is ignored. */
const MAX_OFFSET_MIN = 14 * 60;

/** The space's offset when it is a plausible one, else the machine's at that instant. */
export function chooseUtcOffset(nowMs: number, spaceOffsetMin: number | undefined, machineOffsetMin = machineOffsetAt): number {
  if (spaceOffsetMin !== undefined && Number.isInteger(spaceOffsetMin) && Math.abs(spaceOffsetMin) <= MAX_OFFSET_MIN) return spaceOffsetMin;
  return machineOffsetMin(nowMs);
}

export function machineOffsetAt(nowMs: number): number {
  return -new Date(nowMs).getTimezoneOffset();
}

interface LocalDay {
  date: string; // YYYY-MM-DD
  weekday: (typeof WEEKDAYS)[number];
}

function localDay(localDayIndex: number): LocalDay {
  const d = new Date(localDayIndex * DAY_MIN * MINUTE_MS);
  return { date: d.toISOString().slice(0, 10), weekday: WEEKDAYS[d.getUTCDay()] ?? 'sun' };
}

function minuteOf(hhmm: string | undefined): number {
  if (hhmm === undefined) return 0;
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function dayAllowed(entry: ScheduleEntry, day: LocalDay): boolean {
  if (entry.weekdays && !entry.weekdays.includes(day.weekday)) return false;
  if (entry.from !== undefined && day.date < entry.from) return false;
  if (entry.until !== undefined && day.date > entry.until) return false;
  return true;
}

/** True when the entry's window covers the local minute `localMin` (minutes since the epoch, local). */
export function isEntryActive(entry: ScheduleEntry, localMin: number): boolean {
  const dayIndex = Math.floor(localMin / DAY_MIN);
  const minute = localMin - dayIndex * DAY_MIN;
  const start = minuteOf(entry.start);
  const end = minuteOf(entry.end ?? entry.start);
  if (start === end) return dayAllowed(entry, localDay(dayIndex));
  if (start < end) return minute >= start && minute < end && dayAllowed(entry, localDay(dayIndex));
  // Overnight: the evening part belongs to today, the early-morning part to yesterday's window.
  if (minute >= start) return dayAllowed(entry, localDay(dayIndex));
  return minute < end && dayAllowed(entry, localDay(dayIndex - 1));
}

function toLocalMinute(nowMs: number, utcOffsetMin: number): number {
  return Math.floor(nowMs / MINUTE_MS) + utcOffsetMin;
}

/** The playlist to play at `nowMs`: the highest-priority active entry (ties: earliest), else the default. */
export function choosePlaylist(content: ContentConfig, nowMs: number, utcOffsetMin: number): ScheduleChoice {
  const localMin = toLocalMinute(nowMs, utcOffsetMin);
  let winner: { index: number; entry: ScheduleEntry } | null = null;
  for (const [index, entry] of content.schedule.entries()) {
    if (!(entry.playlist in content.playlists) || !isEntryActive(entry, localMin)) continue;
    if (winner === null || entry.priority > winner.entry.priority) winner = { index, entry };
  }
  if (winner) return { kind: 'entry', playlist: winner.entry.playlist, entryIndex: winner.index };
  if (content.default_playlist !== undefined && content.default_playlist in content.playlists) {
    return { kind: 'default', playlist: content.default_playlist };
  }
  return { kind: 'none' };
}

/**
 * The next instant (epoch ms, > nowMs, ≤ 24 h ahead) at which the choice may change: a window's
 * start or end, or local midnight (weekday and date limits). The player re-evaluates then.
 */
export function nextScheduleBoundary(content: ContentConfig, nowMs: number, utcOffsetMin: number): number {
  const localMin = toLocalMinute(nowMs, utcOffsetMin);
  const minute = ((localMin % DAY_MIN) + DAY_MIN) % DAY_MIN;
  const boundaries = new Set<number>([0]);
  for (const entry of content.schedule) {
    boundaries.add(minuteOf(entry.start));
    boundaries.add(minuteOf(entry.end ?? entry.start));
  }
  let ahead = DAY_MIN;
  for (const boundary of boundaries) {
    const delta = (boundary - minute + DAY_MIN) % DAY_MIN || DAY_MIN;
    ahead = Math.min(ahead, delta);
  }
  return (localMin + ahead - utcOffsetMin) * MINUTE_MS;
}

/** Playlists that play now or at any boundary within the next `horizonMs` (the cache keeps their media). */
export function upcomingPlaylists(content: ContentConfig, nowMs: number, utcOffsetMin: number, horizonMs = 24 * 3_600_000): Set<string> {
  const names = new Set<string>();
  let at = nowMs;
  // Bounded: at most one boundary per entry edge per day plus midnights.
  for (let step = 0; step < 2 * content.schedule.length + 4 && at <= nowMs + horizonMs; step += 1) {
    const choice = choosePlaylist(content, at, utcOffsetMin);
    if (choice.kind !== 'none') names.add(choice.playlist);
    at = nextScheduleBoundary(content, at, utcOffsetMin);
  }
  return names;
}
