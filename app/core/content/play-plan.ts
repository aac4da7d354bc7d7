// The play plan: which items the renderer plays now, or which status-screen reason it shows
// instead. Pure: everything it needs (the schedule's choice, which files are cached, which items
// sit out a backoff) comes in as values, so the policy is table-tested without a clock or disk.
import type { PlanItem, PlayPlan, StatusReason } from '../../ipc/content-schemas';
import type { ContentConfig, ContentItem } from '../config/device-config';
import type { ScheduleChoice } from './schedule';

export type ItemReadiness = { kind: 'ready'; src?: string } | { kind: 'pending' } | { kind: 'failed' };

export interface PlanInput {
  content: ContentConfig;
  choice: ScheduleChoice;
  claimed: boolean;
  showingStatus: boolean;
  readiness: (item: ContentItem, itemId: string) => ItemReadiness;
  revision: number;
  skip: number;
}

export function itemIdOf(playlist: string, index: number): string {
  return `${playlist}/${index + 1}`;
}

/** The first item with `url` in any playlist (for reports about a download or a page check). */
export function locateItem(content: ContentConfig, url: string): { playlist: string; itemId: string } | null {
  for (const [name, playlist] of Object.entries(content.playlists)) {
    const index = playlist.items.findIndex((item) => item.url === url);
    if (index >= 0) return { playlist: name, itemId: itemIdOf(name, index) };
  }
  return null;
}

export function buildPlayPlan(input: PlanInput): PlayPlan {
  const base = {
    revision: input.revision,
    skip: input.skip,
    offlineBadge: input.content.status.offline_badge,
    allowOrigins: input.content.web_allow_list.map((url) => new URL(url).origin),
  };
  const status = (reason: StatusReason): PlayPlan => ({ ...base, screen: { kind: 'status', reason } });
  if (!input.claimed) return status('unclaimed');
  if (input.showingStatus) return status('show-status');
  if (input.choice.kind === 'none') return status('no-content');
  const playlist = input.choice.playlist;
  const items: PlanItem[] = [];
  let pending = false;
  (input.content.playlists[playlist]?.items ?? []).forEach((item, index) => {
    const id = itemIdOf(playlist, index);
    const ready = input.readiness(item, id);
    if (ready.kind === 'pending') pending = true;
    if (ready.kind !== 'ready') return;
    const planned = toPlanItem(item, id, ready.src);
    if (planned) items.push(planned);
  });
  if (items.length > 0) return { ...base, screen: { kind: 'content', playlist, items } };
  return status(pending ? 'preparing' : 'nothing-playable');
}

function toPlanItem(item: ContentItem, id: string, src: string | undefined): PlanItem | null {
  switch (item.type) {
    case 'web':
      return { type: 'web', id, url: item.url, durationMs: item.duration_sec * 1000, reloadMs: item.reload_sec === undefined ? null : item.reload_sec * 1000 };
    case 'image':
      return src ? { type: 'image', id, src, durationMs: item.duration_sec * 1000, fit: item.fit } : null;
    case 'video':
      return src ? { type: 'video', id, src, durationMs: item.duration_sec === undefined ? null : item.duration_sec * 1000, fit: item.fit, muted: item.muted } : null;
  }
}
