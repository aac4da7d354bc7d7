// The clock in the top bar: the space's local time when the cloud tells its utc_offset (the
// kiosk's own time zone may be UTC or wrong), else the machine's local time. 24-hour HH:MM.

/** `utcOffsetMin` is bounded here too: the core passes the hub's value through as an integer. */
export function formatClock(nowMs: number, utcOffsetMin: number | undefined): string {
  if (utcOffsetMin !== undefined && Number.isFinite(utcOffsetMin) && Math.abs(utcOffsetMin) <= 18 * 60) {
    return new Date(nowMs + utcOffsetMin * 60_000).toISOString().slice(11, 16);
  }
  const local = new Date(nowMs);
  return `${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}`;
}
