// The audience-safe screen rules (README "Screen rules") at the four reference displays: readable
// from 3 m, plain words only, dialogs that close themselves and never hide the claim QR, long ids
// that wrap at sensible points, a title that is not cut, a reconnecting marker that covers nothing.
import type { Page } from '@playwright/test';
import type { StatusSnapshot } from '../../app/ipc/contract';
import { expect, expectNoOverflow, saveScreenshot, test, type KioskFixture } from './fixtures';

const viewports = [
  { name: '1366x768', width: 1366, height: 768 },
  { name: '1920x1080', width: 1920, height: 1080 },
  { name: '1080x1920', width: 1080, height: 1920 },
  { name: '3840x2160', width: 3840, height: 2160 },
];

/** Minimum font sizes: the status word against the height, the rest against the shorter side. */
const MIN = { statusWord: 0.04, value: 0.025, dialogLead: 0.025, dialogText: 0.02, toast: 0.02, label: 0.018 };

const notice: StatusSnapshot['upgrade'] = { kind: 'notice', current: '1.0.0', available: '1.2.0', notes: 'Faster start-up and sharper text on 4K panels.', source: 'notice' };

async function smallestFont(page: Page, selector: string): Promise<number> {
  const sizes = await page.locator(selector).evaluateAll((els) => els.map((el) => parseFloat(getComputedStyle(el).fontSize)));
  expect(sizes.length, `${selector} on screen`).toBeGreaterThan(0);
  return Math.min(...sizes);
}

