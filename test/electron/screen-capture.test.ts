// The Electron screenshot, with pictures standing in for NativeImage (real PNG data decoded by
// pngjs): the kiosk page's capture with the live web item's view painted where it sits.
import { describe, expect, it } from 'vitest';
import type { Bitmap } from '../../app/electron/composite';
import { captureScreen, type ImageLike } from '../../app/electron/screen-capture';
import { decodePng, encodePng, makePng, pixelAt } from './support/png';

function imageOf(bitmap: Bitmap): ImageLike {
  return { isEmpty: () => false, getSize: () => ({ width: bitmap.width, height: bitmap.height }), toBitmap: () => Buffer.from(bitmap.data) };
}
const EMPTY: ImageLike = { isEmpty: () => true, getSize: () => ({ width: 0, height: 0 }), toBitmap: () => Buffer.alloc(0) };

// The kiosk page in device pixels (2× a 10×8 DIP window): dark, with an orange toast bottom-right.
const page = decodePng(makePng(20, 16, (x, y) => (x >= 14 && y >= 12 ? [255, 140, 0, 255] : [15, 17, 21, 255])));
// The web item's view, captured in device pixels too.
const webPage = decodePng(makePng(20, 10, () => [255, 255, 255, 255]));

describe('captureScreen', () => {
  it('paints the live view over the page where it sits (bounds in DIPs, pictures in device pixels)', async () => {
    const png = await captureScreen({
      capturePage: async () => imageOf(page),
      pageArea: () => ({ width: 10, height: 8 }),
      layers: () => [{ bounds: { x: 0, y: 0, width: 10, height: 5 }, capture: async () => imageOf(webPage) }],
      encodePng,
    });
    const shot = decodePng(png!);
    expect([shot.width, shot.height]).toEqual([20, 16]);
    expect(pixelAt(shot, 0, 0)).toEqual([255, 255, 255, 255]); // the web page, top band
    expect(pixelAt(shot, 19, 9)).toEqual([255, 255, 255, 255]);
    expect(pixelAt(shot, 0, 10)).toEqual([15, 17, 21, 255]); // the page below the view
    expect(pixelAt(shot, 19, 15)).toEqual([255, 140, 0, 255]); // the toast the view leaves free
  });

  it('without views, or when a view cannot be captured, the page alone', async () => {
    const errors: unknown[] = [];
    const png = await captureScreen({
      capturePage: async () => imageOf(page),
      pageArea: () => ({ width: 10, height: 8 }),
      layers: () => [
        { bounds: { x: 0, y: 0, width: 10, height: 8 }, capture: async () => Promise.reject(new Error('Object has been destroyed')) },
        { bounds: { x: 0, y: 0, width: 10, height: 8 }, capture: async () => EMPTY },
      ],
      encodePng,
      onLayerError: (error) => errors.push(error),
    });
    expect(decodePng(png!).data).toEqual(page.data);
    expect(errors).toHaveLength(1);
  });

  it('no page to capture: no screenshot', async () => {
    const deps = { pageArea: () => ({ width: 10, height: 8 }), layers: () => [], encodePng };
    expect(await captureScreen({ ...deps, capturePage: async () => null })).toBeNull();
    expect(await captureScreen({ ...deps, capturePage: async () => EMPTY })).toBeNull();
  });
});
