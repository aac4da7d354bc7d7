// The isolated views that show web items in Electron (docs/ARCHITECTURE.md#web-item-views): one
// WebContentsView per prepared item, loaded hidden, put on top at the switch, closed when the
// renderer has painted the next item. The renderer drives it through the `controlWebView` verb;
// every decision is a pure function of content-view-policy.ts. Electron comes in as parameters
// (the window's content view, a view factory), so Node tests drive this with fakes.
import type { WebContentsView, WebPreferences } from 'electron';
import type { Logger } from '../core/log/logger';
import { clampTimerDelay } from '../core/util/timer-delay';
import type { PlayPlan, ViewLayout, WebViewFailed, WebViewRequest, WebViewResult } from '../ipc/contract';
import {
  clampViewBounds,
  contentPartition,
  contentViewPreferences,
  failureOfLoad,
  failureOfProcess,
  failureOfResponse,
  findWebItem,
  isAllowedViewNavigation,
  type ViewFailure,
  type WebPlanItem,
} from './content-view-policy';
import type { CaptureLayer } from './screen-capture';

/** The parts of a WebContentsView we use (a fake in tests). */
export type ContentView = Pick<WebContentsView, 'setBounds' | 'setVisible'> & {
  webContents: Pick<WebContentsView['webContents'], 'id' | 'on' | 'loadURL' | 'reload' | 'close' | 'isDestroyed' | 'capturePage' | 'session'>;
};

export interface ContentViewDeps {
  /** The kiosk window's content view: children added later are drawn on top. */
  host: { addChildView(view: never): void; removeChildView(view: never): void };
  createView(preferences: WebPreferences): ContentView;
  /** Once per session a view brings (permissions, downloads): web-contents-guard.ts guardContentSession. */
  guardSession(session: ContentView['webContents']['session']): void;
  /** Once per session, awaited before its first load (the proxy: content-view-proxy.ts); a
   * rejection fails that load and is tried again with the session's next item. */
  prepareSession?: ((session: ContentView['webContents']['session']) => Promise<void>) | undefined;
  plan(): PlayPlan | null;
  /** The window's content size in DIPs. */
  area(): { width: number; height: number };
  notifyFailed(failed: WebViewFailed): void;
  logger: Logger;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  loadTimeoutMs?: number | undefined;
}

export interface ContentViews {
  handle(request: WebViewRequest): Promise<WebViewResult>;
  /** For the navigation guard: null when `contentsId` is not one of our views. */
  navigationVerdict(contentsId: number, url: string, isMainFrame: boolean): boolean | null;
  /** The views on screen, bottom to top, for the screenshot. */
  layers(): CaptureLayer[];
  /** The kiosk page reloaded or crashed: nobody drives the views any more. */
  closeAll(): void;
}

type Phase = 'loading' | 'ready' | 'live';
interface Entry {
  viewId: number;
  item: WebPlanItem;
  allowOrigins: readonly string[];
  view: ContentView;
  phase: Phase;
  settle: ((result: WebViewResult) => void) | null;
  timer: unknown;
}

export const VIEW_LOAD_TIMEOUT_MS = 15_000;