async function expectAtLeast(page: Page, selector: string, share: number, of: number): Promise<void> {
  // 0.5 px tolerance for sub-pixel rounding of rem-based sizes.
  expect(await smallestFont(page, selector), `${selector} >= ${share * 100}% of ${of}px`).toBeGreaterThanOrEqual(share * of - 0.5);
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The screenshots the README shows (docs/screenshots); the other viewports are checked, not saved. */
const README_SHOTS = new Set([
  'rules-1366x768-dialog-unclaimed', 'rules-1920x1080-dialog-unclaimed', 'rules-1080x1920-dialog-unclaimed', 'rules-3840x2160-dialog-unclaimed',
  'rules-1366x768-plain-words', 'rules-1920x1080-config-typo', 'rules-1920x1080-reconnecting',
]);

async function shot(page: Page, name: string): Promise<void> {
  if (README_SHOTS.has(name)) await saveScreenshot(page, name);
}

async function open(page: Page, kiosk: KioskFixture, vp: { width: number; height: number }): Promise<void> {
  await page.setViewportSize({ width: vp.width, height: vp.height });
  await kiosk.open(page);
}

for (const vp of viewports) {
  const short = Math.min(vp.width, vp.height);

  test.describe(`at ${vp.name}`, () => {
    test('readable from 3 m: status word, values, labels, toasts and dialog text meet their minimum size', async ({ page, kiosk }) => {
      await open(page, kiosk, vp);
      for (const claimed of [false, true]) {
        kiosk.fake.setStatus({ claim: claimed ? { claimed: true } : kiosk.fake.status().claim, upgrade: { kind: 'idle' } });
        await expect(page.getByTestId('claim-card')).toHaveCount(claimed ? 0 : 1);
        await expectAtLeast(page, '[data-testid="connection-word"]', MIN.statusWord, vp.height);
        await expectAtLeast(page, '.field-value, .big-value, .id-value', MIN.value, short);
        await expectAtLeast(page, '.field-label, .card-title', MIN.label, short);
        await expectNoOverflow(page);
      }
      kiosk.fake.emit({ name: 'onCommand', payload: { phase: 'started', id: 'c1', name: 'reload', label: 'Reloading the screen…' } });
      await expect(page.getByTestId('toast')).toBeVisible();
      await expectAtLeast(page, '.toast', MIN.toast, short);
      for (const claimed of [false, true]) {
        kiosk.fake.setStatus({ claim: claimed ? { claimed: true } : { claimed: false, claimUrl: 'https://claim.example.test/c/CLD-7F3A-91B2' }, upgrade: notice });
        await expect(page.getByTestId('upgrade-dialog')).toBeVisible();
        await expectAtLeast(page, '.modal-lead', MIN.dialogLead, short);
        await expectAtLeast(page, '.modal-hint, .modal-notes', MIN.dialogText, short);
        await expectNoOverflow(page);
        if (!claimed) await shot(page, `rules-${vp.name}-dialog-unclaimed`);
      }
    });

    test('the upgrade dialog never hides the claim QR while unclaimed, and shows the release notes', async ({ page, kiosk }) => {
      await open(page, kiosk, vp);
      kiosk.fake.setStatus({ upgrade: notice });
      const dialog = page.getByTestId('upgrade-dialog');
      await expect(dialog).toBeVisible();
      await expect(page.getByTestId('upgrade-notes')).toHaveText('Faster start-up and sharper text on 4K panels.');
      const qr = (await page.getByTestId('claim-qr').boundingBox())!;
      expect(overlaps(qr, (await dialog.boundingBox())!)).toBe(false);
      // Nothing is painted over the QR: its centre and corners hit the QR itself.
      const hits = await page.getByTestId('claim-qr').evaluate((el) => {
        const r = el.getBoundingClientRect();
        const points = [[r.left + r.width / 2, r.top + r.height / 2], [r.left + 4, r.top + 4], [r.right - 4, r.bottom - 4]];
        return points.map(([x, y]) => el.contains(document.elementFromPoint(x!, y!)));
      });
      expect(hits).toEqual([true, true, true]);
      expect(qr.width).toBeGreaterThanOrEqual(short * 0.22);
      await expect(page.getByTestId('upgrade-now')).toBeFocused();
      await expectNoOverflow(page);
    });

    test('the upgrade dialog closes itself after the configured time as "Later"', async ({ page, kiosk }) => {
      await page.clock.install();
      await open(page, kiosk, vp);
      kiosk.fake.setStatus({ upgrade: notice, display: { theme: 'dark', promptTimeoutSec: 20 } });
      await expect(page.getByTestId('upgrade-dialog-countdown')).toHaveText('This message closes by itself in 20 s.');
      await page.clock.runFor(10_000);
      await expect(page.getByTestId('upgrade-dialog-countdown')).toHaveText('This message closes by itself in 10 s.');
      expect(kiosk.fake.callsOf('postponeUpgrade')).toEqual([]);
      await page.clock.runFor(10_500);
      await expect(page.getByTestId('upgrade-dialog')).toHaveCount(0);
      await expect.poll(() => kiosk.fake.callsOf('postponeUpgrade')).toEqual([[{ version: '1.2.0' }]]);
      expect(kiosk.fake.callsOf('acceptUpgrade')).toEqual([]);
    });

    test('plain words on screen; codes, ids, paths and flags only in the diagnostics view', async ({ page, kiosk }) => {
      const uuid = '0b0b0b0b-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
      const technical = /\b503\b|ECONNRESET|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}|\/usr\/local|--installer|interval_sec|checksum/;
      kiosk.fake.handlers.acceptUpgrade = async () => ({ ok: false, message: 'no installer: start with --installer command:/usr/local/bin/install.sh' });
      await open(page, kiosk, vp);
      kiosk.fake.setStatus({ connection: { state: 'offline', message: 'HTTP 503 from hub: connect ECONNRESET', nextRetryAt: new Date(Date.now() + 30_000).toISOString() } });
      await expect(page.getByTestId('connection-detail')).toContainText("Can't reach Xyte — retrying");
      kiosk.fake.emit({ name: 'onCommand', payload: { phase: 'finished', id: 'c9', name: 'dump', label: 'Uploading a diagnostic dump…', ok: true, message: `uploaded as dump ${uuid}` } });
      kiosk.fake.emit({ name: 'onConfig', payload: { outcome: 'refused', version: 7, changed: [], message: 'telemetry.interval_sec: must be ≤ 120' } });
      await expect(page.getByTestId('toast')).toHaveCount(2);
      kiosk.fake.setStatus({ upgrade: notice });
      await page.getByTestId('upgrade-now').click();
      await expect(page.getByTestId('toast').filter({ hasText: 'The update could not start' })).toBeVisible();
      kiosk.fake.setStatus({ upgrade: { kind: 'failed', target: '1.2.0', reason: 'checksum mismatch (sha256)', at: new Date().toISOString() } });
      await expect(page.getByTestId('upgrade-result-text')).toHaveText('The update to 1.2.0 did not complete. Still running 1.0.0.');
      expect(await page.locator('body').innerText()).not.toMatch(technical);
      await shot(page, `rules-${vp.name}-plain-words`);

      await page.keyboard.press('Control+Shift+D');
      const log = page.getByTestId('diagnostics-log');
      await expect(log).toContainText('HTTP 503 from hub: connect ECONNRESET');
      await expect(log).toContainText(uuid);
      await expect(log).toContainText('telemetry.interval_sec');
      await expect(log).toContainText('--installer command:/usr/local/bin/install.sh');
      await expect(log).toContainText('checksum mismatch');
      await expectNoOverflow(page);
      await page.getByTestId('diagnostics-close').click();
      await expect(page.getByTestId('diagnostics')).toHaveCount(0);
    });

    test('a typo in the cloud config keeps the last good screen with a discreet marker; holding the logo opens diagnostics', async ({ page, kiosk }) => {
      await open(page, kiosk, vp);
      kiosk.fake.setStatus({ claim: { claimed: true }, connection: { state: 'online', issue: 'config version 9 refused: display.theme: must be one of "dark", "light"' } });
      await expect(page.getByTestId('attention-marker')).toHaveText('Needs attention');
      await expect(page.getByTestId('connection-word')).toHaveText('Online');
      await expect(page.getByTestId('connection')).toHaveClass(/tone-ok/);
      await expect(page.getByTestId('space-name')).toHaveText('HQ — Floor 2 Lobby');
      expect(await page.locator('body').innerText()).not.toMatch(/Error|display\.theme/);
      await shot(page, `rules-${vp.name}-config-typo`);
      const brand = (await page.getByTestId('brand').boundingBox())!;
      await page.mouse.move(brand.x + brand.width / 2, brand.y + brand.height / 2);
      await page.mouse.down();
      await expect(page.getByTestId('diagnostics')).toBeVisible({ timeout: 10_000 });
      await page.mouse.up();
      await expect(page.getByTestId('diagnostics-log')).toContainText('display.theme: must be one of');
    });

    test('long ids wrap only between groups; a long title is not cut; the reconnecting marker covers nothing', async ({ page, kiosk, guard }) => {
      await open(page, kiosk, vp);
      guard.allow(/WebSocket connection to .* failed/);
      const cloudId = 'XKSK7Q2WZ9RT4LMN8BVC3XPA5DEF';
      const sn = 'SN-2026-LOBBY-0000000000000317';
      kiosk.fake.setStatus({ device: { ...kiosk.fake.status().device, cloudId, sn }, display: { theme: 'dark', title: 'Northern Lights Conference Centre — Main Entrance Lobby East' } });
      await expect(page.getByTestId('claim-cloud-id')).toHaveText(cloudId);
      await expect(page.getByTestId('card-software')).toBeVisible();
      for (const id of ['claim-cloud-id', 'claim-serial']) {
        const chunks = await page.getByTestId(id).locator('.id-chunk').evaluateAll((els) => els.map((el) => el.getClientRects().length));
        expect(chunks.every((rects) => rects === 1), `${id}: no group broken across lines`).toBe(true);
        const fits = await page.getByTestId(id).evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
        expect(fits, `${id} fits its card`).toBe(true);
      }
      const title = page.getByTestId('device-name');
      const cut = await title.evaluate((el) => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1);
      expect(cut, 'title shown in full').toBe(false);
      await expectNoOverflow(page);

      await kiosk.stopShell();
      const marker = page.getByTestId('reconnecting');
      await expect(marker).toBeVisible();
      expect(overlaps((await marker.boundingBox())!, (await title.boundingBox())!)).toBe(false);
      expect(overlaps((await marker.boundingBox())!, (await page.getByTestId('connection-word').boundingBox())!)).toBe(false);
      await shot(page, `rules-${vp.name}-reconnecting`);
      await kiosk.restartShell();
      await expect(marker).toHaveCount(0);
    });

    test("the clock follows the space's utc_offset", async ({ page, kiosk }) => {
      await page.clock.setFixedTime(new Date('2026-01-01T23:30:00Z'));
      await open(page, kiosk, vp);
      kiosk.fake.setStatus({ space: { ...kiosk.fake.status().space, utcOffsetMin: 120 } });
      await expect(page.getByTestId('clock')).toHaveText('01:30');
      kiosk.fake.setStatus({ space: { ...kiosk.fake.status().space, utcOffsetMin: -300 } });
      await expect(page.getByTestId('clock')).toHaveText('18:30');
    });
  });
}
