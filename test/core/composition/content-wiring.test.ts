import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConfigView } from '../../../app/core/agent/config-view';
import { createEventBus } from '../../../app/core/agent/event-bus';
import { createRuntimeContent, type RuntimeContent } from '../../../app/core/composition/content-wiring';
import type { EventRequest } from '../../../app/core/hub/types';
import { silentLogger } from '../../../app/core/log/logger';
import type { KioskEvent } from '../../../app/ipc/contract';
import { createFakeClock, waitFor } from '../agent/fake-clock';
import { startFileServer, type FileServer } from '../firmware/helpers/file-server';
import { createMemoryStateStore, type MemoryStateStore } from '../support/memory-state-store';

let dir: string;
let server: FileServer;
let content: RuntimeContent | null = null;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xk-content-wiring-'));
  server = await startFileServer();
});
afterEach(async () => {
  content?.stop();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function wire(state: MemoryStateStore, options: { sendEvent?: (event: EventRequest) => Promise<void> } = {}) {
  const bus = createEventBus(silentLogger);
  const events: KioskEvent[] = [];
  const sent: EventRequest[] = [];
  bus.onEvent((event) => events.push(event));
  const view = createConfigView(state);
  // How often the content config was read: the plan decision reads it several times, the
  // "did anything change" check once.
  const reads = { config: 0 };
  content = createRuntimeContent({
    dataDir: dir,
    state,
    config: () => {
      reads.config += 1;
      return view();
    },
    clock: createFakeClock({ start: Date.parse('2026-11-30T12:00:00Z'), auto: false }),
    logger: silentLogger,
    outbound: () => ({ allowPrivate: true }),
    emit: (event) => bus.emit(event),
    onEvent: (listener) => bus.onEvent(listener),
    sendEvent: options.sendEvent ?? (async (event) => void sent.push(event)),
  });
  return { bus, events, sent, content, reads };
}

const statusEvent = { name: 'onStatus', payload: {} as never } as const;

describe('runtime content wiring', () => {
  it('follows the claim and the applied config, serves only verified cached files, and reports proof of play', async () => {
    server.route('/a.png', { data: randomBytes(3000) });
    const state = createMemoryStateStore({ spaceDataVersion: 0 });
    const { bus, events, content: c } = wire(state);
    await c.start();
    expect(c.plan().screen).toEqual({ kind: 'status', reason: 'unclaimed' });
    state.update({ spaceDataVersion: 1, config: { content: { playlists: { main: { items: [{ type: 'image', url: server.url('/a.png') }] } }, default_playlist: 'main' } } });
    bus.emit({ name: 'onStatus', payload: {} as never });
    await waitFor(() => c.plan().screen.kind === 'content', 'content plan');
    const screen = c.plan().screen;
    if (screen.kind !== 'content' || screen.items[0]?.type !== 'image') throw new Error('expected an image');
    const key = new URL(screen.items[0].src, 'http://shell').pathname.split('/').pop()!;
    expect(c.contentFile(key)).toBe(join(dir, 'content-cache', `${key}.media`));
    expect(c.contentFile('../../etc/passwd')).toBeNull();
    expect(c.contentFile('0'.repeat(40))).toBeNull();
    expect(events.filter((e) => e.name === 'onPlayPlan').at(-1)?.payload).toEqual(c.plan());
    c.report({ itemId: 'main/1', outcome: 'started' });
    expect(c.telemetry()).toMatchObject({ content_playlist: 'main', content_item: 'main/1', content_played: 1, content_cache_files: 1 });
    expect(c.dump().playLog).toHaveLength(1);
    expect(c.commandHandlers.map((h) => h.name)).toEqual(['show_status', 'reload_content', 'next_item']);
  });
});

describe('status events', () => {
  it('re-decide the plan only when the claim, the space offset or the content config changed', async () => {
    const state = createMemoryStateStore({ spaceDataVersion: 0 });
    const { bus, content: c, reads } = wire(state);
    await c.start();
    bus.emit(statusEvent);
    const readsPerCheck = () => {
      const before = reads.config;
      bus.emit(statusEvent);
      return reads.config - before;
    };
    // unchanged: one read to compare, no decision
    expect(readsPerCheck()).toBe(1);
    expect(readsPerCheck()).toBe(1);
    state.update({ space: { ...state.get().space, utcOffsetMin: 120 } });
    expect(readsPerCheck()).toBeGreaterThan(1);
    expect(readsPerCheck()).toBe(1);
    state.update({ spaceDataVersion: 1 });
    expect(readsPerCheck()).toBeGreaterThan(1);
    server.route('/b.png', { data: randomBytes(1000) });
    state.update({ config: { content: { playlists: { main: { items: [{ type: 'image', url: server.url('/b.png') }] } }, default_playlist: 'main' } } });
    expect(readsPerCheck()).toBeGreaterThan(1);
    expect(readsPerCheck()).toBe(1);
    await waitFor(() => c.plan().screen.kind === 'content', 'the new content playing');
  });

  it('still retry a failure event the hub could not take, with nothing else changed', async () => {
    const state = createMemoryStateStore({
      spaceDataVersion: 1,
      config: { content: { playlists: { main: { items: [{ type: 'image', url: server.url('/missing.png') }] } }, default_playlist: 'main' } },
    });
    const attempts: EventRequest[] = [];
    let hubUp = false;
    const { bus, content: c } = wire(state, {
      sendEvent: async (event) => {
        attempts.push(event);
        if (!hubUp) throw new Error('no hub session');
      },
    });
    await c.start();
    bus.emit(statusEvent);
    await waitFor(() => attempts.length === 1, 'the first, failed send of the failure event');
    hubUp = true;
    bus.emit(statusEvent);
    await waitFor(() => attempts.length === 2, 'the failure event sent again on the next status event');
    expect(attempts[1]).toMatchObject({ name: 'content_item_failed', int_key_1: 1 });
  });
});
