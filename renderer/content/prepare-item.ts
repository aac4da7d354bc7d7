// Loads one play-plan item off screen, so it is decoded (image), buffered (video) or loaded (web
// page) BEFORE it is shown: the switch itself is then a single class change, never a blank frame.
import { WEB_ITEM_SANDBOX } from '../../app/ipc/content-policy';
import type { PlanItem, PlaybackReport } from '../../app/ipc/contract';
import { prepareWebView, releaseWebView, type WebViewPort } from './web-view-item';

export type FailReason = NonNullable<PlaybackReport['reason']>;
export type Prepared = { ok: true; item: PlanItem; element: HTMLElement } | { ok: false; item: PlanItem; reason: FailReason };

export const LOAD_TIMEOUT_MS = 15_000;
export const WEB_FRAME_PATH = '/content-web';

function fitClass(fit: 'contain' | 'cover'): string {
  return fit === 'cover' ? 'fit-cover' : 'fit-contain';
}

/** Resolves when `element` fires one of `ok` (true) or `bad` (false), or after the timeout (null). */
function settle(element: HTMLElement, ok: string, bad: string, timeoutMs: number): Promise<boolean | null> {
  return new Promise((resolve) => {
    const done = (value: boolean | null) => {
      clearTimeout(timer);
      element.removeEventListener(ok, onOk);
      element.removeEventListener(bad, onBad);
      resolve(value);
    };
    const onOk = () => done(true);
    const onBad = () => done(false);
    const timer = setTimeout(() => done(null), timeoutMs);
    element.addEventListener(ok, onOk);
    element.addEventListener(bad, onBad);
  });
}

/**
 * Builds and loads the element for `item` inside `host` (hidden); never throws. `webViews`
 * (Electron): web items load in their own view in main instead of a frame.
 */
export async function prepareItem(item: PlanItem, host: HTMLElement, revision: number, timeoutMs = LOAD_TIMEOUT_MS, webViews?: WebViewPort): Promise<Prepared> {
  switch (item.type) {
    case 'image': {
      const img = document.createElement('img');
      img.className = `content-media ${fitClass(item.fit)}`;
      img.alt = '';
      img.src = item.src;
      host.append(img);
      try {
        await Promise.race([img.decode(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs))]);
        return { ok: true, item, element: img };
      } catch {
        img.remove();
        return { ok: false, item, reason: 'decode-error' };
      }
    }
    case 'video': {
      const video = document.createElement('video');
      video.className = `content-media ${fitClass(item.fit)}`;
      video.muted = item.muted;
      video.playsInline = true;
      video.preload = 'auto';
      video.src = item.src;
      host.append(video);
      const ready = video.readyState >= 3 ? true : await settle(video, 'canplay', 'error', timeoutMs);
      if (ready) return { ok: true, item, element: video };
      video.removeAttribute('src');
      video.load();
      video.remove();
      return { ok: false, item, reason: ready === null ? 'timeout' : 'decode-error' };
    }
    case 'web': {
      if (webViews) return prepareWebView(item, host, webViews);
      // a page on the kiosk's own origin could reach the kiosk bridge: never framed
      if (new URL(item.url).origin === window.location.origin) return { ok: false, item, reason: 'load-error' };
      const frame = document.createElement('iframe');
      frame.className = 'content-web';
      frame.setAttribute('sandbox', WEB_ITEM_SANDBOX);
      frame.setAttribute('allow', '');
      frame.setAttribute('referrerpolicy', 'no-referrer');
      frame.src = `${WEB_FRAME_PATH}?item=${encodeURIComponent(item.id)}&r=${revision}`;
      host.append(frame);
      const loaded = await settle(frame, 'load', 'error', timeoutMs);
      if (loaded) return { ok: true, item, element: frame };
      frame.remove();
      return { ok: false, item, reason: loaded === null ? 'timeout' : 'load-error' };
    }
  }
}

/** Stops and frees an item's element (videos release their decoder, frames their page). */
export function releaseElement(element: HTMLElement): void {
  if (releaseWebView(element)) return;
  if (element instanceof HTMLVideoElement) {
    element.pause();
    element.removeAttribute('src');
    element.load();
  } else if (element instanceof HTMLIFrameElement) {
    element.src = 'about:blank';
  }
  element.remove();
}
