// The hicolor icon set of the .deb, made from build/icon.png at packaging time (no ImageMagick on a
// build machine that has only npm and Debian's base tools): an area-average downscale with pngjs.
import { createRequire } from 'node:module';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

interface Png {
  width: number;
  height: number;
  data: Buffer;
}
const require = createRequire(import.meta.url);
const { PNG } = require('pngjs') as { PNG: { sync: { read(b: Buffer): Png; write(p: Png): Buffer } } & (new (o: { width: number; height: number }) => Png) };

export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;

/** Area-average downscale of a square RGBA image (alpha-weighted so transparent edges stay clean). */
export function downscale(src: Png, size: number): Png {
  const out = new PNG({ width: size, height: size });
  const sx = src.width / size;
  const sy = src.height / size;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0, g = 0, b = 0, a = 0, n = 0;
      for (let yy = Math.floor(y * sy); yy < Math.max(Math.floor((y + 1) * sy), Math.floor(y * sy) + 1); yy++) {
        for (let xx = Math.floor(x * sx); xx < Math.max(Math.floor((x + 1) * sx), Math.floor(x * sx) + 1); xx++) {
          const i = (yy * src.width + xx) * 4;
          const alpha = src.data[i + 3]!;
          r += src.data[i]! * alpha;
          g += src.data[i + 1]! * alpha;
          b += src.data[i + 2]! * alpha;
          a += alpha;
          n++;
        }
      }
      const o = (y * size + x) * 4;
      out.data[o] = a ? Math.round(r / a) : 0;
      out.data[o + 1] = a ? Math.round(g / a) : 0;
      out.data[o + 2] = a ? Math.round(b / a) : 0;
      out.data[o + 3] = Math.round(a / n);
    }
  }
  return out;
}

/** Writes <root>/usr/share/icons/hicolor/<n>x<n>/apps/<name>.png for every size up to the source's. */
export async function writeIconSet(sourcePng: string, root: string, name: string): Promise<string[]> {
  const src = PNG.sync.read(await readFile(sourcePng));
  const written: string[] = [];
  for (const size of ICON_SIZES.filter((s) => s <= Math.min(src.width, src.height))) {
    const dir = path.join(root, 'usr', 'share', 'icons', 'hicolor', `${size}x${size}`, 'apps');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${name}.png`);
    await writeFile(file, PNG.sync.write(size === src.width ? src : downscale(src, size)));
    written.push(file);
  }
  return written;
}
