// The `screenshot` command in Electron: the kiosk page alone is not what the audience sees when a
// web item plays in its own view on top of it, so the page's capture and each visible view's
// capture are composited (composite.ts) where the view sits. Electron objects come in as small
// structural types, so this runs in Node tests with real pictures.
import { compositeOver, isValidBitmap, toPixelRect, type Bitmap } from './composite';
import type { ViewBounds } from '../ipc/contract';

/** The part of Electron's NativeImage we use. */
export interface ImageLike {
  isEmpty(): boolean;
  getSize(): { width: number; height: number };
  toBitmap(): Buffer;
}

export interface CaptureLayer {
  /** Where the view sits, in the window's DIPs. */
  bounds: ViewBounds;
  capture(): Promise<ImageLike | null>;
}

export interface ScreenCaptureDeps {
  capturePage(): Promise<ImageLike | null>;
  /** The window's content size in DIPs (the page's capture is in device pixels). */
  pageArea(): { width: number; height: number };
  /** The views on screen, bottom to top. */
  layers(): readonly CaptureLayer[];
  /** Bitmap (same channel order as toBitmap()) → PNG. */
  encodePng(bitmap: Bitmap): Buffer;
  onLayerError?(error: unknown): void;
}

function bitmapOf(image: ImageLike | null): Bitmap | null {
  if (!image || image.isEmpty()) return null;
  const { width, height } = image.getSize();
  const bitmap = { width, height, data: new Uint8Array(image.toBitmap()) };
  return isValidBitmap(bitmap) ? bitmap : null;
}

/** PNG of the page with every visible view painted over it, or null when there is no page to capture. */
export async function captureScreen(deps: ScreenCaptureDeps): Promise<Buffer | null> {
  const page = bitmapOf(await deps.capturePage());
  if (!page) return null;
  const area = deps.pageArea();
  const scale = area.width > 0 ? page.width / area.width : 1;
  let picture = page;
  for (const layer of deps.layers()) {
    try {
      const image = bitmapOf(await layer.capture());
      if (image) picture = compositeOver(picture, image, toPixelRect(layer.bounds, scale));
    } catch (error) {
      // A view that closed mid-capture: the page behind it is still a truthful picture.
      deps.onLayerError?.(error);
    }
  }
  return deps.encodePng(picture);
}
