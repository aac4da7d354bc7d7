// Renderer benchmark: gzipped size of the built JS, and the time from navigation start until the
// status screen WITH DATA is painted, in headless Chromium against the fake runtime.
//
// Fairness: one warm Chromium for all samples (launch is never timed), warm-up loads first, then
// RUNS loads per case, interleaved so machine noise hits every case alike; median and p95. Two
// cases of the app: "cold" (a fresh browser context: empty HTTP cache, like a kiosk boot) and
// "reload" (the same page reloaded: assets from cache). The baseline is a static HTML page with the
// same stylesheet and fonts, served by the same shell from the same directory: the floor that no
// script can beat on this machine, so the ratio says what the renderer itself costs.
//
// "Painted" is measured in the page (no CDP round trip in the figure): a MutationObserver sees the
// status screen enter the DOM, then the next animation frame runs, and a task queued from it runs
// once that frame's paint is done. Its performance.now() is ms since navigation start.
import { chromium, type Browser, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { silentLogger } from '../../app/core/log/logger';
import { ensureRendererBuilt } from '../../app/shells/browser/renderer-build';
import { startBrowserShell } from '../../app/shells/browser/server';
import { createFakeRuntime } from '../../test/shells/browser/fake-runtime';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = '/usr/bin/chromium';
const RUNS = Number(process.env.RENDERER_BENCH_RUNS ?? 15);
/** Another build of the renderer (e.g. the previous commit's dist/renderer) to time in the same run. */
const COMPARE_DIR = process.env.RENDERER_BENCH_COMPARE;
const WARMUP = 3;
const VIEWPORT = { width: 1920, height: 1080 };

type Paint = { statusMs: number; qrMs: number; fcpMs: number };

async function gzipKb(file: string): Promise<number> {
  return gzipSync(await readFile(file), { level: 9 }).length / 1024;
}

/** All JS, and the JS the page loads before it can paint (entry script + its modulepreloads). */
async function jsSizes(rendererDir: string): Promise<{ totalKb: number; criticalKb: number }> {
  const assets = path.join(rendererDir, 'assets');
  let totalKb = 0;
  for (const name of await readdir(assets)) if (name.endsWith('.js')) totalKb += await gzipKb(path.join(assets, name));
  const html = await readFile(path.join(rendererDir, 'index.html'), 'utf8');
  const critical = [...html.matchAll(/<(?:script|link)[^>]*(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  let criticalKb = 0;
  for (const rel of new Set(critical)) criticalKb += await gzipKb(path.join(rendererDir, rel));
  return { totalKb, criticalKb };
}

/**
 * The baseline page: the built index.html's stylesheet and font links (no scripts), and static
 * markup shaped like the status screen so the same CSS lays out and paints the same kind of page.
 */
function baselineHtml(indexHtml: string): string {
  const links = [...indexHtml.matchAll(/<link\b[^>]*>/g)].map((m) => m[0]).filter((l) => !/modulepreload/.test(l));
  const field = (label: string, value: string) => `<div class="field"><div class="field-label">${label}</div><div class="field-value">${value}</div></div>`;
  const card = (title: string, body: string) => `<section class="card"><h2 class="card-title">${title}</h2>${body}</section>`;
  return `<!doctype html>
<html lang="en" data-theme="dark" data-screen="status">
<head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><title>Lobby Display 3</title>
${links.join('\n')}
</head>
<body><div id="root"><main class="status-screen with-claim" data-testid="status-screen">
<header class="topbar"><div class="brand"><h1 class="device-name">Lobby Display 3</h1></div><div class="topbar-right"><time class="clock">12:00</time></div></header>
<section class="card hero tone-ok"><div class="hero-line"><span class="hero-dot"></span><span class="hero-word">Online</span></div></section>
<section class="card claim"><div class="qr-frame"><svg class="qr" viewBox="0 0 33 33" data-testid="claim-qr"><rect width="33" height="33" fill="#ffffff" /></svg></div>
<div class="claim-text"><h2 class="claim-title">Scan to claim this screen</h2><p class="claim-hint">Scan with a phone to add this screen to your Xyte space.</p>
${field('Cloud ID', 'CLD-7F3A-91B2')}${field('Serial number', 'XK-2024-000317')}<p class="claim-url">claim.example.test/c/CLD-7F3A-91B2</p></div></section>
<div class="details">${card('Software', field('Version', '1.0.0'))}${card('Last report', '<div class="big-value">12 s ago</div>')}${card('Space', '<div class="big-value">HQ — Floor 2 Lobby</div>')}${card('Licenses', '<div class="big-value">2 active</div>')}</div>
</main></div></body></html>
`;
}

/**
 * Runs in the page before any of its scripts (Playwright init scripts are not subject to the CSP).
 * A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
 * One promise per selector, resolved with the ms since navigation start once it is painted.
 */
const PAINT_PROBE = `
window.__paints = {};
for (const [name, selector] of Object.entries(${JSON.stringify({ status: '[data-testid="status-screen"]', qr: '[data-testid="claim-qr"]' })})) {
  window.__paints[name] = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (!document.querySelector(selector)) return;
      observer.disconnect();
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(0);
      });
    });
    observer.observe(document, { childList: true, subtree: true });
  });
}`;

async function readPaint(page: Page): Promise<Paint> {
  return page.evaluate(async () => {
    const paints = (window as unknown as { __paints: Record<'status' | 'qr', Promise<number>> }).__paints;
    const stuck = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no status/QR paint within 10 s')), 10_000));
    const [statusMs, qrMs] = await Promise.race([Promise.all([paints.status, paints.qr]), stuck]);
    // Paint timing is reported once the frame is presented, which can be after our probe fired.
    const fcpMs = await new Promise<number>((resolve) => {
      const timer = setTimeout(() => resolve(Number.NaN), 2000);
      new PerformanceObserver((list) => {
        const entry = list.getEntriesByName('first-contentful-paint')[0];
        if (!entry) return;
        clearTimeout(timer);
        resolve(entry.startTime);
      }).observe({ type: 'paint', buffered: true });
    });
    return { statusMs, qrMs, fcpMs };
  });
}

async function coldLoad(browser: Browser, url: string): Promise<Paint> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    await page.addInitScript(PAINT_PROBE);
    await page.goto(url);
    return await readPaint(page);
  } finally {
    await context.close();
  }
}

/** A page kept open across samples; each sample reloads it (HTTP cache and code cache warm). */
async function reloader(browser: Browser, url: string): Promise<{ load(): Promise<Paint>; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.addInitScript(PAINT_PROBE);
  await page.goto(url);
  await readPaint(page);
  return {
    load: async () => {
      await page.reload();
      return readPaint(page);
    },
    close: () => context.close(),
  };
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (n: number) => Math.round(n);

type Case = { name: string; load: () => Promise<Paint>; samples: Paint[] };

async function measurePaints(servedDir: string): Promise<Record<string, number>> {
  const shell = await startBrowserShell({ runtime: createFakeRuntime(), rendererDir: servedDir, logger: silentLogger });
  const browser = await chromium.launch({
    ...(existsSync(CHROMIUM) ? { executablePath: CHROMIUM } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const appUrl = shell.url;
  const baseUrl = `${shell.url}baseline.html`;
  try {
    const appReload = await reloader(browser, appUrl);
    const baseReload = await reloader(browser, baseUrl);
    const cases: Case[] = [
      ...(COMPARE_DIR ? [{ name: 'compare', load: () => coldLoad(browser, `${shell.url}compare/index.html`), samples: [] }] : []),
      { name: 'app', load: () => coldLoad(browser, appUrl), samples: [] },
      { name: 'baseline', load: () => coldLoad(browser, baseUrl), samples: [] },
      { name: 'appReload', load: appReload.load, samples: [] },
      { name: 'baselineReload', load: baseReload.load, samples: [] },
    ];
    for (let i = 0; i < WARMUP + RUNS; i += 1) {
      for (const c of cases) {
        const paint = await c.load();
        if (i >= WARMUP) c.samples.push(paint);
      }
    }
    await appReload.close();
    await baseReload.close();
    const stat = (name: string) => {
      const samples = cases.find((c) => c.name === name)!.samples;
      const of = (key: keyof Paint) => samples.map((s) => s[key]);
      return { median: percentile(of('statusMs'), 50), p95: percentile(of('statusMs'), 95), fcp: percentile(of('fcpMs'), 50), qr: percentile(of('qrMs'), 50) };
    };
    const app = stat('app');
    const base = stat('baseline');
    const appR = stat('appReload');
    const baseR = stat('baselineReload');
    const compare = COMPARE_DIR ? stat('compare') : null;
    return {
      ...(compare ? { compareFirstPaintMs: round(compare.median), compareFirstPaintP95Ms: round(compare.p95), comparePaintRatio: Number((compare.median / base.median).toFixed(2)) } : {}),
      firstPaintMs: round(app.median),
      firstPaintP95Ms: round(app.p95),
      firstContentfulPaintMs: round(app.fcp),
      qrPaintMs: round(app.qr),
      baselineFirstContentfulPaintMs: round(base.fcp),
      baselinePaintMs: round(base.median),
      baselinePaintP95Ms: round(base.p95),
      paintRatio: Number((app.median / base.median).toFixed(2)),
      reloadPaintMs: round(appR.median),
      reloadPaintP95Ms: round(appR.p95),
      reloadBaselinePaintMs: round(baseR.median),
      reloadPaintRatio: Number((appR.median / baseR.median).toFixed(2)),
      runs: RUNS,
    };
  } finally {
    await browser.close();
    await shell.close();
  }
}

export async function benchRenderer(): Promise<Record<string, number>> {
  const rendererDir = await ensureRendererBuilt(repoRoot, 'if-stale');
  const sizes = await jsSizes(rendererDir);
  // A copy of the build plus baseline.html, so the app and the baseline come from one server.
  const servedDir = await mkdtemp(path.join(os.tmpdir(), 'kiosk-renderer-bench-'));
  try {
    await cp(rendererDir, servedDir, { recursive: true });
    if (COMPARE_DIR) await cp(COMPARE_DIR, path.join(servedDir, 'compare'), { recursive: true });
    await writeFile(path.join(servedDir, 'baseline.html'), baselineHtml(await readFile(path.join(rendererDir, 'index.html'), 'utf8')));
    const paints = await measurePaints(servedDir);
    return { jsGzipKb: Number(sizes.totalKb.toFixed(1)), criticalJsGzipKb: Number(sizes.criticalKb.toFixed(1)), ...paints };
  } finally {
    await rm(servedDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  benchRenderer().then((r) => console.log(JSON.stringify(r, null, 2)));
}
