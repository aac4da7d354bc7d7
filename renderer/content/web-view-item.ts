// Electron's web items (docs/ARCHITECTURE.md#web-item-views): the page holds only an empty
// placeholder for a web item, and main shows the item in its own isolated view over it. The
// engine treats the placeholder like any prepared element; these helpers turn its prepare, show,
// reload and release into `controlWebView` requests.
import type { PlanItem, WebViewRequest, WebViewResult } from '../../app/ipc/contract';
import type { Prepared } from './prepare-item';

/** The transport to main (the bridge's `controlWebView`). */
export interface WebViewPort {
  control(request: WebViewRequest): Promise<WebViewResult>;
}

// Unique per page load; main closes every view when the page reloads, so ids never clash.
let nextViewId = 0;
const views = new WeakMap<HTMLElement, { port: WebViewPort; viewId: number }>();

function send(port: WebViewPort, request: WebViewRequest): void {
  // A refused request changes nothing on screen; a failure of the view itself comes as an event.
  void port.control(request).catch(() => undefined);
}

/** Asks main to load `item` in a hidden view; the placeholder stands for it in the engine. */
export async function prepareWebView(item: Extract<PlanItem, { type: 'web' }>, host: HTMLElement, port: WebViewPort): Promise<Prepared> {
  const viewId = nextViewId++;
  const placeholder = document.createElement('div');
  placeholder.className = 'content-web-view';
  placeholder.dataset.viewId = String(viewId);
  // Known before the answer, so a release while loading still closes the view.
  views.set(placeholder, { port, viewId });
  host.append(placeholder);
  const result = await port.control({ op: 'prepare', viewId, itemId: item.id }).catch((): WebViewResult => ({ ok: false, reason: 'load-error' }));
  if (result.ok) return { ok: true, item, element: placeholder };
  views.delete(placeholder);
  placeholder.remove();
  return { ok: false, item, reason: result.reason ?? 'load-error' };
}

/** The view id behind a placeholder, or undefined for any other element. */
export function viewIdOf(element: HTMLElement): number | undefined {
  return views.get(element)?.viewId;
}

/** Resolves once main has answered (shown, or the view is gone: its failure event follows). */
export async function showWebView(element: HTMLElement): Promise<void> {
  const view = views.get(element);
  if (view) await view.port.control({ op: 'show', viewId: view.viewId }).catch(() => undefined);
}

export function reloadWebView(element: HTMLElement): void {
  const view = views.get(element);
  if (view) send(view.port, { op: 'reload', viewId: view.viewId });
}

/** Closes the view behind a placeholder; false when `element` is not one. */
export function releaseWebView(element: HTMLElement): boolean {
  const view = views.get(element);
  if (!view) return false;
  views.delete(element);
  send(view.port, { op: 'release', viewId: view.viewId });
  element.remove();
  return true;
}
