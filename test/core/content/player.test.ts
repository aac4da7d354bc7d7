import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDeviceConfig, type ContentConfig } from '../../../app/core/config/device-config';
import { createMediaCache } from '../../../app/core/content/cache';
import { createContentPlayer, type ContentPlayer } from '../../../app/core/content/player';
import type { EventRequest } from '../../../app/core/hub/types';
import { silentLogger } from '../../../app/core/log/logger';
import { preflightWebPage } from '../../../app/core/content/web-preflight';
import type { PlayPlan } from '../../../app/ipc/content-schemas';
import { createFakeClock, waitFor, type FakeClock } from '../agent/fake-clock';
import { startFileServer, type FileServer } from '../firmware/helpers/file-server';

let dir: string;
let server: FileServer;
let clock: FakeClock;
const players: ContentPlayer[] = [];

interface Rig {
  player: ContentPlayer;
  plans: PlayPlan[];
  events: EventRequest[];
  setContent(raw: Record<string, unknown>): void;
  setClaimed(claimed: boolean): void;
}

function parseContent(raw: Record<string, unknown>): ContentConfig {
  const result = parseDeviceConfig({ content: raw });
  if (!result.ok) throw new Error(result.error);
  return result.config.content;
}

async function startPlayer(raw: Record<string, unknown>, options: { claimed?: boolean } = {}): Promise<Rig> {
  let content = parseContent(raw);
  let claimed = options.claimed ?? true;
  const cache = createMediaCache({ dir, clock, budgetBytes: 64 * 1024 * 1024, outbound: () => ({ allowPrivate: true }), freeBytes: async () => 1e12 });
  await cache.open();
  const plans: PlayPlan[] = [];
  const events: EventRequest[] = [];
  const player = createContentPlayer({
    content: () => content,
    claimed: () => claimed,
    utcOffsetMin: () => 0,
    cache,
    clock,
    logger: silentLogger,
    emitPlan: (plan) => plans.push(plan),
    checkWebPage: (url, signal) => preflightWebPage({ url, allowOrigins: [], outbound: { allowPrivate: true }, signal }),
    sendEvent: async (event) => void events.push(event),
  });
  players.push(player);
  player.start();
  return {
    player,
    plans,
    events,
    setContent: (next) => {
      content = parseContent(next);
      player.refresh();
    },
    setClaimed: (next) => {
      claimed = next;
      player.refresh();
    },
  };
}

const screenOf = (rig: Rig) => rig.player.plan().screen;
const idsOf = (rig: Rig) => {
  const screen = screenOf(rig);
  return screen.kind === 'content' ? screen.items.map((i) => `${i.type}:${i.id}`) : screen.reason;
};

/** Waits until the plan lists `count` items (downloads and pre-flights run on the real loopback). */
const listed = (rig: Rig, count: number) => waitFor(() => Array.isArray(idsOf(rig)) && idsOf(rig).length === count, `${count} items listed`);

beforeEach(async () => {
  clock = createFakeClock({ start: Date.parse('2026-11-30T10:58:00Z'), auto: false });
  dir = await mkdtemp(join(tmpdir(), 'xk-player-'));
  server = await startFileServer();
  server.route('/a.png', { data: randomBytes(4096) });
  server.route('/b.mp4', { data: randomBytes(8192) });
  for (const page of ['/today', '/news', '/lunch', '/b']) server.route(page, { data: Buffer.from('<h1>page</h1>') });
});

