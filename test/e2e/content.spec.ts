// The signage player in real Chromium through the browser shell, over a scripted core (the fake
// runtime) so each plan is exact: rotation without blank frames, a broken item skipped, the
// status screen on demand, the kiosk UI above content, and a hostile web item contained.
import { test as base, expect, type Page } from '@playwright/test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../app/core/log/logger';
import type { PlayPlan } from '../../app/ipc/contract';
import { startBrowserShell, type BrowserShell } from '../../app/shells/browser/server';
import { createFakeRuntime, type FakeRuntime } from '../shells/browser/fake-runtime';
import { colourPage, hostilePage, solidPng, startMediaHost, type MediaHost } from './content/media-host';
import { installFrameProbe, readFrameProbe, recordWebm } from './content/page-tools';
import { rendererDir, saveScreenshot } from './fixtures';

const KEY = { red: 'a'.repeat(40), green: 'b'.repeat(40), video: 'c'.repeat(40), missing: 'd'.repeat(40) };

interface Rig {
  fake: FakeRuntime;
  shell: BrowserShell;
  media: MediaHost;
  away: MediaHost;
  /** On another site than the shell (127.0.0.2), so Chromium gives its pages their own process. */
  remote: MediaHost;
  problems: string[];
  open(page: Page): Promise<void>;
  play(items: Extract<PlayPlan['screen'], { kind: 'content' }>['items'], extra?: Partial<PlayPlan>): void;
}

