// The web items' view manager driven with stand-ins for WebContentsView (it uses Electron only as
// types): what loads where, what is on top, what closes, and which failures reach whom.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../app/core/log/logger';
import { createContentViews, VIEW_LOAD_TIMEOUT_MS, type ContentViewDeps } from '../../app/electron/content-views';
import type { PlayPlan, WebViewFailed } from '../../app/ipc/contract';
import { playPlan } from '../ipc/fixtures';

class FakeContents extends EventEmitter {
  static next = 100;
  readonly id = FakeContents.next++;
  readonly loads: string[] = [];
  reloads = 0;
  destroyed = false;
  constructor(readonly session: object) {
    super();
  }
  loadURL(url: string) {
    this.loads.push(url);
    return Promise.resolve();
  }
  reload() {
    this.reloads += 1;
  }
  close() {
    this.destroyed = true;
  }
  isDestroyed() {
    return this.destroyed;
  }
  capturePage() {
    return Promise.resolve(null);
  }
}

class FakeView {
  bounds: unknown = null;
  visible = true;
  readonly webContents: FakeContents;
  constructor(readonly preferences: Record<string, unknown>, session: object) {
    this.webContents = new FakeContents(session);
  }
  setBounds(bounds: unknown) {
    this.bounds = bounds;
  }
  setVisible(visible: boolean) {
    this.visible = visible;
  }
}

const twoWebItems: PlayPlan = {
  ...playPlan,
  screen: {
    kind: 'content',
    playlist: 'lobby',
    items: [
      { type: 'web', id: 'menu', url: 'https://menu.example/today', durationMs: 10_000, reloadMs: null },
      { type: 'web', id: 'news', url: 'https://news.example/', durationMs: 10_000, reloadMs: 60_000 },
      { type: 'image', id: 'logo', src: `/content/${'a'.repeat(40)}`, durationMs: 10_000, fit: 'contain' },
    ],
  },
};

function setup(plan: PlayPlan | null = twoWebItems, extra: Partial<ContentViewDeps> = {}) {
  const children: FakeView[] = [];
  const created: FakeView[] = [];
  const sessions = new Map<string, object>();
  const guardedSessions: object[] = [];
  const failed: WebViewFailed[] = [];
  const timers = new Map<number, () => void>();
  let timerId = 0;
  let current = plan;
  const deps: ContentViewDeps = {
    host: {
      addChildView: (view: never) => {
        const v = view as FakeView;
        const at = children.indexOf(v);
        if (at >= 0) children.splice(at, 1);
        children.push(v);
      },
      removeChildView: (view: never) => {
        const at = children.indexOf(view as FakeView);
        if (at >= 0) children.splice(at, 1);
      },
    },
    createView: (preferences) => {
      const partition = String(preferences.partition);
      if (!sessions.has(partition)) sessions.set(partition, { partition });
      const view = new FakeView(preferences as Record<string, unknown>, sessions.get(partition)!);
      created.push(view);
      return view as never;
    },
    guardSession: (session) => guardedSessions.push(session),
    plan: () => current,
    area: () => ({ width: 1920, height: 1080 }),
    notifyFailed: (f) => failed.push(f),
    logger: silentLogger,
    setTimer: (fn, ms) => {
      expect(Number.isFinite(ms) && ms <= 2 ** 31 - 1).toBe(true);
      timers.set(++timerId, fn);
      return timerId;
    },
    clearTimer: (handle) => timers.delete(handle as number),
    ...extra,
  };
  const views = createContentViews(deps);
  return {
    views,
    children,
    created,
    guardedSessions,
    failed,
    timers,
    setPlan: (next: PlayPlan | null) => (current = next),
    fireTimers: () => {
      for (const [id, fn] of [...timers]) {
        timers.delete(id);
        fn();
      }
    },
  };
}