afterEach(async () => {
  for (const player of players.splice(0)) player.stop();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** A web item whose page the loopback server has (its pre-flight passes). */
const webItem = (path = '/today') => ({ type: 'web', url: server.url(path), duration_sec: 20 });

describe('content player', () => {
  it('shows the status screen while unclaimed, whatever the content', async () => {
    const rig = await startPlayer({ playlists: { main: { items: [webItem()] } }, default_playlist: 'main' }, { claimed: false });
    expect(screenOf(rig)).toEqual({ kind: 'status', reason: 'unclaimed' });
    rig.setClaimed(true);
    await listed(rig, 1);
    expect(idsOf(rig)).toEqual(['web:main/1']);
  });

  it('says no-content without a playlist to play', async () => {
    const rig = await startPlayer({});
    expect(screenOf(rig)).toEqual({ kind: 'status', reason: 'no-content' });
  });

  it('prepares media before listing it, then plays image, video and web from the cache', async () => {
    const rig = await startPlayer({
      playlists: { main: { items: [{ type: 'image', url: server.url('/a.png') }, { type: 'video', url: server.url('/b.mp4') }, webItem()] } },
      default_playlist: 'main',
    });
    // nothing is listed before it is downloaded (media) or has answered its pre-flight (web)
    expect(rig.plans[0]?.screen).toEqual({ kind: 'status', reason: 'preparing' });
    await listed(rig, 3);
    const screen = screenOf(rig);
    if (screen.kind !== 'content') throw new Error('expected content');
    expect(screen.items[0]).toMatchObject({ type: 'image', src: expect.stringMatching(/^\/content\/[0-9a-f]{40}\?v=[0-9a-f]{12}$/), durationMs: 10_000, fit: 'contain' });
    expect(screen.items[1]).toMatchObject({ type: 'video', durationMs: null, muted: true });
    expect(screen.items[2]).toEqual({ type: 'web', id: 'main/3', url: server.url('/today'), durationMs: 20_000, reloadMs: null });
  });

  it('shows "preparing" while the only item downloads, and "nothing playable" when it cannot be had', async () => {
    server.route('/slow.png', { data: randomBytes(100), dripBytesPerSec: 1000 });
    const rig = await startPlayer({ playlists: { main: { items: [{ type: 'image', url: server.url('/slow.png') }] } }, default_playlist: 'main' });
    expect(screenOf(rig)).toEqual({ kind: 'status', reason: 'preparing' });
    rig.setContent({ playlists: { main: { items: [{ type: 'image', url: server.url('/missing.png') }] } }, default_playlist: 'main' });
    await waitFor(() => idsOf(rig) === 'nothing-playable', 'nothing playable');
  });

  it('skips a 404 item, reports it once in an aggregated event, and retries it after the backoff', async () => {
    const rig = await startPlayer({ playlists: { main: { items: [{ type: 'image', url: server.url('/late.png') }, webItem()] } }, default_playlist: 'main' });
    await waitFor(() => rig.events.length === 1, 'failure event');
    await listed(rig, 1);
    expect(idsOf(rig)).toEqual(['web:main/2']);
    expect(rig.events[0]).toMatchObject({ name: 'content_item_failed', category: 'content', int_key_1: 1 });
    expect(rig.events[0]?.string_key_1).toContain('main/1: download http-status');
    server.route('/late.png', { data: randomBytes(1000) });
    await clock.advance(30_000);
    await waitFor(() => idsOf(rig).length === 2, 'the fixed item back');
    expect(rig.player.telemetry()).toMatchObject({ content_failed: 1, content_played: 0, content_cache_files: 1 });
  });

  it('never lists a web page that fails its pre-flight, reports it like any failed item, and lists it once fixed', async () => {
    const rig = await startPlayer({ playlists: { main: { items: [webItem('/gone'), webItem()] } }, default_playlist: 'main' });
    await waitFor(() => rig.events.length === 1, 'failure event');
    await listed(rig, 1);
    expect(idsOf(rig)).toEqual(['web:main/2']);
    expect(rig.plans.some((plan) => plan.screen.kind === 'content' && plan.screen.items.some((i) => i.id === 'main/1'))).toBe(false);
    expect(rig.events[0]?.string_key_1).toContain('main/1: web HTTP 404');
    expect(rig.player.dump().playLog).toMatchObject([{ itemId: 'main/1', outcome: 'failed', reason: 'web HTTP 404' }]);
    expect(server.requests.filter((r) => r.path === '/gone').every((r) => r.headers.authorization === undefined)).toBe(true);
    server.route('/gone', { data: Buffer.from('<h1>back</h1>') });
    await clock.advance(30_000);
    await listed(rig, 2);
    expect(rig.player.telemetry()).toMatchObject({ content_failed: 1 });
  });

  it('benches an item the renderer could not show, and brings it back after the backoff', async () => {
    const rig = await startPlayer({ playlists: { main: { items: [webItem(), webItem('/news')] } }, default_playlist: 'main' });
    await listed(rig, 2);
    rig.player.report({ itemId: 'main/2', outcome: 'failed', reason: 'crash' });
    expect(idsOf(rig)).toEqual(['web:main/1']);
    rig.player.report({ itemId: 'main/1', outcome: 'failed', reason: 'timeout' });
    expect(idsOf(rig)).toBe('nothing-playable');
    await clock.advance(30_000);
    expect(idsOf(rig)).toEqual(['web:main/1', 'web:main/2']);
  });

  it('switches playlist at the schedule boundary by itself', async () => {
    const rig = await startPlayer({
      playlists: { breakfast: { items: [webItem()] }, lunch: { items: [webItem('/lunch')] } },
      schedule: [{ playlist: 'breakfast', start: '06:00', end: '11:00' }, { playlist: 'lunch', start: '11:00', end: '14:00' }],
    });
    await listed(rig, 1);
    expect(screenOf(rig)).toMatchObject({ playlist: 'breakfast' });
    await waitFor(() => server.requests.some((r) => r.path === '/lunch'), 'the upcoming playlist checked ahead');
    await clock.advance(2 * 60_000);
    await waitFor(() => rig.plans.at(-1)?.screen.kind === 'content', 'content after the boundary');
    expect(rig.plans.at(-1)?.screen).toMatchObject({ playlist: 'lunch' });
  });

  it('show_status shows the status screen for the given minutes, then content again; reload and next bump counters', async () => {
    const rig = await startPlayer({ playlists: { main: { items: [webItem()] } }, default_playlist: 'main' });
    await listed(rig, 1);
    rig.player.showStatus(2);
    expect(screenOf(rig)).toEqual({ kind: 'status', reason: 'show-status' });
    await clock.advance(2 * 60_000);
    expect(rig.plans.at(-1)?.screen.kind).toBe('content');
    rig.player.nextItem();
    rig.player.reloadContent();
    expect(rig.plans.at(-1)).toMatchObject({ skip: 1, revision: 1 });
    rig.player.showStatus(Number.POSITIVE_INFINITY); // junk never reaches a timer
    expect(rig.plans.at(-1)?.screen.kind).toBe('content');
  });

  it('reload_content re-fetches an unpinned file that changed at its URL, under a new src version', async () => {
    const rig = await startPlayer({ playlists: { main: { items: [{ type: 'image', url: server.url('/a.png') }] } }, default_playlist: 'main' });
    await listed(rig, 1);
    const srcOf = () => {
      const screen = screenOf(rig);
      return screen.kind === 'content' && screen.items[0]?.type === 'image' ? screen.items[0].src : '';
    };
    const before = srcOf();
    server.route('/a.png', { data: randomBytes(4096) });
    rig.player.reloadContent();
    await waitFor(() => srcOf() !== before, 'a new version of the file');
    expect(srcOf().split('?')[0]).toBe(before.split('?')[0]); // same cached file, new bytes
  });

  it('proves what played: telemetry since the last report and a play log in the dump', async () => {
    const rig = await startPlayer({ playlists: { main: { items: [webItem(), webItem('/b')] } }, default_playlist: 'main' });
    await listed(rig, 2);
    rig.player.report({ itemId: 'main/1', outcome: 'started' });
    await clock.advance(20_000);
    rig.player.report({ itemId: 'main/2', outcome: 'started' });
    rig.player.report({ itemId: 'main/9', outcome: 'started' }); // not in the plan: ignored
    expect(rig.player.telemetry()).toMatchObject({
      content_playlist: 'main',
      content_item: 'main/2',
      content_played: 2,
      content_failed: 0,
      content_last_switch: '2026-11-30T10:58:20.000Z',
    });
    expect(rig.player.telemetry()).toMatchObject({ content_played: 0 });
    expect(rig.player.dump().playLog.map((e) => `${e.itemId} ${e.outcome}`)).toEqual(['main/1 played', 'main/2 played']);
    await clock.advance(25 * 3_600_000);
    expect(rig.player.dump().playLog).toEqual([]);
  });

  it('after a restart with the media host gone, plays straight from the cache', async () => {
    const config = { playlists: { main: { items: [{ type: 'image', url: server.url('/a.png') }] } }, default_playlist: 'main' };
    const first = await startPlayer(config);
    await waitFor(() => screenOf(first).kind === 'content', 'first download');
    players.shift()?.stop();
    await server.close();
    const second = await startPlayer(config);
    expect(idsOf(second)).toEqual(['image:main/1']);
    server = await startFileServer();
  });
});
