// Content renderer benchmark in headless Chromium: the real content engine switching images.
//   switch punctuality: p95 of (first animation frame after a switch − the old item's scheduled
//                       end) over 200 switches, target ≤ 50 ms
//   blank frames:       frames with the live layer empty once content started, target 0
//   heap growth:        JS heap after 1,000 switches vs after a 100-switch warm-up (GC forced
//                       through CDP before each reading), target ≤ 10 %
// Items last 100 ms (punctuality) and 50 ms (memory), shorter than the config allows, so the run
// takes about a minute; the engine does not know the difference.
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PlayPlan } from '../../app/ipc/contract';
import { solidPng } from '../../test/e2e/content/media-host';

const here = path.dirname(fileURLToPath(import.meta.url));
const CSS = `html,body,#root{margin:0;height:100%;background:#000}
.content-slot{position:absolute;inset:0;visibility:hidden;z-index:0}.content-slot.is-live{visibility:visible;z-index:1}
.content-media{position:absolute;inset:0;width:100%;height:100%;object-fit:contain}`;

function plan(revision: number, durationMs: number): PlayPlan {
  const items = (['a', 'b', 'c', 'd'] as const).map((k, i) => ({ type: 'image' as const, id: `bench/${i + 1}`, src: `/content/${k.repeat(40)}`, durationMs, fit: 'contain' as const }));
  return { revision, skip: 0, offlineBadge: false, allowOrigins: [], screen: { kind: 'content', playlist: 'bench', items } };
}

export async function benchContentRenderer(context: { quick: boolean; print: (line: string) => void }): Promise<Record<string, number>> {
  const { build } = await import('esbuild');
  const bundle = await build({ entryPoints: [path.join(here, 'content-renderer-page.ts')], bundle: true, write: false, format: 'iife', target: 'chrome120', logLevel: 'warning' });
  const js = bundle.outputFiles[0]!.contents;
  const images = new Map(
    (['a', 'b', 'c', 'd'] as const).map((k, i) => [`/content/${k.repeat(40)}`, solidPng(640, 360, [[220, 38, 38], [22, 163, 74], [37, 99, 235], [234, 179, 8]][i] as [number, number, number])]),
  );
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><style>${CSS}</style><div id="root"></div><script src="/page.js"></script>`);
    if (url === '/page.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(Buffer.from(js));
    const image = images.get(url);
    if (image) return void res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'max-age=3600' }).end(image);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({ ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}), args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const cdp = await page.context().newCDPSession(page);
    const heapMb = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize / 1024 / 1024;
    };
    const switches = () => page.evaluate(() => (window as unknown as { __bench: { switches: number } }).__bench.switches);
    const waitSwitches = async (n: number) => {
      for (let guard = 0; guard < 10_000 && (await switches()) < n; guard++) await page.waitForTimeout(200);
    };
    const punctual = context.quick ? 60 : 200;
    const total = context.quick ? 300 : 1000;
    await page.evaluate((p) => (window as unknown as { __play(p: unknown): void }).__play(p), plan(0, 100));
    await waitSwitches(punctual + 1);
    const stats = await page.evaluate(() => (window as unknown as { __bench: { delays: number[]; frames: number; blank: number } }).__bench);
    const delays = stats.delays.slice(0, punctual).sort((a, b) => a - b);
    const p95 = delays[Math.floor(delays.length * 0.95)] ?? NaN;
    await page.evaluate((p) => (window as unknown as { __play(p: unknown): void }).__play(p), plan(1, 50));
    await waitSwitches(punctual + 100);
    const warm = await heapMb();
    await waitSwitches(punctual + total);
    const end = await heapMb();
    const after = await page.evaluate(() => (window as unknown as { __bench: { frames: number; blank: number } }).__bench);
    const f = {
      switchDelayP50Ms: Number((delays[Math.floor(delays.length / 2)] ?? NaN).toFixed(1)),
      switchDelayP95Ms: Number(p95.toFixed(1)),
      switchesMeasured: delays.length,
      blankFrames: after.blank,
      framesSampled: after.frames,
      heapWarmMb: Number(warm.toFixed(2)),
      heapEndMb: Number(end.toFixed(2)),
      heapGrowthPct: Number((((end - warm) / warm) * 100).toFixed(1)),
    };
    context.print(`content renderer, headless Chromium, real engine, 4 images rotating`);
    context.print(`  switch delay (first frame − scheduled end) over ${f.switchesMeasured} switches: p50 ${f.switchDelayP50Ms} ms, p95 ${f.switchDelayP95Ms} ms (target ≤ 50)`);
    context.print(`  blank frames: ${f.blankFrames} of ${f.framesSampled} sampled (target 0)`);
    context.print(`  JS heap after warm-up ${f.heapWarmMb} MB → after ${total} switches ${f.heapEndMb} MB: ${f.heapGrowthPct} % (target ≤ 10 %)`);
    return f;
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchContentRenderer({ quick: process.argv.includes('--quick'), print: (line) => console.log(line) }).then(
    (f) => console.log(JSON.stringify(f)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