export function createContentViews(deps: ContentViewDeps): ContentViews {
  const entries = new Map<number, Entry>();
  const guarded = new WeakSet<object>();
  const sessionReady = new WeakMap<object, Promise<void>>();
  let layout: ViewLayout | null = null;
  let order = 0;
  const liveOrder = new Map<number, number>();
  const log = deps.logger;

  const boundsNow = () => {
    const area = deps.area();
    return clampViewBounds(layout?.bounds ?? { x: 0, y: 0, width: area.width, height: area.height }, area);
  };

  function close(entry: Entry): void {
    if (entries.get(entry.viewId) !== entry) return;
    entries.delete(entry.viewId);
    liveOrder.delete(entry.viewId);
    deps.clearTimer(entry.timer);
    entry.settle?.({ ok: false, reason: 'load-error' });
    entry.settle = null;
    deps.host.removeChildView(entry.view as never);
    if (!entry.view.webContents.isDestroyed()) entry.view.webContents.close();
  }

  function fail(entry: Entry, reason: ViewFailure, what: string): void {
    if (entries.get(entry.viewId) !== entry) return;
    log.warn('web item view failed', { itemId: entry.item.id, reason, what });
    const settle = entry.settle;
    entry.settle = null;
    close(entry);
    // While preparing, the answer carries the failure (the renderer reports it, as for a frame);
    // afterwards only an event can.
    if (settle) settle({ ok: false, reason });
    else deps.notifyFailed({ viewId: entry.viewId, itemId: entry.item.id, reason });
  }

  function watch(entry: Entry): void {
    const contents = entry.view.webContents;
    contents.on('did-navigate', (_event, _url, httpResponseCode) => {
      const failure = failureOfResponse(httpResponseCode);
      if (failure) fail(entry, failure, `HTTP ${httpResponseCode}`);
    });
    contents.on('did-fail-load', (_event, errorCode, _description, _url, isMainFrame) => {
      const failure = failureOfLoad(errorCode, isMainFrame);
      if (failure) fail(entry, failure, `load error ${errorCode}`);
    });
    contents.on('did-finish-load', () => {
      if (entry.phase !== 'loading' || entries.get(entry.viewId) !== entry) return;
      entry.phase = 'ready';
      deps.clearTimer(entry.timer);
      entry.settle?.({ ok: true });
      entry.settle = null;
    });
    contents.on('render-process-gone', (_event, details) => {
      const failure = failureOfProcess('gone', details.reason);
      if (failure) fail(entry, failure, `renderer ${details.reason}`);
    });
    contents.on('unresponsive', () => fail(entry, failureOfProcess('unresponsive') ?? 'timeout', 'unresponsive'));
    // The guard refuses a redirect out of the allowed origins; while loading, that load is over.
    contents.on('will-redirect', (event) => {
      if (entry.phase === 'loading' && event.isMainFrame && !isAllowedViewNavigation(event.url, true, entry.item, entry.allowOrigins)) fail(entry, 'load-error', 'redirected away');
    });
  }

  function prepare(viewId: number, itemId: string): Promise<WebViewResult> {
    const existing = entries.get(viewId);
    if (existing) close(existing);
    const plan = deps.plan();
    const item = findWebItem(plan, itemId);
    if (!item || !plan) {
      log.warn('web item view refused: not a web item of the current plan', { itemId });
      return Promise.resolve({ ok: false, reason: 'load-error' });
    }
    const view = deps.createView(contentViewPreferences(contentPartition(item.url)));
    const session = view.webContents.session;
    if (!guarded.has(session)) {
      guarded.add(session);
      deps.guardSession(session);
    }
    const result = new Promise<WebViewResult>((resolve) => {
      const entry: Entry = { viewId, item, allowOrigins: plan.allowOrigins, view, phase: 'loading', settle: resolve, timer: undefined };
      entries.set(viewId, entry);
      watch(entry);
      view.setVisible(false);
      view.setBounds(boundsNow());
      deps.host.addChildView(view as never);
      entry.timer = deps.setTimer(() => fail(entry, 'timeout', 'load timeout'), clampTimerDelay(deps.loadTimeoutMs ?? VIEW_LOAD_TIMEOUT_MS));
      const ready = readySession(session);
      if (!ready) return load(entry);
      ready.then(
        () => {
          if (entries.get(viewId) === entry && entry.phase === 'loading') load(entry);
        },
        (error: unknown) => fail(entry, 'load-error', `session setup failed: ${error instanceof Error ? error.message : 'unknown'}`),
      );
    });
    return result;
  }

  /** null when the session needs nothing before a load (no prepareSession, or already done). */
  function readySession(session: object): Promise<void> | null {
    if (!deps.prepareSession) return null;
    let ready = sessionReady.get(session);
    if (!ready) {
      ready = deps.prepareSession(session as ContentView['webContents']['session']);
      sessionReady.set(session, ready);
      // a failed setup is tried again with the next item of that session
      ready.catch(() => sessionReady.delete(session));
    }
    return ready;
  }

  function load(entry: Entry): void {
    // A failed load also rejects loadURL; did-fail-load / did-navigate already said why.
    entry.view.webContents.loadURL(entry.item.url).catch(() => undefined);
  }

  function show(entry: Entry): WebViewResult {
    if (entry.phase === 'loading') return { ok: false, reason: 'load-error' };
    entry.phase = 'live';
    liveOrder.set(entry.viewId, ++order);
    // Adding a child that is already there moves it to the top.
    deps.host.addChildView(entry.view as never);
    entry.view.setBounds(boundsNow());
    entry.view.setVisible(layout?.visible ?? true);
    return { ok: true };
  }

  function live(): Entry[] {
    return [...entries.values()].filter((e) => e.phase === 'live').sort((a, b) => liveOrder.get(a.viewId)! - liveOrder.get(b.viewId)!);
  }

  return {
    async handle(request) {
      switch (request.op) {
        case 'prepare':
          return prepare(request.viewId, request.itemId);
        case 'layout': {
          layout = request.layout;
          for (const entry of entries.values()) {
            entry.view.setBounds(boundsNow());
            if (entry.phase === 'live') entry.view.setVisible(layout.visible);
          }
          return { ok: true };
        }
        case 'show':
        case 'reload':
        case 'release': {
          const entry = entries.get(request.viewId);
          if (!entry) return { ok: false, reason: 'load-error' };
          if (request.op === 'show') return show(entry);
          if (request.op === 'reload') entry.view.webContents.reload();
          else close(entry);
          return { ok: true };
        }
      }
    },
    navigationVerdict(contentsId, url, isMainFrame) {
      for (const entry of entries.values()) {
        if (entry.view.webContents.id === contentsId) return isAllowedViewNavigation(url, isMainFrame, entry.item, entry.allowOrigins);
      }
      return null;
    },
    layers() {
      if (layout && !layout.visible) return [];
      const bounds = boundsNow();
      return live().map((entry) => ({ bounds, capture: () => entry.view.webContents.capturePage() }));
    },
    closeAll() {
      for (const entry of [...entries.values()]) close(entry);
    },
  };
}
