// What the audience sees, as one picture: the kiosk page's capture with each web item's view
// painted over it where the view sits (docs/ARCHITECTURE.md#web-item-views). Pure, on raw
// 4-channel pixels with alpha last (Electron's toBitmap() is BGRA, pngjs is RGBA: the blend does
// not care which, as long as both pictures use the same order).

export interface Bitmap {
  width: number;
  height: number;
  /** width × height × 4 bytes, rows top to bottom, alpha in the 4th byte. */
  data: Uint8Array;
}

export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Largest side we composite; a bigger picture is refused rather than allocated. */
export const MAX_SIDE = 16_384;

export function isValidBitmap(image: Bitmap): boolean {
  const { width, height, data } = image;
  return (
    Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0 && width <= MAX_SIDE && height <= MAX_SIDE && data.length === width * height * 4
  );
}

/** `rect` (in the base picture's pixels) scaled from DIPs by `scale`, rounded to whole pixels. */
export function toPixelRect(rect: PixelRect, scale: number): PixelRect {
  const s = Number.isFinite(scale) && scale > 0 ? scale : 1;
  return { x: Math.round(rect.x * s), y: Math.round(rect.y * s), width: Math.round(rect.width * s), height: Math.round(rect.height * s) };
}

/**
 * Paints `layer` over `base` into `dest` (stretched to it, nearest neighbour, clipped to the
 * base), with source-over alpha. Returns a new picture; `base` is left as it was. A layer or
 * base that is not a well-formed picture is skipped (the base alone is still a truthful capture).
 */
export function compositeOver(base: Bitmap, layer: Bitmap, dest: PixelRect): Bitmap {
  const out: Bitmap = { width: base.width, height: base.height, data: new Uint8Array(base.data) };
  if (!isValidBitmap(base) || !isValidBitmap(layer)) return out;
  if (![dest.x, dest.y, dest.width, dest.height].every(Number.isFinite)) return out;
  // Whole pixels first, so every base pixel maps to a layer pixel inside the layer.
  const dx = Math.round(dest.x);
  const dy = Math.round(dest.y);
  const dw = Math.round(dest.width);
  const dh = Math.round(dest.height);
  // A rectangle far off any screen is a bug upstream: refuse it rather than compute with it.
  if (dw <= 0 || dh <= 0 || dw > MAX_SIDE || dh > MAX_SIDE || Math.abs(dx) > MAX_SIDE || Math.abs(dy) > MAX_SIDE) return out;
  const x1 = Math.min(base.width, dx + dw);
  const y1 = Math.min(base.height, dy + dh);
  for (let y = Math.max(0, dy); y < y1; y += 1) {
    const ly = Math.min(layer.height - 1, Math.floor(((y - dy) * layer.height) / dh));
    for (let x = Math.max(0, dx); x < x1; x += 1) {
      const lx = Math.min(layer.width - 1, Math.floor(((x - dx) * layer.width) / dw));
      blendPixel(out.data, (y * base.width + x) * 4, layer.data, (ly * layer.width + lx) * 4);
    }
  }
  return out;
}

/** Source-over for one pixel (straight alpha), rounded to the nearest byte. */
function blendPixel(dst: Uint8Array, d: number, src: Uint8Array, s: number): void {
  const sa = src[s + 3]! / 255;
  if (sa === 0) return;
  const da = dst[d + 3]! / 255;
  const outA = sa + da * (1 - sa);
  for (let c = 0; c < 3; c += 1) {
    const value = (src[s + c]! * sa + dst[d + c]! * da * (1 - sa)) / outA;
    dst[d + c] = Math.round(value);
  }
  dst[d + 3] = Math.round(outA * 255);
}
