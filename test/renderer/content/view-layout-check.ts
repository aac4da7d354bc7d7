// The invariants of a web item view's layout, shared by the property test.
import { expect } from 'vitest';
import { viewBoundsSchema, type ViewLayout } from '../../../app/ipc/contract';
import type { Rect } from '../../../renderer/content/view-layout';

export function viewLayoutCheck(layout: ViewLayout, screen: { width: number; height: number }, overlays: readonly Rect[]): void {
  expect(viewBoundsSchema.safeParse(layout.bounds).success).toBe(true); // fits the IPC contract
  const b = layout.bounds;
  expect(b.x + b.width).toBeLessThanOrEqual(screen.width);
  expect(b.y + b.height).toBeLessThanOrEqual(screen.height);
  if (!layout.visible) return;
  for (const o of overlays) {
    if (!(o.width > 0 && o.height > 0)) continue;
    const apart = b.x + b.width <= o.x || o.x + o.width <= b.x || b.y + b.height <= o.y || o.y + o.height <= b.y;
    expect(apart, JSON.stringify({ b, o })).toBe(true);
  }
}
