// Playwright fixtures: each test gets the browser shell over a fresh fake runtime, plus a guard
// that fails the test on any request leaving the shell's origin, any CSP violation and any
// console error (the kiosk must make no request off the machine and run under the strict CSP).
import { test as base, expect, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../../app/core/log/logger';
import { startBrowserShell } from '../../app/shells/browser/server';
import { createFakeRuntime, type FakeRuntime } from '../shells/browser/fake-runtime';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const rendererDir = path.join(repoRoot, 'dist', 'renderer');
const screenshotDir = path.join(repoRoot, 'docs', 'screenshots');

export interface PageGuard {
  /** Problems seen so far: off-origin requests, console errors, CSP violations. */
  problems: string[];
  /** Tolerates console errors matching `pattern` (e.g. Chromium's own reconnect noise). */
  allow(pattern: RegExp): void;
}

export interface KioskFixture {
  fake: FakeRuntime;
  url: string;
  /** Loads the kiosk page and waits for the first status paint and the fonts. */
  open(page: Page): Promise<void>;
  /** Stops the shell (the page loses its socket) and starts it again on the same port. */
  stopShell(): Promise<void>;
  restartShell(): Promise<void>;
}

/** Watches a page for anything the kiosk must never do; call before navigating. */
export async function guardPage(page: Page, origin: string): Promise<PageGuard> {
  const allowed: RegExp[] = [];
  const guard: PageGuard = { problems: [], allow: (pattern) => void allowed.push(pattern) };
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(origin) && !url.startsWith('ws://127.0.0.1') && !url.startsWith('data:')) guard.problems.push(`request off the machine: ${url}`);
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !allowed.some((p) => p.test(msg.text()))) guard.problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (error) => guard.problems.push(`page error: ${error.message}`));
  await page.exposeFunction('__reportCsp', (text: string) => guard.problems.push(`CSP violation: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __reportCsp(t: string): void }).__reportCsp(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return guard;
}

export async function openKiosk(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('status-screen').or(page.getByTestId('upgrade-progress'))).toBeVisible();
  await page.evaluate(async () => {
    await document.fonts.ready;
  });
}

/**
 * Saves a screenshot to docs/screenshots when it is missing or KIOSK_SCREENSHOTS=1, so ordinary
 * test runs do not rewrite committed images (the clock and "12 s ago" change every run).
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  const file = path.join(screenshotDir, `${name}.png`);
  if (existsSync(file) && process.env.KIOSK_SCREENSHOTS !== '1') return;
  await mkdir(screenshotDir, { recursive: true });
  await page.evaluate(async () => {
    await document.fonts.ready;
  });
  await page.screenshot({ path: file, animations: 'disabled' });
}

/** Asserts the page fits its viewport: no vertical or horizontal scrolling. */
export async function expectNoOverflow(page: Page): Promise<void> {
  const size = await page.evaluate(() => {
    const root = document.scrollingElement!;
    return { h: root.scrollHeight, w: root.scrollWidth, vh: innerHeight, vw: innerWidth };
  });
  expect(size.h, `scrollHeight ${size.h} > ${size.vh}`).toBeLessThanOrEqual(size.vh);
  expect(size.w, `scrollWidth ${size.w} > ${size.vw}`).toBeLessThanOrEqual(size.vw);
}

export const test = base.extend<{ kiosk: KioskFixture; guard: PageGuard }>({
  // Playwright requires an object pattern even when a fixture needs no other fixture.
  // eslint-disable-next-line no-empty-pattern
  kiosk: async ({}, use) => {
    const fake = createFakeRuntime();
    let shell = await startBrowserShell({ runtime: fake, rendererDir, logger: silentLogger });
    const { url, port } = shell;
    await use({
      fake,
      url,
      open: (page) => openKiosk(page, url),
      stopShell: () => shell.close(),
      restartShell: async () => {
        shell = await startBrowserShell({ runtime: fake, rendererDir, logger: silentLogger, port });
      },
    });
    await shell.close();
  },
  guard: [
    async ({ page, kiosk }, use) => {
      const guard = await guardPage(page, new URL(kiosk.url).origin);
      await use(guard);
      expect(guard.problems, 'the page did something a kiosk must not').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
