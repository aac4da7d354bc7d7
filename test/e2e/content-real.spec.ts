// The signage player over the REAL core and hub simulator: content arrives as cloud config, media
// are downloaded into the cache, a schedule change and `show_status` come from the simulator, and
// playback goes on with the hub and the media host both down, and after a restart while offline;
// a web page that answers 404 is left out by the core's pre-flight before the screen ever loads it.
import { test, expect, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../app/core/log/logger';
import { createKioskRuntime, type KioskRuntime } from '../../app/core/runtime';
import { createBrowserPlatform } from '../../app/shells/browser/platform';
import { startBrowserShell, type BrowserShell } from '../../app/shells/browser/server';
import { DEMO_HARDWARE_KEY, startHub } from '../hub/index';
import { colourPage, solidPng, startMediaHost } from './content/media-host';
import { installFrameProbe, readFrameProbe, recordWebm } from './content/page-tools';
import { rendererDir } from './fixtures';

interface Kiosk {
  runtime: KioskRuntime;
  shell: BrowserShell;
  close(): Promise<void>;
}

async function startKiosk(dataDir: string, entryUrl: string): Promise<Kiosk> {
  const logger = createLogger({ level: 'error' });
  const holder: { shell?: BrowserShell } = {}; // the platform hook reads it once the shell exists
  const runtime = await createKioskRuntime({
    dataDir,
    entryUrl,
    appVersion: '1.0.0',
    logger,
    telemetryIntervalSec: 1,
    hubTimeoutMs: 2000,
    hardware: { hardwareKey: DEMO_HARDWARE_KEY },
    platform: createBrowserPlatform(logger, () => undefined, () => holder.shell ?? null),
  });
  const started = await startBrowserShell({ runtime, rendererDir, logger });
  holder.shell = started;
  await runtime.start();
  return {
    runtime,
    shell: started,
    close: async () => {
      await started.close();
      await runtime.stop();
    },
  };
}

const live = (page: Page) => page.getByTestId('content-layer');

test('real core: cloud content plays from the cache through a schedule change, show_status, an outage and an offline restart', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kiosk-content-real-'));
  const media = await startMediaHost('127.0.0.1');
  const hub = await startHub({});
  let kiosk: Kiosk | null = null;
  try {
    media.set('/red.png', solidPng(64, 36, [220, 38, 38]), 'image/png');
    media.set('/green.png', solidPng(64, 36, [22, 163, 74]), 'image/png');
    media.set('/clip.webm', await recordWebm(browser), 'video/webm');
    kiosk = await startKiosk(dataDir, hub.entryUrl);
    await page.goto(kiosk.shell.url);
    await expect.poll(async () => (await kiosk!.runtime.handlers.getStatus()).device.deviceId ?? '', { timeout: 15_000 }).not.toBe('');
    const id = (await kiosk.runtime.handlers.getStatus()).device.deviceId!;
    hub.control.claim(id, { name: 'Lobby' });
    const playlists = {
      main: { items: [{ type: 'image', url: media.url('/red.png'), duration_sec: 1 }, { type: 'video', url: media.url('/clip.webm') }] },
      promo: { items: [{ type: 'image', url: media.url('/green.png'), duration_sec: 1 }] },
    };
    hub.control.setConfig(id, { content: { playlists, default_playlist: 'main' } });
    await expect(live(page)).toHaveAttribute('data-live-item', 'main/2', { timeout: 30_000 });
    await installFrameProbe(page);

    // A schedule entry pushed from the cloud takes over at once.
    hub.control.setConfig(id, { content: { playlists, default_playlist: 'main', schedule: [{ playlist: 'promo', priority: 5 }] } });
    await expect(live(page)).toHaveAttribute('data-live-item', 'promo/1', { timeout: 30_000 });

    // show_status for a few seconds, then content again; the command reports done.
    const command = hub.control.enqueueCommand(id, { name: 'show_status', parameters: { minutes: 0.1 } });
    await expect(page.getByTestId('status-screen')).toBeVisible({ timeout: 15_000 });
    await expect(live(page)).toHaveAttribute('data-live-item', 'promo/1', { timeout: 30_000 });
    await expect.poll(() => hub.control.commands(id).find((c) => c.id === command)?.status, { timeout: 15_000 }).toBe('done');
    await installFrameProbe(page);

    // Hub and media host both gone: playback continues, with the offline badge.
    await hub.close();
    await media.close();
    await expect(page.getByTestId('offline-badge')).toBeVisible({ timeout: 30_000 });
    await page.waitForTimeout(3000); // several 1 s items, all from the cache
    await expect(live(page)).toHaveAttribute('data-live-item', 'promo/1');
    expect((await readFrameProbe(page)).blank).toBe(0);

    // A restart while offline: the last applied content plays straight from the cache.
    await kiosk.close();
    kiosk = await startKiosk(dataDir, hub.entryUrl);
    await page.goto(kiosk.shell.url);
    await expect(live(page)).toHaveAttribute('data-live-item', 'promo/1', { timeout: 15_000 });
    await expect(page.getByTestId('offline-badge')).toBeVisible();
  } finally {
    await kiosk?.close();
    await hub.close().catch(() => undefined);
    await media.close().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('real core: a web page that answers 404 is skipped before it is shown — never framed, no blank frame, reported', async ({ page }) => {
  test.setTimeout(90_000);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kiosk-content-404-'));
  const media = await startMediaHost('127.0.0.1');
  const hub = await startHub({});
  let kiosk: Kiosk | null = null;
  const framed: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(media.origin)) framed.push(new URL(request.url()).pathname);
  });
  try {
    media.set('/red.png', solidPng(64, 36, [220, 38, 38]), 'image/png');
    media.set('/menu.html', colourPage('Today: soup', '#1d4ed8'), 'text/html'); // '/gone.html' is not there: 404
    kiosk = await startKiosk(dataDir, hub.entryUrl);
    await page.goto(kiosk.shell.url);
    await expect.poll(async () => (await kiosk!.runtime.handlers.getStatus()).device.deviceId ?? '', { timeout: 15_000 }).not.toBe('');
    const id = (await kiosk.runtime.handlers.getStatus()).device.deviceId!;
    hub.control.claim(id, { name: 'Lobby' });
    const items = [
      { type: 'image', url: media.url('/red.png'), duration_sec: 1 },
      { type: 'web', url: media.url('/gone.html'), duration_sec: 1 },
      { type: 'web', url: media.url('/menu.html'), duration_sec: 1 },
    ];
    hub.control.setConfig(id, { content: { playlists: { main: { items } }, default_playlist: 'main' } });
    await expect(live(page)).toHaveAttribute('data-live-item', /^main\/[13]$/, { timeout: 30_000 });
    await installFrameProbe(page);
    await page.evaluate(() => {
      // every item that goes live, however briefly
      const seen = new Set<string>([document.querySelector('[data-live-item]')?.getAttribute('data-live-item') ?? '']);
      (window as unknown as { __seen: Set<string> }).__seen = seen;
      new MutationObserver((records) => records.forEach((r) => seen.add((r.target as Element).getAttribute('data-live-item') ?? ''))).observe(document.body, {
        subtree: true,
        attributes: true,
        attributeFilter: ['data-live-item'],
      });
    });
    // two full rounds of the rotation: main/1 and main/3 alternate, main/2 never comes up
    for (const expected of ['main/3', 'main/1', 'main/3', 'main/1']) {
      await expect(live(page)).toHaveAttribute('data-live-item', expected, { timeout: 15_000 });
    }
    const seen = await page.evaluate(() => [...(window as unknown as { __seen: Set<string> }).__seen].sort());
    expect(seen).toEqual(['main/1', 'main/3']);
    expect((await readFrameProbe(page)).blank).toBe(0);
    // the core asked for the page; the screen never did
    expect(media.requests.filter((r) => r.startsWith('/gone.html')).length).toBeGreaterThan(0);
    expect(framed).not.toContain('/gone.html');
    expect(framed).toContain('/menu.html');
    const plan = await kiosk.runtime.handlers.getPlayPlan();
    expect(plan.screen.kind === 'content' && plan.screen.items.map((i) => i.id)).toEqual(['main/1', 'main/3']);
    await expect
      .poll(() => hub.control.events(id).find((e) => e.name === 'content_item_failed')?.string_key_1 ?? '', { timeout: 20_000 })
      .toContain('main/2: web HTTP 404');
  } finally {
    await kiosk?.close();
    await hub.close().catch(() => undefined);
    await media.close().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  }
});
