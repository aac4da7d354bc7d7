// Electron glue of the web items' views: one ContentViews per kiosk window (content-views.ts has
// the logic), closed whenever the page that drives them reloads or dies, and the screenshot that
// composites them over the page (screen-capture.ts). Thin on purpose: nothing here decides.
import { nativeImage, WebContentsView, type BrowserWindow, type NativeImage } from 'electron';
import type { Logger } from '../core/log/logger';
import { pickProxyEnv } from '../core/net/proxy';
import type { PlayPlan, WebViewFailed } from '../ipc/contract';
import { contentProxyPlan, proxyLogin } from './content-view-proxy';
import { createContentViews, type ContentViews } from './content-views';
import { captureScreen } from './screen-capture';
import { guardContentSession } from './web-contents-guard';

export interface ContentViewHostDeps {
  plan(): PlayPlan | null;
  notifyFailed(failed: WebViewFailed): void;
  logger: Logger;
}

export function attachContentViews(window: BrowserWindow, { plan, notifyFailed, logger }: ContentViewHostDeps): ContentViews {
  const log = logger.child('web-views');
  // The same proxy variables the runtime copied at start (runtime-setup.ts passes process.env too).
  const proxy = contentProxyPlan(pickProxyEnv(process.env));
  const views = createContentViews({
    host: window.contentView,
    createView: (webPreferences) => {
      const view = new WebContentsView({ webPreferences });
      // Chromium asks for proxy credentials here; a page's own HTTP auth is left refused.
      view.webContents.on('login', (event, _details, authInfo, callback) => {
        const credentials = proxyLogin(proxy, authInfo);
        if (!credentials) return;
        event.preventDefault();
        callback(credentials.username, credentials.password);
      });
      return view;
    },
    guardSession: (session) => guardContentSession(session, log),
    prepareSession: (session) => {
      if (proxy.kind === 'invalid') return Promise.reject(new Error(`the proxy setting ${proxy.variable} is not usable: ${proxy.reason}`));
      return session.setProxy(proxy.config);
    },
    plan,
    area: () => (window.isDestroyed() ? { width: 0, height: 0 } : window.getContentBounds()),
    notifyFailed,
    logger: log,
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
  });
  // The views sit above the page: once the page that drives them reloads or dies, they must go.
  window.webContents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) views.closeAll();
  });
  window.webContents.on('render-process-gone', () => views.closeAll());
  window.on('closed', () => views.closeAll());
  return views;
}

/** PNG of what the audience sees: the page, and the live web item's view where it sits. */
export function captureKioskScreen(window: BrowserWindow, captureImage: () => Promise<NativeImage | null>, views: ContentViews | null, logger: Logger): Promise<Buffer | null> {
  return captureScreen({
    capturePage: captureImage,
    pageArea: () => (window.isDestroyed() ? { width: 0, height: 0 } : window.getContentBounds()),
    layers: () => views?.layers() ?? [],
    encodePng: (bitmap) =>
      nativeImage.createFromBitmap(Buffer.from(bitmap.data.buffer, bitmap.data.byteOffset, bitmap.data.byteLength), { width: bitmap.width, height: bitmap.height }).toPNG(),
    onLayerError: (error) => logger.warn('web item view not captured', { error }),
  });
}
