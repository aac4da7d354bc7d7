import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { viewLayoutCheck } from './view-layout-check';
import { sameLayout, viewLayoutFor, type Rect } from '../../../renderer/content/view-layout';

const screen = { width: 1920, height: 1080 };

describe('viewLayoutFor', () => {
  it('the whole window when no kiosk UI shows', () => {
    expect(viewLayoutFor(screen, [], false)).toEqual({ visible: true, bounds: { x: 0, y: 0, width: 1920, height: 1080 } });
  });

  it('hidden while a dialog covers the content', () => {
    expect(viewLayoutFor(screen, [], true).visible).toBe(false);
  });

  it('leaves the offline badge (top right) and a toast (bottom right) visible beside the page', () => {
    const badge = { x: 1700, y: 16, width: 204, height: 30.5 };
    const toast = { x: 1400, y: 980, width: 496, height: 80 };
    const { bounds, visible } = viewLayoutFor(screen, [badge, toast], false);
    expect(visible).toBe(true);
    expect(bounds).toEqual({ x: 0, y: 47, width: 1920, height: 933 });
  });

  it('ignores malformed or empty overlays and clamps an oversized window', () => {
    const junk: Rect[] = [
      { x: Number.NaN, y: 0, width: 10, height: 10 },
      { x: 0, y: 0, width: 0, height: 10 },
      { x: 0, y: 0, width: Number.POSITIVE_INFINITY, height: 10 },
    ];
    expect(viewLayoutFor({ width: 40_000, height: Number.NaN }, junk, false)).toEqual({ visible: false, bounds: { x: 0, y: 0, width: 16_384, height: 0 } });
  });

  it('never overlaps any overlay and stays inside the window (property)', () => {
    const coord = fc.oneof(fc.integer({ min: -100, max: 2100 }), fc.double({ min: -100, max: 2100, noNaN: true }));
    const rect = fc.record({ x: coord, y: coord, width: coord, height: coord });
    fc.assert(
      fc.property(fc.array(rect, { maxLength: 6 }), fc.boolean(), (overlays, covered) => {
        const layout = viewLayoutFor(screen, overlays, covered);
        viewLayoutCheck(layout, screen, overlays);
        if (covered) expect(layout.visible).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('sameLayout tells when no update is needed', () => {
    const a = viewLayoutFor(screen, [], false);
    expect(sameLayout(null, a)).toBe(false);
    expect(sameLayout(a, viewLayoutFor(screen, [], false))).toBe(true);
    expect(sameLayout(a, viewLayoutFor(screen, [], true))).toBe(false);
  });
});
