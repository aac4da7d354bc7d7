// Human time for a screen read from metres away: short, rounded, never "NaN".

/** "just now", "12 s ago", "5 min ago", "3 h ago", "2 d ago"; "never" when there is no time. */
export function formatAgo(iso: string | null | undefined, nowMs: number): string {
  const at = iso ? Date.parse(iso) : NaN;
  if (!Number.isFinite(at)) return 'never';
  const sec = Math.max(0, Math.floor((nowMs - at) / 1000));
  if (sec < 2) return 'just now';
  if (sec < 60) return `${sec} s ago`;
  if (sec < 3600) return `${Math.floor(sec / 60)} min ago`;
  if (sec < 86_400) return `${Math.floor(sec / 3600)} h ago`;
  return `${Math.floor(sec / 86_400)} d ago`;
}

/** "in 12 s", "in 4 min", "now" for a retry time; null when there is none or it is unreadable. */
export function formatUntil(iso: string | null | undefined, nowMs: number): string | null {
  const at = iso ? Date.parse(iso) : NaN;
  if (!Number.isFinite(at)) return null;
  const sec = Math.ceil((at - nowMs) / 1000);
  if (sec <= 0) return 'now';
  return `in ${formatDuration(sec)}`;
}

/** "45 s", "4 min", "1 h 5 min" — coarse on purpose: a countdown that jitters is noise. */
export function formatDuration(totalSec: number): string {
  const sec = Math.max(0, Math.round(totalSec));
  if (sec < 60) return `${sec} s`;
  if (sec < 3600) return `${Math.round(sec / 60)} min`;
  const h = Math.floor(sec / 3600);
  const m = Math.round((sec % 3600) / 60);
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** "about 20 s left"; null when the ETA is unknown. */
export function formatEta(etaSec: number | null | undefined): string | null {
  if (etaSec === null || etaSec === undefined || !Number.isFinite(etaSec)) return null;
  return etaSec < 1 ? 'almost done' : `about ${formatDuration(etaSec)} left`;
}

/** "31 Jan 2027" for licence expiry; the raw text when unreadable. */
export function formatDate(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return at.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}
