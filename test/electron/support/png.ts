// Real PNG data for the screenshot tests, through pngjs (a devDependency without bundled types).
import { createRequire } from 'node:module';
import type { Bitmap } from '../../../app/electron/composite';

interface PngImage {
  width: number;
  height: number;
  data: Buffer;
}
const require = createRequire(import.meta.url);
const { PNG } = require('pngjs') as { PNG: { sync: { read(b: Buffer): PngImage; write(p: PngImage): Buffer } } & (new (o: { width: number; height: number }) => PngImage) };

/** A PNG of `width`×`height` whose pixel (x, y) is `paint(x, y)` as [r, g, b, a]. */
export function makePng(width: number, height: number, paint: (x: number, y: number) => readonly number[]): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) png.data.set(paint(x, y), (y * width + x) * 4);
  return PNG.sync.write(png);
}

export function decodePng(file: Buffer): Bitmap {
  const png = PNG.sync.read(file);
  return { width: png.width, height: png.height, data: new Uint8Array(png.data) };
}

export function encodePng(bitmap: Bitmap): Buffer {
  const png = new PNG({ width: bitmap.width, height: bitmap.height });
  png.data.set(bitmap.data);
  return PNG.sync.write(png);
}

export function pixelAt(bitmap: Bitmap, x: number, y: number): number[] {
  const at = (y * bitmap.width + x) * 4;
  return [...bitmap.data.subarray(at, at + 4)];
}
