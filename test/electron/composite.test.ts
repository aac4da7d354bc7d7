import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compositeOver, isValidBitmap, toPixelRect, type Bitmap } from '../../app/electron/composite';
import { decodePng, encodePng, makePng, pixelAt } from './support/png';

const BLUE = [0, 0, 255, 255];
const RED = [255, 0, 0, 255];

describe('compositeOver (real PNG data)', () => {
  const page = decodePng(makePng(8, 6, () => BLUE));

  it('paints an opaque view over the page where the view sits, and nowhere else', () => {
    const view = decodePng(makePng(4, 2, () => RED));
    const out = decodePng(encodePng(compositeOver(page, view, { x: 2, y: 1, width: 4, height: 2 })));
    expect(out.width).toBe(8);
    expect(out.height).toBe(6);
    for (let y = 0; y < 6; y += 1) {
      for (let x = 0; x < 8; x += 1) {
        const inside = x >= 2 && x < 6 && y >= 1 && y < 3;
        expect(pixelAt(out, x, y), `${x},${y}`).toEqual(inside ? RED : BLUE);
      }
    }
    expect(pixelAt(page, 3, 1)).toEqual(BLUE); // the base is not modified
  });

  it('blends by alpha (source-over) and leaves fully transparent pixels alone', () => {
    const view = decodePng(makePng(2, 1, (x) => (x === 0 ? [255, 0, 0, 128] : [255, 0, 0, 0])));
    const out = compositeOver(page, view, { x: 0, y: 0, width: 2, height: 1 });
    expect(pixelAt(out, 0, 0)).toEqual([128, 0, 127, 255]);
    expect(pixelAt(out, 1, 0)).toEqual(BLUE);
  });

  it('stretches the view to its rectangle (a capture in device pixels of a view in DIPs)', () => {
    const view = decodePng(makePng(2, 2, (x, y) => (x === 0 && y === 0 ? RED : [0, 255, 0, 255])));
    const out = compositeOver(page, view, toPixelRect({ x: 0, y: 0, width: 2, height: 2 }, 2));
    expect(pixelAt(out, 0, 0)).toEqual(RED);
    expect(pixelAt(out, 1, 1)).toEqual(RED);
    expect(pixelAt(out, 2, 2)).toEqual([0, 255, 0, 255]);
    expect(pixelAt(out, 4, 4)).toEqual(BLUE);
  });

  it('skips a malformed layer or rectangle: the page alone is still a true picture', () => {
    const good = decodePng(makePng(2, 2, () => RED));
    const truncated: Bitmap = { width: 2, height: 2, data: new Uint8Array(15) };
    for (const [layer, dest] of [
      [truncated, { x: 0, y: 0, width: 2, height: 2 }],
      [good, { x: Number.NaN, y: 0, width: 2, height: 2 }],
      [good, { x: 0, y: 0, width: 0, height: 2 }],
      [good, { x: 0, y: 0, width: Number.POSITIVE_INFINITY, height: 2 }],
    ] as const) {
      expect(compositeOver(page, layer, dest).data).toEqual(page.data);
    }
    expect(isValidBitmap(truncated)).toBe(false);
  });

  it('never writes outside the page, whatever the rectangle (property)', () => {
    const layer = decodePng(makePng(3, 3, () => RED));
    const coord = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ noNaN: false }), fc.double({ min: -40_000, max: 40_000 }));
    fc.assert(
      fc.property(coord, coord, coord, coord, (x, y, width, height) => {
        const out = compositeOver(page, layer, { x, y, width, height });
        expect(out.data.length).toBe(page.data.length);
        for (let i = 0; i < out.data.length; i += 4) expect([RED, BLUE]).toContainEqual([...out.data.subarray(i, i + 4)]);
      }),
      { numRuns: 3000 },
    );
  });
});