describe('content views', () => {
  it('prepares a web item hidden in its own locked-down view, then shows it on top', async () => {
    const t = setup();
    const prepared = t.views.handle({ op: 'prepare', viewId: 1, itemId: 'menu' });
    const view = t.created[0]!;
    expect(view.visible).toBe(false);
    expect(view.webContents.loads).toEqual(['https://menu.example/today']); // the URL comes from main's plan
    expect(view.preferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, partition: expect.stringMatching(/^persist:content-/) });
    expect(view.preferences).not.toHaveProperty('preload');
    view.webContents.emit('did-navigate', {}, 'https://menu.example/today', 200);
    view.webContents.emit('did-finish-load');
    expect(await prepared).toEqual({ ok: true });
    expect(t.timers.size).toBe(0); // the load timeout is cleared

    expect(await t.views.handle({ op: 'show', viewId: 1 })).toEqual({ ok: true });
    expect(view.visible).toBe(true);
    expect(view.bounds).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
    expect(t.children.at(-1)).toBe(view);
    expect(t.views.layers()).toHaveLength(1);
  });

  it('a web→web switch puts the next view above the live one, and release closes the old one', async () => {
    const t = setup();
    const first = t.views.handle({ op: 'prepare', viewId: 1, itemId: 'menu' });
    t.created[0]!.webContents.emit('did-finish-load');
    await first;
    await t.views.handle({ op: 'show', viewId: 1 });
    const second = t.views.handle({ op: 'prepare', viewId: 2, itemId: 'news' });
    t.created[1]!.webContents.emit('did-finish-load');
    expect(await second).toEqual({ ok: true });
    expect(t.created[1]!.visible).toBe(false); // loading under the live one, unseen
    await t.views.handle({ op: 'show', viewId: 2 });
    expect(t.children).toEqual([t.created[0], t.created[1]]); // the new one on top: no blank frame
    await t.views.handle({ op: 'release', viewId: 1 });
    expect(t.children).toEqual([t.created[1]]);
    expect(t.created[0]!.webContents.destroyed).toBe(true);
    // one session per origin, each guarded once
    expect(t.guardedSessions).toHaveLength(2);
    await t.views.handle({ op: 'reload', viewId: 2 });
    expect(t.created[1]!.webContents.reloads).toBe(1);
  });

  it('refuses items that are not web items of the current plan (the renderer never names a URL)', async () => {
    const t = setup();
    expect(await t.views.handle({ op: 'prepare', viewId: 1, itemId: 'logo' })).toEqual({ ok: false, reason: 'load-error' });
    expect(await t.views.handle({ op: 'prepare', viewId: 1, itemId: 'https://evil.example/' })).toEqual({ ok: false, reason: 'load-error' });
    t.setPlan(null);
    expect(await t.views.handle({ op: 'prepare', viewId: 1, itemId: 'menu' })).toEqual({ ok: false, reason: 'load-error' });
    expect(t.created).toHaveLength(0);
    expect(await t.views.handle({ op: 'show', viewId: 9 })).toEqual({ ok: false, reason: 'load-error' });
  });

  it.each<[string, (c: FakeContents) => void, string]>([
    ['an HTTP 404', (c) => c.emit('did-navigate', {}, 'https://menu.example/today', 404), 'load-error'],
    ['a DNS failure', (c) => c.emit('did-fail-load', {}, -105, 'ERR_NAME_NOT_RESOLVED', 'https://menu.example/today', true), 'load-error'],
    ['a renderer crash', (c) => c.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 }), 'crash'],
    ['a hang', (c) => c.emit('unresponsive'), 'timeout'],
  ])('while preparing, %s is the answer (the renderer reports it) and the view is closed', async (_name, fault, reason) => {
    const t = setup();
    const prepared = t.views.handle({ op: 'prepare', viewId: 1, itemId: 'menu' });
    fault(t.created[0]!.webContents);
    expect(await prepared).toEqual({ ok: false, reason });
    expect(t.children).toEqual([]);
    expect(t.created[0]!.webContents.destroyed).toBe(true);
    expect(t.failed).toEqual([]);
  });

  it('a load redirected out of the allowed origins fails at once (not after the timeout); a redirect within them does not', async () => {
    const t = setup();
    const prepared = t.views.handle({ op: 'prepare', viewId: 1, itemId: 'menu' });
    const contents = t.created[0]!.webContents;
    contents.emit('will-redirect', { url: 'https://menu.example/today/', isMainFrame: true, preventDefault: () => undefined });
    contents.emit('will-redirect', { url: 'https://tracker.example/', isMainFrame: false, preventDefault: () => undefined });
    contents.emit('will-redirect', { url: 'https://login.example/', isMainFrame: true, preventDefault: () => undefined });
    expect(await prepared).toEqual({ ok: false, reason: 'load-error' });
    expect(t.children).toEqual([]);
  });

  it('a load that never finishes times out', async () => {
    const t = setup();
    const prepared = t.views.handle({ op: 'prepare', viewId: 1, itemId: 'menu' });
    expect(VIEW_LOAD_TIMEOUT_MS).toBe(15_000);
    t.fireTimers();
    expect(await prepared).toEqual({ ok: false, reason: 'timeout' });
    expect(t.children).toEqual([]);
  });

  it('ignores aborted loads and sub-frame failures', async () => {
    const t = setup();
    const prepared = t.views.handle({ op: 'prepare', viewId: 1, itemId: 'menu' });
    const contents = t.created[0]!.webContents;
    contents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', 'https://evil.example/', true);
    contents.emit('did-fail-load', {}, -105, 'ERR_NAME_NOT_RESOLVED', 'https://ads.example/', false);
    contents.emit('did-finish-load');
    expect(await prepared).toEqual({ ok: true });
  });

  it('a live view that crashes or serves an error page is closed and the renderer is told', async () => {
    const t = setup();
    const prepared = t.views.handle({ op: 'prepare', viewId: 4, itemId: 'news' });
    t.created[0]!.webContents.emit('did-finish-load');
    await prepared;
    await t.views.handle({ op: 'show', viewId: 4 });
    t.created[0]!.webContents.emit('did-navigate', {}, 'https://news.example/', 500); // a reload hit a 500
    expect(t.failed).toEqual([{ viewId: 4, itemId: 'news', reason: 'load-error' }]);
    expect(t.children).toEqual([]);
    t.created[0]!.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    expect(t.failed).toHaveLength(1); // once
  });

  it('a layout change moves and hides the live view (the kiosk UI stays visible)', async () => {
    const t = setup();
    const prepared = t.views.handle({ op: 'prepare', viewId: 1, itemId: 'menu' });
    t.created[0]!.webContents.emit('did-finish-load');
    await prepared;
    await t.views.handle({ op: 'show', viewId: 1 });
    await t.views.handle({ op: 'layout', layout: { visible: true, bounds: { x: 0, y: 60, width: 1920, height: 5000 } } });
    expect(t.created[0]!.bounds).toEqual({ x: 0, y: 60, width: 1920, height: 1020 }); // cut to the window
    await t.views.handle({ op: 'layout', layout: { visible: false, bounds: { x: 0, y: 0, width: 1920, height: 1080 } } });
    expect(t.created[0]!.visible).toBe(false);
    expect(t.views.layers()).toEqual([]); // a hidden view is not in the screenshot either
  });

  it('navigation verdicts for its own views only, by the item of each view', async () => {
    const t = setup();
    void t.views.handle({ op: 'prepare', viewId: 1, itemId: 'menu' });
    const id = t.created[0]!.webContents.id;
    expect(t.views.navigationVerdict(id, 'https://menu.example/x', true)).toBe(true);
    expect(t.views.navigationVerdict(id, 'https://cdn.example/x', true)).toBe(true); // allow-list
    expect(t.views.navigationVerdict(id, 'https://news.example/', true)).toBe(false); // another item's origin
    expect(t.views.navigationVerdict(id, 'app://kiosk/index.html', true)).toBe(false);
    expect(t.views.navigationVerdict(id + 1000, 'https://menu.example/x', true)).toBeNull();
  });

  it('closeAll (the page reloaded) closes every view and answers pending prepares', async () => {
    const t = setup();
    const prepared = t.views.handle({ op: 'prepare', viewId: 1, itemId: 'menu' });
    t.views.closeAll();
    expect(await prepared).toEqual({ ok: false, reason: 'load-error' });
    expect(t.children).toEqual([]);
    expect(t.created[0]!.webContents.destroyed).toBe(true);
    expect(t.timers.size).toBe(0);
  });

  it('sets up each session (its proxy) once, before the first load of that session', async () => {
    const setups: Array<{ session: object; done: () => void; fail: (e: Error) => void }> = [];
    const t = setup(twoWebItems, {
      prepareSession: (session) => new Promise<void>((resolve, reject) => void setups.push({ session, done: resolve, fail: reject })),
    });
    const first = t.views.handle({ op: 'prepare', viewId: 1, itemId: 'menu' });
    const again = t.views.handle({ op: 'prepare', viewId: 2, itemId: 'menu' }); // same origin, same session
    expect(setups).toHaveLength(1);
    expect(t.created.map((v) => v.webContents.loads)).toEqual([[], []]); // nothing loads before the proxy is set
    setups[0]!.done();
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.created.map((v) => v.webContents.loads)).toEqual([['https://menu.example/today'], ['https://menu.example/today']]);
    for (const view of t.created) view.webContents.emit('did-finish-load');
    expect(await first).toEqual({ ok: true });
    expect(await again).toEqual({ ok: true });

    // a session whose setup fails: that item fails without loading, the next one tries again
    const failing = t.views.handle({ op: 'prepare', viewId: 3, itemId: 'news' });
    setups[1]!.fail(new Error('bad proxy'));
    expect(await failing).toEqual({ ok: false, reason: 'load-error' });
    expect(t.created[2]!.webContents.loads).toEqual([]);
    expect(t.created[2]!.webContents.destroyed).toBe(true);
    void t.views.handle({ op: 'prepare', viewId: 4, itemId: 'news' });
    expect(setups).toHaveLength(3);
    expect(setups[2]!.session).toBe(setups[1]!.session);
  });

  it('a view closed while its session is being set up never loads', async () => {
    let done = () => undefined as void;
    const t = setup(twoWebItems, { prepareSession: () => new Promise<void>((resolve) => (done = resolve)) });
    const prepared = t.views.handle({ op: 'prepare', viewId: 1, itemId: 'menu' });
    t.views.closeAll();
    done();
    expect(await prepared).toEqual({ ok: false, reason: 'load-error' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.created[0]!.webContents.loads).toEqual([]);
  });
});
