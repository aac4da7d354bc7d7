// Renderer benchmark: gzipped size of the built JS, and time from navigation to the first status
// paint in headless Chromium against the fake runtime. The lead wires it into `npm run bench`.
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { silentLogger } from '../../app/core/log/logger';
import { ensureRendererBuilt } from '../../app/shells/browser/renderer-build';
import { startBrowserShell } from '../../app/shells/browser/server';
import { createFakeRuntime } from '../../test/shells/browser/fake-runtime';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = '/usr/bin/chromium';
const RUNS = 5;

async function jsGzipBytes(rendererDir: string): Promise<number> {
  const assets = path.join(rendererDir, 'assets');
  let total = 0;
  for (const name of await readdir(assets)) {
    if (name.endsWith('.js')) total += gzipSync(await readFile(path.join(assets, name)), { level: 9 }).length;
  }
  return total;
}

/** Median ms from navigation start until the status screen is in the DOM and painted. */
async function firstPaintMs(rendererDir: string): Promise<number> {
  const fake = createFakeRuntime();
  const shell = await startBrowserShell({ runtime: fake, rendererDir, logger: silentLogger });
  const browser = await chromium.launch({
    ...(existsSync(CHROMIUM) ? { executablePath: CHROMIUM } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      const page = await context.newPage();
      await page.goto(shell.url);
      await page.getByTestId('status-screen').waitFor();
      // Wait for the frame after the status screen appeared, then read it against navigation start.
      samples.push(await page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())))));
      await context.close();
    }
    samples.sort((a, b) => a - b);
    return Math.round(samples[Math.floor(samples.length / 2)]!);
  } finally {
    await browser.close();
    await shell.close();
  }
}

export async function benchRenderer(): Promise<{ jsGzipBytes: number; firstPaintMs: number }> {
  const rendererDir = await ensureRendererBuilt(repoRoot, 'if-stale');
  return { jsGzipBytes: await jsGzipBytes(rendererDir), firstPaintMs: await firstPaintMs(rendererDir) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  benchRenderer().then((r) => console.log(JSON.stringify(r)));
}
