// Where a web item's view may sit (Electron, docs/ARCHITECTURE.md#web-item-views): views are drawn
// over the kiosk page, so the page keeps its own UI visible by giving the view only the part of
// the window that no kiosk UI overlaps, and by hiding it while a dialog covers the content. Pure.
import type { ViewBounds, ViewLayout } from '../../app/ipc/contract';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The contract's bound on a side (no screen is larger). */
const MAX_SIDE = 16_384;

const area = (r: Rect) => r.width * r.height;

function wholePixels(r: Rect): Rect | null {
  if (![r.x, r.y, r.width, r.height].every(Number.isFinite) || r.width <= 0 || r.height <= 0) return null;
  // Outward, so the view never covers even a pixel of the overlay.
  const x = Math.floor(r.x);
  const y = Math.floor(r.y);
  return { x, y, width: Math.ceil(r.x + r.width) - x, height: Math.ceil(r.y + r.height) - y };
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The largest of the four parts of `r` beside `o` (above, below, left, right). */
function besides(r: Rect, o: Rect): Rect {
  const top = Math.max(r.y, o.y);
  const bottom = Math.min(r.y + r.height, o.y + o.height);
  const left = Math.max(r.x, o.x);
  const right = Math.min(r.x + r.width, o.x + o.width);
  const parts: Rect[] = [
    { x: r.x, y: r.y, width: r.width, height: top - r.y },
    { x: r.x, y: bottom, width: r.width, height: r.y + r.height - bottom },
    { x: r.x, y: r.y, width: left - r.x, height: r.height },
    { x: right, y: r.y, width: r.x + r.width - right, height: r.height },
  ];
  return parts.reduce((best, part) => (area(part) > area(best) ? part : best));
}

/**
 * The live view's layout: hidden while `covered` (a dialog, the diagnostics view), else the
 * largest rectangle of the viewport (greedily, overlay by overlay) that no overlay touches.
 */
export function viewLayoutFor(viewport: { width: number; height: number }, overlays: readonly Rect[], covered: boolean): ViewLayout {
  const side = (n: number) => (Number.isFinite(n) ? Math.min(MAX_SIDE, Math.max(0, Math.floor(n))) : 0);
  let bounds: Rect = { x: 0, y: 0, width: side(viewport.width), height: side(viewport.height) };
  for (const raw of overlays) {
    const overlay = wholePixels(raw);
    if (overlay && area(bounds) > 0 && overlaps(bounds, overlay)) bounds = besides(bounds, overlay);
  }
  const visible = !covered && area(bounds) > 0;
  return { visible, bounds: bounds as ViewBounds };
}

/** Same layout: no IPC needed. */
export function sameLayout(a: ViewLayout | null, b: ViewLayout): boolean {
  return a !== null && a.visible === b.visible && a.bounds.x === b.bounds.x && a.bounds.y === b.bounds.y && a.bounds.width === b.bounds.width && a.bounds.height === b.bounds.height;
}
