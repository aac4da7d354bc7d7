// The signage content under the kiosk's own UI: the engine owns the DOM inside this element (two
// stacked layers), React only mounts it and feeds it plans. Toasts and dialogs render after it,
// so they stay on top; the offline badge is the only other thing shown while content plays.
import { useEffect, useRef } from 'react';
import type { KioskBridge, PlayPlan } from '../../app/ipc/contract';
import { createContentEngine, type ContentEngine } from './content-engine';
import { useViewLayout } from './use-view-layout';

/** `webViews`: Electron, where web items show in their own views (docs/ARCHITECTURE.md#web-item-views). */
export function ContentLayer({ bridge, plan, offline, webViews = false }: { bridge: KioskBridge; plan: PlayPlan; offline: boolean; webViews?: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const engine = useRef<ContentEngine | null>(null);

  useEffect(() => {
    if (!host.current) return;
    const created = createContentEngine(host.current, {
      report: (report) => void bridge.reportPlayback(report).catch(() => undefined),
      onSwitch: (item) => {
        if (host.current) host.current.dataset.liveItem = item.id;
      },
      webViews: webViews ? { control: (request) => bridge.controlWebView(request) } : undefined,
    });
    engine.current = created;
    const offFailed = webViews ? bridge.onWebViewFailed((failed) => created.onViewFailed(failed)) : () => undefined;
    return () => {
      offFailed();
      created.destroy();
      engine.current = null;
    };
  }, [bridge, webViews]);
  useViewLayout(bridge, webViews);

  useEffect(() => {
    engine.current?.setPlan(plan);
  }, [plan]);

  return (
    <>
      <div className="content-layer" ref={host} data-testid="content-layer" aria-hidden="true" />
      {offline && plan.offlineBadge && (
        <div className="content-offline-badge" role="status" data-testid="offline-badge">
          Offline — showing saved content
        </div>
      )}
    </>
  );
}

/** Words for the audience when the status screen shows in place of content. */
export function contentNotice(plan: PlayPlan | null): string | null {
  if (!plan || plan.screen.kind !== 'status') return null;
  switch (plan.screen.reason) {
    case 'preparing':
      return 'Preparing content…';
    case 'nothing-playable':
      return 'The scheduled content cannot be shown right now — retrying';
    case 'unclaimed':
    case 'no-content':
    case 'show-status':
      return null;
  }
}
