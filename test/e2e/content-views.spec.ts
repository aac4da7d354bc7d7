// The renderer's half of Electron's web-item views, in real Chromium through the browser shell:
// a stand-in preload defines window.kiosk before the page runs (as Electron's does), speaking the
// shell's WebSocket instead of IPC, so the page runs exactly as in Electron and drives
// `controlWebView` (answered by the fake runtime, recorded). What main does with the requests is
// covered in Node (test/electron/content-views.test.ts); the views themselves need the binary.
import { test as base, expect, type Page } from '@playwright/test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../app/core/log/logger';
import { eventChannelNames, invokeChannelNames, KIOSK_WS_PATH } from '../../app/ipc/channels';
import type { PlayPlan, WebViewRequest } from '../../app/ipc/contract';
import { startBrowserShell, type BrowserShell } from '../../app/shells/browser/server';
import { createFakeRuntime, type FakeRuntime } from '../shells/browser/fake-runtime';
import { solidPng } from './content/media-host';
import { rendererDir } from './fixtures';

const KEY = { red: 'a'.repeat(40), green: 'b'.repeat(40) };
type Items = Extract<PlayPlan['screen'], { kind: 'content' }>['items'];

interface Rig {
  fake: FakeRuntime;
  shell: BrowserShell;
  problems: string[];
  open(page: Page): Promise<void>;
  play(items: Items): void;
  requests(): WebViewRequest[];
}

/** Electron's preload, played over the shell's socket: the same frozen window.kiosk shape. */
async function installPreloadStandIn(page: Page): Promise<void> {
  await page.addInitScript(
    ({ invoke, events, wsPath }) => {
      const ws = new WebSocket(`ws://${location.host}${wsPath}`);
      const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
      const listeners = new Map<string, Set<(payload: unknown) => void>>();
      const outbox: string[] = [];
      let nextId = 0;
      ws.addEventListener('open', () => outbox.splice(0).forEach((frame) => ws.send(frame)));
      ws.addEventListener('message', (event) => {
        const message = JSON.parse(String(event.data));
        if (message.type === 'result') {
          const entry = pending.get(message.id);
          pending.delete(message.id);
          if (message.ok) entry?.resolve(message.result);
          else entry?.reject(new Error(message.error.code));
        } else if (message.type === 'event') {
          for (const listener of listeners.get(message.channel) ?? []) listener(message.payload);
        }
      });
      const bridge: Record<string, unknown> = {};
      for (const [name, channel] of Object.entries(invoke)) {
        bridge[name] = (...args: unknown[]) =>
          new Promise((resolve, reject) => {
            const id = ++nextId;
            pending.set(id, { resolve, reject });
            const frame = JSON.stringify({ type: 'invoke', id, channel, args });
            if (ws.readyState === WebSocket.OPEN) ws.send(frame);
            else outbox.push(frame);
          });
      }
      for (const [name, channel] of Object.entries(events)) {
        bridge[name] = (listener: (payload: unknown) => void) => {
          const set = listeners.get(channel) ?? new Set();
          listeners.set(channel, set);
          set.add(listener);
          return () => set.delete(listener);
        };
      }
      (window as unknown as { kiosk: unknown }).kiosk = Object.freeze(bridge);
    },
    { invoke: invokeChannelNames, events: eventChannelNames, wsPath: KIOSK_WS_PATH },
  );
}

