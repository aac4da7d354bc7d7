// Plays a play plan on two stacked layers: the live one on top, the next item loading underneath.
// When the live item's time is up and the next one is ready, one class change swaps them (the
// old item stays painted until the new one is, so there is no blank frame). A next item that is
// not ready yet keeps the current one on screen longer; one that fails is reported and skipped.
import type { PlanItem, PlaybackReport, PlayPlan, WebViewFailed } from '../../app/ipc/contract';
import { prepareItem, releaseElement, type Prepared } from './prepare-item';
import { reloadWebView, showWebView, viewIdOf, type WebViewPort } from './web-view-item';

type ContentScreen = Extract<PlayPlan['screen'], { kind: 'content' }>;

export interface EngineHooks {
  report(report: PlaybackReport): void;
  /** Called after every switch (tests and the bench read the live item from the DOM instead). */
  onSwitch?(item: PlanItem): void;
  /** Electron: web items show in their own views in main (web-view-item.ts), not in frames. */
  webViews?: WebViewPort | undefined;
}

export interface ContentEngine {
  setPlan(plan: PlayPlan): void;
  /** Electron: main closed a web item's view (crash, hang, error page). */
  onViewFailed(failed: WebViewFailed): void;
  destroy(): void;
}

export function createContentEngine(root: HTMLElement, hooks: EngineHooks): ContentEngine {
  const layers = [makeLayer(root), makeLayer(root)] as const;
  let liveLayer = 0;
  let items: PlanItem[] = [];
  let revision = -1;
  let skip = -1;
  let liveIndex = -1;
  let live: Prepared | null = null;
  let next: Promise<Prepared> | null = null;
  let nextIndex = -1;
  let readyNext: Prepared | null = null; // what `next` resolved to, once it has
  let showingGen = -1; // the generation whose web item view main is putting up right now
  let timer: ReturnType<typeof setTimeout> | undefined;
  let reloadTimer: ReturnType<typeof setInterval> | undefined;
  let generation = 0; // bumps on every plan change or destroy: stale async results are dropped
  let destroyed = false;
  let due = false; // the live item's time is up and the switch waits for the next one

  const hidden = () => layers[1 - liveLayer]!;

  function prepareFrom(start: number): void {
    const gen = generation;
    nextIndex = start % items.length;
    const host = hidden();
    for (const child of [...host.children]) releaseElement(child as HTMLElement);
    next = prepareWithSkips(start, host, gen);
  }

  /** Tries items from `start` on until one loads (each at most once per round). */
  async function prepareWithSkips(start: number, host: HTMLElement, gen: number): Promise<Prepared> {
    let last: Prepared | null = null;
    for (let step = 0; step < items.length; step += 1) {
      const index = (start + step) % items.length;
      const item = items[index]!;
      const prepared = await prepareItem(item, host, revision, undefined, hooks.webViews);
      if (gen !== generation || destroyed) return prepared;
      if (prepared.ok) {
        nextIndex = index;
        readyNext = prepared;
        return prepared;
      }
      hooks.report({ itemId: item.id, outcome: 'failed', reason: prepared.reason });
      last = prepared;
    }
    return last ?? { ok: false, item: items[start % items.length]!, reason: 'load-error' };
  }

  async function advance(): Promise<void> {
    clearTimeout(timer);
    due = true;
    const gen = generation;
    const pending = next;
    if (!pending) return;
    const prepared = await pending;
    if (gen !== generation || destroyed || showingGen === gen) return;
    if (!prepared.ok) {
      // nothing loaded this round: keep what is on screen and try again after a pause
      timer = setTimeout(() => {
        prepareFrom(liveIndex + 1);
        void advance();
      }, 5000);
      return;
    }
    show(prepared, nextIndex);
  }

  function show(prepared: Extract<Prepared, { ok: true }>, index: number): void {
    if (viewIdOf(prepared.element) === undefined) return swapIn(prepared, index);
    // A web item's view is drawn over the page: the page swaps only once main has put the view
    // up, so the outgoing item stays on screen until then (no blank frame in between). `due`
    // stays set meanwhile, so a plan change in between still moves on.
    const gen = generation;
    showingGen = gen;
    void showWebView(prepared.element).then(() => {
      if (showingGen === gen) showingGen = -1;
      if (gen === generation && !destroyed) swapIn(prepared, index);
    });
  }

  function swapIn(prepared: Extract<Prepared, { ok: true }>, index: number): void {
    due = false;
    const incoming = hidden();
    const outgoing = layers[liveLayer]!;
    incoming.classList.add('is-live');
    outgoing.classList.remove('is-live');
    liveLayer = 1 - liveLayer;
    if (prepared.element instanceof HTMLVideoElement) void prepared.element.play().catch(() => undefined);
    const previous = live;
    live = prepared;
    liveIndex = index;
    // free the old item only after the new one has painted
    requestAnimationFrame(() => requestAnimationFrame(() => previous?.ok && previous.element !== prepared.element && releaseElement(previous.element)));
    hooks.report({ itemId: prepared.item.id, outcome: 'started' });
    hooks.onSwitch?.(prepared.item);
    scheduleEnd(prepared);
    prepareFrom(index + 1);
  }

  function scheduleEnd(prepared: Extract<Prepared, { ok: true }>): void {
    clearTimeout(timer);
    clearInterval(reloadTimer);
    const item = prepared.item;
    if (item.type === 'web' && item.reloadMs !== null && viewIdOf(prepared.element) !== undefined) {
      const element = prepared.element;
      reloadTimer = setInterval(() => reloadWebView(element), item.reloadMs);
    } else if (item.type === 'web' && item.reloadMs !== null && prepared.element instanceof HTMLIFrameElement) {
      const frame = prepared.element;
      const src = frame.src;
      reloadTimer = setInterval(() => (frame.src = `${src}&reload=${Date.now()}`), item.reloadMs);
    }
    if (item.type === 'video' && item.durationMs === null) {
      prepared.element.addEventListener('ended', () => void advance(), { once: true });
      return;
    }
    timer = setTimeout(() => void advance(), item.durationMs ?? 10_000);
  }

  function restart(from: number): void {
    generation += 1;
    clearTimeout(timer);
    prepareFrom(from);
    void advance();
  }

  return {
    setPlan(plan) {
      if (plan.screen.kind !== 'content' || destroyed) return;
      const screen: ContentScreen = plan.screen;
      const changed = JSON.stringify(screen.items) !== JSON.stringify(items);
      const reloaded = plan.revision !== revision;
      const skipped = plan.skip !== skip && skip !== -1;
      const liveId = live?.item.id;
      items = screen.items;
      revision = plan.revision;
      skip = plan.skip;
      if (reloaded || !live) return restart(0);
      const at = items.findIndex((i) => i.id === liveId);
      if (skipped) return restart(at + 1);
      if (changed) {
        // keep the live item to its end, then continue after it (or from the top if it is gone)
        generation += 1;
        prepareFrom(at + 1);
        if (due) void advance();
      }
    },
    onViewFailed(failed) {
      if (destroyed) return;
      hooks.report({ itemId: failed.itemId, outcome: 'failed', reason: failed.reason });
      if (live?.ok && viewIdOf(live.element) === failed.viewId) {
        void advance(); // its view is gone: on to the next item now
      } else if (readyNext?.ok && viewIdOf(readyNext.element) === failed.viewId) {
        generation += 1; // the prepared next item died before its turn: prepare the one after it
        prepareFrom(nextIndex + 1);
        if (due) void advance();
      }
    },
    destroy() {
      destroyed = true;
      generation += 1;
      clearTimeout(timer);
      clearInterval(reloadTimer);
      for (const layer of layers) {
        for (const child of [...layer.children]) releaseElement(child as HTMLElement);
        layer.remove();
      }
    },
  };
}

function makeLayer(root: HTMLElement): HTMLElement {
  const layer = document.createElement('div');
  layer.className = 'content-slot';
  root.append(layer);
  return layer;
}
