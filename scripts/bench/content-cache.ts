// Content cache download benchmark: the real media cache (shared downloader, sha256 in the same
// pass, fsync, commit into the cache) against the shell pipeline an operator would script,
// `curl -s URL | tee file | sha256sum`, both writing to the same disk, on loopback.
// Targets: throughputRatio ≥ 0.9×, peakRssMb ≤ 100 (the downloader in its own process).
// Size: BENCH_CONTENT_BYTES (default 256 MiB; quick mode 64 MiB).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WORKER_ENV, type Job, type Result } from './content-cache-worker';
import { firstLine, run, runNode, SERVER } from './firmware';
import { bundleBenchWorker } from './bundle-worker';

const MB = 1024 * 1024;

export async function benchContentCache(context: { quick: boolean; print: (line: string) => void }): Promise<Record<string, number>> {
  const size = Number(process.env.BENCH_CONTENT_BYTES ?? (context.quick ? 64 : 256) * MB);
  const rounds = context.quick ? 1 : 3;
  const dir = await mkdtemp(join(tmpdir(), 'xyte-content-bench-'));
  const server = spawn(process.execPath, ['-e', SERVER, String(size)], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const { port, checksum } = JSON.parse(await firstLine(server)) as { port: number; checksum: string };
    const url = `http://127.0.0.2:${port}/media/big.mp4`;
    const worker = await bundleBenchWorker(dir, 'content-bench-worker', 'content-cache-worker', 'runCacheWorker', ['@playwright/test']);
    const teeFile = join(dir, 'tee.bin');
    const pipeline = `s=$(date +%s%N); curl -s '${url}' | tee '${teeFile}' | sha256sum > /dev/null; e=$(date +%s%N); echo $((e-s))`;
    let curl = Infinity;
    let ours = Infinity;
    let rss = 0;
    for (let round = 0; round < rounds; round++) {
      curl = Math.min(curl, Number(await run('bash', ['-c', pipeline])) / 1e9);
      await rm(teeFile, { force: true });
      const job: Job = { url, sha256: checksum.replace('sha256:', ''), size, dir: join(dir, `cache-${round}`) };
      const result = JSON.parse(await runNode([worker], { [WORKER_ENV]: JSON.stringify(job) })) as Result;
      ours = Math.min(ours, result.seconds);
      rss = Math.max(rss, result.peakRssMb);
      await rm(job.dir, { recursive: true, force: true });
    }
    const f = {
      bytes: size,
      curlTeeSha256MBps: Math.round(size / MB / curl),
      oursMBps: Math.round(size / MB / ours),
      throughputRatio: Number((curl / ours).toFixed(3)),
      peakRssMb: Number(rss.toFixed(1)),
    };
    context.print(`content cache download of ${size / MB} MiB from 127.0.0.2 (best of ${rounds}, MB = MiB)`);
    context.print(`  curl | tee file | sha256sum:        ${f.curlTeeSha256MBps} MB/s`);
    context.print(`  ours (download+sha256+fsync+commit): ${f.oursMBps} MB/s → ${f.throughputRatio}× (target ≥ 0.9×)`);
    context.print(`  peak RSS of the downloader process: ${f.peakRssMb} MB (target ≤ 100 MB)`);
    return f;
  } finally {
    server.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  }
}


const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain && !process.env[WORKER_ENV]) {
  benchContentCache({ quick: process.argv.includes('--quick'), print: (line) => console.log(line) }).then(
    (f) => console.log(JSON.stringify(f)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
