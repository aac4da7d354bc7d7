// The downloader half of the content cache bench (scripts/bench/content-cache.ts), bundled and run
// in its own plain `node` process so its peak RSS is the downloader's alone. Imports app code only.
import { createMediaCache } from '../../app/core/content/cache';
import { systemClock } from '../../app/core/deps';

export const WORKER_ENV = 'XYTE_CONTENT_BENCH_WORKER';
export interface Job { url: string; sha256: string; size: number; dir: string }
export interface Result { seconds: number; peakRssMb: number }

/** The downloader side, in its own bundled `node` process: one verified download into the cache. */
export async function runCacheWorker(): Promise<void> {
  const job = JSON.parse(process.env[WORKER_ENV] ?? '') as Job;
  const cache = createMediaCache({ dir: job.dir, clock: systemClock, budgetBytes: job.size * 2, outbound: () => ({ allowPrivate: true }) });
  await cache.open();
  const started = process.hrtime.bigint();
  await cache.ensure({ url: job.url, sha256: job.sha256, size: job.size });
  const result: Result = { seconds: Number(process.hrtime.bigint() - started) / 1e9, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  cache.close();
  console.log(JSON.stringify(result));
}