const test = base.extend<{ rig: Rig }>({
  rig: async ({ page, browser }, use) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kiosk-content-e2e-'));
    const files = new Map<string, string>();
    const put = async (key: string, body: Buffer) => {
      const file = path.join(dir, `${key}.media`);
      await writeFile(file, body);
      files.set(key, file);
    };
    await put(KEY.red, solidPng(64, 36, [220, 38, 38]));
    await put(KEY.green, solidPng(64, 36, [22, 163, 74]));
    await put(KEY.video, await recordWebm(browser));
    const fake = createFakeRuntime();
    fake.setStatus({ claim: { claimed: true } });
    const shell = await startBrowserShell({ runtime: { ...fake, contentFile: (key) => files.get(key) ?? null }, rendererDir, logger: silentLogger });
    const media = await startMediaHost('127.0.0.1');
    const away = await startMediaHost('127.0.0.1');
    const remote = await startMediaHost('127.0.0.2');
    const problems: string[] = [];
    const shellOrigin = new URL(shell.url).origin;
    page.on('request', (req) => {
      const url = req.url();
      if (![shellOrigin, media.origin, remote.origin, 'ws://127.0.0.1', 'data:', 'about:'].some((o) => url.startsWith(o))) problems.push(`request: ${url}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('popup', (popup) => problems.push(`popup: ${popup.url()}`));
    let revision = 0;
    await use({
      fake,
      shell,
      media,
      away,
      remote,
      problems,
      open: async (p) => {
        await p.goto(shell.url);
        await installFrameProbe(p);
      },
      play: (items, extra = {}) =>
        fake.setPlayPlan({ revision, skip: 0, offlineBadge: true, allowOrigins: [], screen: { kind: 'content', playlist: 'p', items }, ...extra }),
    });
    revision += 1;
    await shell.close();
    await media.close();
    await away.close();
    await remote.close();
    await rm(dir, { recursive: true, force: true });
    expect(problems).toEqual([]);
  },
});

const liveItem = (page: Page) => page.getByTestId('content-layer');

test('plays image → video → web in rotation with no blank frame, each reported', async ({ page, rig }) => {
  rig.media.set('/menu.html', colourPage('Today: soup', '#1d4ed8'), 'text/html');
  await rig.open(page);
  rig.play([
    { type: 'image', id: 'p/1', src: `/content/${KEY.red}`, durationMs: 1500, fit: 'cover' },
    { type: 'video', id: 'p/2', src: `/content/${KEY.video}`, durationMs: null, fit: 'contain', muted: true },
    { type: 'web', id: 'p/3', url: rig.media.url('/menu.html'), durationMs: 2000, reloadMs: null },
  ]);
  for (const [id, shot] of [['p/1', 'content-image'], ['p/2', 'content-video'], ['p/3', 'content-web']] as const) {
    await expect(liveItem(page)).toHaveAttribute('data-live-item', id);
    await saveScreenshot(page, shot);
  }
  await expect(liveItem(page)).toHaveAttribute('data-live-item', 'p/1', { timeout: 15_000 });
  const probe = await readFrameProbe(page);
  expect(probe.frames).toBeGreaterThan(10);
  expect(probe.blank).toBe(0);
  const started = rig.fake.callsOf('reportPlayback').map(([r]) => (r as { itemId: string; outcome: string }).itemId);
  expect(started.slice(0, 4)).toEqual(['p/1', 'p/2', 'p/3', 'p/1']);
  expect(await page.evaluate(() => document.documentElement.dataset.screen)).toBe('status');
});

test('skips an item that cannot be shown, reports it, and never blanks', async ({ page, rig }) => {
  await rig.open(page);
  rig.play([
    { type: 'image', id: 'p/1', src: `/content/${KEY.red}`, durationMs: 1000, fit: 'contain' },
    { type: 'image', id: 'p/2', src: `/content/${KEY.missing}`, durationMs: 1000, fit: 'contain' },
    { type: 'image', id: 'p/3', src: `/content/${KEY.green}`, durationMs: 1000, fit: 'contain' },
  ]);
  await expect(liveItem(page)).toHaveAttribute('data-live-item', 'p/3', { timeout: 15_000 });
  await expect(liveItem(page)).toHaveAttribute('data-live-item', 'p/1', { timeout: 15_000 });
  const reports = rig.fake.callsOf('reportPlayback').map(([r]) => r);
  expect(reports).toContainEqual({ itemId: 'p/2', outcome: 'failed', reason: 'decode-error' });
  expect(reports).not.toContainEqual({ itemId: 'p/2', outcome: 'started' });
  expect((await readFrameProbe(page)).blank).toBe(0);
});

test('show_status replaces content and gives it back; the kiosk UI and the offline badge stay above', async ({ page, rig }) => {
  await rig.open(page);
  const items = [{ type: 'image', id: 'p/1', src: `/content/${KEY.green}`, durationMs: 60_000, fit: 'contain' }] as const;
  rig.play([...items]);
  await expect(liveItem(page)).toHaveAttribute('data-live-item', 'p/1');
  rig.fake.emit({ name: 'onCommand', payload: { phase: 'started', id: 'c1', name: 'reload_content', label: 'Reloading content…' } });
  await expect(page.getByText('Reloading content…')).toBeVisible();
  rig.fake.setStatus({ connection: { state: 'offline', message: 'hub unreachable' } });
  await expect(page.getByTestId('offline-badge')).toHaveText('Offline — showing saved content');
  await saveScreenshot(page, 'content-offline-badge');
  rig.fake.setPlayPlan({ revision: 0, skip: 0, offlineBadge: true, allowOrigins: [], screen: { kind: 'status', reason: 'show-status' } });
  await expect(page.getByTestId('status-screen')).toBeVisible();
  await expect(liveItem(page)).toHaveCount(0);
  rig.play([...items], { revision: 1 });
  await expect(liveItem(page)).toHaveAttribute('data-live-item', 'p/1');
  rig.fake.setPlayPlan({ revision: 1, skip: 0, offlineBadge: true, allowOrigins: [], screen: { kind: 'status', reason: 'nothing-playable' } });
  await expect(page.getByTestId('content-notice')).toHaveText('The scheduled content cannot be shown right now — retrying');
});

test('a web item cannot open pop-ups, navigate the kiosk, reach window.kiosk or leave its allow-list', async ({ page, rig }) => {
  rig.away.set('/away', colourPage('escaped', '#000'), 'text/html');
  rig.media.set('/hostile.html', hostilePage(rig.away.url('/away')), 'text/html');
  rig.media.set('/report', 'ok', 'text/plain');
  await rig.open(page);
  rig.play([{ type: 'web', id: 'p/1', url: rig.media.url('/hostile.html'), durationMs: 60_000, reloadMs: null }]);
  await expect.poll(() => rig.media.requests.find((r) => r.startsWith('/report?')) ?? '').not.toBe('');
  const report = Object.fromEntries(new URLSearchParams(rig.media.requests.find((r) => r.startsWith('/report?'))!.split('?')[1]));
  expect(report).toEqual({ popup: 'blocked', top: 'blocked', kiosk: 'blocked' });
  await page.waitForTimeout(1500); // the page's own navigation attempt runs 300 ms after its report
  expect(rig.away.requests).toEqual([]);
  expect(page.url()).toBe(rig.shell.url);
  expect(page.context().pages()).toHaveLength(1);
  await expect(liveItem(page)).toHaveAttribute('data-live-item', 'p/1');
});

test('a web page that hangs after load cannot hold the screen: the rotation goes on without a blank frame', async ({ page, rig }) => {
  // Decision: in a browser, nothing about a cross-origin page's health reaches the kiosk after its
  // load event (no status, no crash or hang event; a heartbeat would need the page's cooperation),
  // so the bound is the rotation: the page leaves at the end of its duration, and each turn loads
  // it afresh in a new frame. Here the page's own process spins 200 ms after loading, for longer
  // than the test runs (bounded, so a leftover process stops by itself).
  rig.remote.set('/hang.html', colourPage('Busy', '#0f766e').replace('</body>', "<script>setTimeout(() => fetch('/spinning').finally(() => { const end = Date.now() + 60000; while (Date.now() < end); }), 200)</script></body>"), 'text/html');
  await rig.open(page);
  rig.play([
    { type: 'web', id: 'p/1', url: rig.remote.url('/hang.html'), durationMs: 1500, reloadMs: null },
    { type: 'image', id: 'p/2', src: `/content/${KEY.green}`, durationMs: 1500, fit: 'contain' },
  ]);
  for (const expected of ['p/1', 'p/2', 'p/1', 'p/2']) {
    await expect(liveItem(page)).toHaveAttribute('data-live-item', expected, { timeout: 15_000 });
  }
  expect(rig.remote.requests).toContain('/spinning'); // the page did reach its busy loop
  expect(rig.remote.requests.filter((r) => r === '/hang.html').length).toBeGreaterThanOrEqual(2); // afresh each turn
  const probe = await readFrameProbe(page);
  expect(probe.frames).toBeGreaterThan(10);
  expect(probe.blank).toBe(0);
});
