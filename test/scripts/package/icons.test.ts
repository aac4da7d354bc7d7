// The .deb's icon set is downscaled from build/icon.png at packaging time.
import { createRequire } from 'node:module';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { downscale, ICON_SIZES, writeIconSet } from '../../../scripts/package/icons';

const require = createRequire(import.meta.url);
const { PNG } = require('pngjs') as { PNG: { sync: { read(b: Buffer): { width: number; height: number; data: Buffer } } } & (new (o: { width: number; height: number }) => { width: number; height: number; data: Buffer }) };

describe('icon set', () => {
  it('averages colour by alpha, so transparent pixels do not darken the edges', () => {
    const src = new PNG({ width: 2, height: 2 });
    src.data.set([255, 0, 0, 255, 0, 0, 0, 0, 255, 0, 0, 255, 0, 0, 0, 0]); // red, transparent / red, transparent
    const out = downscale(src, 1);
    expect([...out.data]).toEqual([255, 0, 0, 128]);
  });

  it('writes every hicolor size up to the source size from build/icon.png', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'xyte-icons-'));
    try {
      const files = await writeIconSet(path.resolve(import.meta.dirname, '../../../build/icon.png'), root, 'xyte-kiosk');
      expect(files.map((f) => path.relative(root, f))).toEqual(ICON_SIZES.map((n) => `usr/share/icons/hicolor/${n}x${n}/apps/xyte-kiosk.png`));
      for (const [i, n] of ICON_SIZES.entries()) {
        const png = PNG.sync.read(await readFile(files[i]!));
        expect([png.width, png.height]).toEqual([n, n]);
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