const test = base.extend<{ rig: Rig }>({
  rig: async ({ page }, use) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kiosk-views-e2e-'));
    const files = new Map<string, string>();
    for (const [key, rgb] of [[KEY.red, [220, 38, 38]], [KEY.green, [22, 163, 74]]] as const) {
      const file = path.join(dir, `${key}.media`);
      await writeFile(file, solidPng(64, 36, [...rgb]));
      files.set(key, file);
    }
    const fake = createFakeRuntime();
    fake.setStatus({ claim: { claimed: true } });
    fake.answerWebView(() => ({ ok: true }));
    const shell = await startBrowserShell({ runtime: { ...fake, contentFile: (key) => files.get(key) ?? null }, rendererDir, logger: silentLogger });
    const problems: string[] = [];
    const origin = new URL(shell.url).origin;
    page.on('request', (req) => {
      if (![origin, 'ws://127.0.0.1', 'data:'].some((o) => req.url().startsWith(o))) problems.push(`request: ${req.url()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    let revision = 0;
    await use({
      fake,
      shell,
      problems,
      open: async (p) => {
        await installPreloadStandIn(p);
        await p.goto(shell.url);
        await p.evaluate(() => {
          // Any frame ever added to the page would be a web item rendered in the kiosk's page.
          const seen = { frames: 0 };
          (window as unknown as { __frames: typeof seen }).__frames = seen;
          new MutationObserver(() => (seen.frames += document.querySelectorAll('iframe').length)).observe(document.body, { childList: true, subtree: true });
        });
      },
      play: (items) => {
        fake.setPlayPlan({ revision, skip: 0, offlineBadge: true, allowOrigins: [], screen: { kind: 'content', playlist: 'p', items } });
        revision += 1;
      },
      requests: () => fake.callsOf('controlWebView').map(([request]) => request as WebViewRequest),
    });
    await shell.close();
    await rm(dir, { recursive: true, force: true });
    expect(problems).toEqual([]);
  },
});

const liveItem = (page: Page) => page.getByTestId('content-layer');
const ops = (rig: Rig, op: WebViewRequest['op']) => rig.requests().filter((r) => r.op === op);
const lastLayout = (rig: Rig) => {
  const layouts = ops(rig, 'layout');
  return layouts.length ? (layouts.at(-1) as Extract<WebViewRequest, { op: 'layout' }>).layout : null;
};

test('a web item is prepared in main before its turn, shown at the switch, released after the next item painted; never framed', async ({ page, rig }) => {
  await rig.open(page);
  rig.play([
    { type: 'image', id: 'p/1', src: `/content/${KEY.red}`, durationMs: 1000, fit: 'cover' },
    { type: 'web', id: 'p/2', url: 'https://menu.example/today', durationMs: 1500, reloadMs: null },
    { type: 'image', id: 'p/3', src: `/content/${KEY.green}`, durationMs: 1000, fit: 'cover' },
  ]);
  await expect(liveItem(page)).toHaveAttribute('data-live-item', 'p/2', { timeout: 15_000 });
  const prepare = ops(rig, 'prepare').find((r) => r.op === 'prepare' && r.itemId === 'p/2') as Extract<WebViewRequest, { op: 'prepare' }>;
  expect(prepare).toBeDefined();
  await expect.poll(() => ops(rig, 'show')).toContainEqual({ op: 'show', viewId: prepare.viewId });
  await expect(liveItem(page)).toHaveAttribute('data-live-item', 'p/3', { timeout: 15_000 });
  await expect.poll(() => ops(rig, 'release')).toContainEqual({ op: 'release', viewId: prepare.viewId });
  const order = rig.requests().filter((r) => 'viewId' in r && r.viewId === prepare.viewId).map((r) => r.op);
  expect(order).toEqual(['prepare', 'show', 'release']);
  expect(await page.evaluate(() => (window as unknown as { __frames: { frames: number } }).__frames.frames)).toBe(0);
  expect(await page.locator('iframe').count()).toBe(0);
  const started = rig.fake.callsOf('reportPlayback').map(([r]) => r);
  expect(started).toContainEqual({ itemId: 'p/2', outcome: 'started' });
});

test('the kiosk UI stays above: the view leaves the offline badge free and hides under a dialog', async ({ page, rig }) => {
  await rig.open(page);
  rig.play([{ type: 'web', id: 'p/1', url: 'https://menu.example/today', durationMs: 60_000, reloadMs: null }]);
  await expect(liveItem(page)).toHaveAttribute('data-live-item', 'p/1');
  await expect.poll(() => lastLayout(rig)).toEqual({ visible: true, bounds: { x: 0, y: 0, width: 1920, height: 1080 } });

  // The offline badge (it stays while offline, unlike a toast, so nothing here races a timer).
  rig.fake.setStatus({ connection: { state: 'offline', message: 'hub unreachable' } });
  const badge = page.getByTestId('offline-badge');
  await expect(badge).toBeVisible();
  await expect.poll(() => lastLayout(rig)?.bounds.height ?? 1080).toBeLessThan(1080);
  const box = (await badge.boundingBox())!;
  const { bounds, visible } = lastLayout(rig)!;
  expect(visible).toBe(true);
  const apart = bounds.y + bounds.height <= box.y || bounds.x + bounds.width <= box.x || box.x + box.width <= bounds.x || box.y + box.height <= bounds.y;
  expect(apart).toBe(true);
  expect(bounds.width * bounds.height).toBeGreaterThan(0.9 * 1920 * 1080); // the page keeps nearly all of the screen

  rig.fake.setStatus({ upgrade: { kind: 'notice', current: '1.0.0', available: '1.2.0', source: 'notice' } });
  await expect(page.getByRole('dialog')).toBeVisible();
  await expect.poll(() => lastLayout(rig)?.visible).toBe(false);
  rig.fake.setStatus({ upgrade: { kind: 'idle' } });
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect.poll(() => lastLayout(rig)?.visible).toBe(true);
});

test('a view main could not load is reported and skipped; one that dies on screen is reported and left at once', async ({ page, rig }) => {
  rig.fake.answerWebView((request) => (request.op === 'prepare' && request.itemId === 'p/bad' ? { ok: false, reason: 'load-error' } : { ok: true }));
  await rig.open(page);
  rig.play([
    { type: 'web', id: 'p/1', url: 'https://menu.example/today', durationMs: 60_000, reloadMs: null },
    { type: 'web', id: 'p/bad', url: 'https://menu.example/404', durationMs: 60_000, reloadMs: null },
    { type: 'image', id: 'p/3', src: `/content/${KEY.green}`, durationMs: 60_000, fit: 'cover' },
  ]);
  await expect(liveItem(page)).toHaveAttribute('data-live-item', 'p/1');
  await expect.poll(() => rig.fake.callsOf('reportPlayback').map(([r]) => r)).toContainEqual({ itemId: 'p/bad', outcome: 'failed', reason: 'load-error' });
  const shown = ops(rig, 'show')[0] as Extract<WebViewRequest, { op: 'show' }>;
  rig.fake.emit({ name: 'onWebViewFailed', payload: { viewId: shown.viewId, itemId: 'p/1', reason: 'crash' } });
  await expect(liveItem(page)).toHaveAttribute('data-live-item', 'p/3'); // long before p/1's 60 s
  expect(rig.fake.callsOf('reportPlayback').map(([r]) => r)).toContainEqual({ itemId: 'p/1', outcome: 'failed', reason: 'crash' });
});

test('the page leaves the outgoing item up until main has put the web item\'s view up (no blank frame between)', async ({ page, rig }) => {
  let answerShow: (() => void) | null = null;
  rig.fake.answerWebView((request) => (request.op === 'show' ? new Promise((resolve) => (answerShow = () => resolve({ ok: true }))) : { ok: true }));
  await rig.open(page);
  rig.play([
    { type: 'image', id: 'p/1', src: `/content/${KEY.red}`, durationMs: 1000, fit: 'cover' },
    { type: 'web', id: 'p/2', url: 'https://menu.example/today', durationMs: 60_000, reloadMs: null },
  ]);
  await expect(liveItem(page)).toHaveAttribute('data-live-item', 'p/1');
  await expect.poll(() => ops(rig, 'show').length, { timeout: 15_000 }).toBe(1);
  // main has not answered yet: the image is still the live layer, painted
  expect(await liveItem(page).getAttribute('data-live-item')).toBe('p/1');
  await expect(page.locator('.content-slot.is-live img')).toHaveCount(1);
  answerShow!();
  await expect(liveItem(page)).toHaveAttribute('data-live-item', 'p/2');
  await expect(page.locator('.content-slot.is-live .content-web-view')).toHaveCount(1);
});
