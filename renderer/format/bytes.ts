// Sizes and speeds in decimal units (what download dialogs and spec sheets use).

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** "0 B", "512 B", "1.5 MB", "84 MB" — one decimal below 10 units, none above. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const text = unit === 0 || value >= 10 ? Math.round(value).toString() : value.toFixed(1);
  return `${text} ${UNITS[unit]}`;
}

/** "2.6 MB/s" */
export function formatRate(bytesPerSec: number): string {
  return `${formatBytes(bytesPerSec)}/s`;
}

/** Whole percent 0–100, or null when the total is unknown. */
export function percentOf(done: number, total: number | null): number | null {
  if (total === null || !(total > 0)) return null;
  return Math.max(0, Math.min(100, Math.floor((done / total) * 100)));
}
