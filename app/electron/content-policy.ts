// Electron's half of the web-item rule (app/ipc/content-policy.ts): a sub-frame of the kiosk page
// may load a web item's pages only while that item is in the current play plan, and only within
// the item's origin plus the allow-list. The top frame never leaves app://kiosk (navigation-policy.ts).
// Downloads are cancelled whatever starts them. Pure, table-tested.
import { httpOriginOf, webItemOrigins } from '../ipc/content-policy';
import type { PlayPlan } from '../ipc/contract';

/** Every origin some web item of `plan` may show. */
export function planWebOrigins(plan: PlayPlan | null): Set<string> {
  const origins = new Set<string>();
  if (!plan || plan.screen.kind !== 'content') return origins;
  for (const item of plan.screen.items) if (item.type === 'web') for (const origin of webItemOrigins(item.url, plan.allowOrigins)) origins.add(origin);
  return origins;
}

/** May a sub-frame navigate (or be redirected) to `url` while `plan` plays? */
export function isAllowedContentFrameNavigation(url: unknown, isMainFrame: boolean, plan: PlayPlan | null): boolean {
  if (isMainFrame || typeof url !== 'string') return false;
  const origin = httpOriginOf(url);
  return origin !== null && planWebOrigins(plan).has(origin);
}

/** The answer to every `will-download`: cancel. A signage screen saves nothing a page offers. */
export function downloadDecision(): 'cancel' {
  return 'cancel';
}
