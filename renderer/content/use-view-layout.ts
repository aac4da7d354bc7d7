// Electron: keeps main told where the live web item's view may sit (view-layout.ts), so the
// kiosk's own UI is never under it: re-measured whenever the page's DOM or size changes, sent
// only when the answer changes.
import { useEffect } from 'react';
import type { KioskBridge, ViewLayout } from '../../app/ipc/contract';
import { sameLayout, viewLayoutFor, type Rect } from './view-layout';

/** Kiosk UI that may show beside content: it must stay visible. */
const CORNER_UI = '.toasts > *, .banner, .content-offline-badge';
/** Kiosk UI that covers the content: the view hides while it is up. */
const COVERING_UI = '.backdrop';
/** Room around corner UI, for its shadow and its entry animation. */
const MARGIN_PX = 12;

function measure(): ViewLayout {
  const overlays: Rect[] = [...document.querySelectorAll<HTMLElement>(CORNER_UI)].map((element) => {
    const r = element.getBoundingClientRect();
    return { x: r.x - MARGIN_PX, y: r.y - MARGIN_PX, width: r.width + 2 * MARGIN_PX, height: r.height + 2 * MARGIN_PX };
  });
  return viewLayoutFor({ width: window.innerWidth, height: window.innerHeight }, overlays, document.querySelector(COVERING_UI) !== null);
}

export function useViewLayout(bridge: KioskBridge, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    let sent: ViewLayout | null = null;
    let frame = 0;
    const update = () => {
      frame = 0;
      const layout = measure();
      if (sameLayout(sent, layout)) return;
      sent = layout;
      void bridge.controlWebView({ op: 'layout', layout }).catch(() => undefined);
    };
    // One measurement per frame however many mutations arrive in it.
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(update);
    };
    update();
    const observer = new MutationObserver(schedule);
    observer.observe(document.body, { childList: true, subtree: true });
    window.addEventListener('resize', schedule);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', schedule);
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [bridge, enabled]);
}
