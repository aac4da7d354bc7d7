import { describe, expect, it } from 'vitest';
import { parseDeviceConfig, type ContentConfig } from '../../../app/core/config/device-config';
import { buildPlayPlan, type ItemReadiness, type PlanInput } from '../../../app/core/content/play-plan';
import { playPlanSchema } from '../../../app/ipc/content-schemas';

const KEY = 'c'.repeat(40);
function contentOf(raw: Record<string, unknown>): ContentConfig {
  const result = parseDeviceConfig({ content: raw });
  if (!result.ok) throw new Error(result.error);
  return result.config.content;
}
const content = contentOf({
  playlists: { main: { items: [{ type: 'image', url: 'https://m.example/a.png', duration_sec: 7, fit: 'cover' }, { type: 'web', url: 'https://w.example/', reload_sec: 60 }] } },
  default_playlist: 'main',
  web_allow_list: ['https://cdn.example/assets/', 'http://intranet.local:8080'],
  status: { offline_badge: false },
});

function input(overrides: Partial<PlanInput> & { image?: ItemReadiness; web?: ItemReadiness } = {}): PlanInput {
  const { image = { kind: 'ready', src: `/content/${KEY}` }, web = { kind: 'ready' }, ...rest } = overrides;
  return {
    content,
    choice: { kind: 'default', playlist: 'main' },
    claimed: true,
    showingStatus: false,
    readiness: (item) => (item.type === 'web' ? web : image),
    revision: 3,
    skip: 4,
    ...rest,
  };
}

describe('buildPlayPlan', () => {
  it('lists the ready items with their timings, origins of the allow-list and the badge policy', () => {
    const plan = buildPlayPlan(input());
    expect(plan).toEqual({
      revision: 3,
      skip: 4,
      offlineBadge: false,
      allowOrigins: ['https://cdn.example', 'http://intranet.local:8080'],
      screen: {
        kind: 'content',
        playlist: 'main',
        items: [
          { type: 'image', id: 'main/1', src: `/content/${KEY}`, durationMs: 7000, fit: 'cover' },
          { type: 'web', id: 'main/2', url: 'https://w.example/', durationMs: 30_000, reloadMs: 60_000 },
        ],
      },
    });
    expect(playPlanSchema.parse(plan)).toEqual(plan);
  });

  it.each<[string, Partial<PlanInput> & { image?: ItemReadiness; web?: ItemReadiness }, string | string[]]>([
    ['unclaimed beats everything', { claimed: false, showingStatus: true }, 'unclaimed'],
    ['show_status beats content', { showingStatus: true }, 'show-status'],
    ['nothing scheduled', { choice: { kind: 'none' } }, 'no-content'],
    ['one item failed: the rest plays', { image: { kind: 'failed' } }, ['main/2']],
    ['one item still downloading: the rest plays', { image: { kind: 'pending' } }, ['main/2']],
    ['all failed', { image: { kind: 'failed' }, web: { kind: 'failed' } }, 'nothing-playable'],
    ['failed + downloading', { image: { kind: 'pending' }, web: { kind: 'failed' } }, 'preparing'],
  ])('%s', (_name, overrides, expected) => {
    const plan = buildPlayPlan(input(overrides));
    const got = plan.screen.kind === 'content' ? plan.screen.items.map((i) => i.id) : plan.screen.reason;
    expect(got).toEqual(expected);
  });
});
