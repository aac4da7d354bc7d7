// Firmware download benchmark: the real pipeline (stream to disk + sha256 while streaming + stage)
// against `curl -s -o /dev/null` of the same URL, plus the peak RSS during our download.
// Targets: ratio ≥ 0.9× curl, peak RSS ≤ 100 MB. Size: BENCH_FW_BYTES (default 1 GiB).
// The file server runs in a worker thread on 127.0.0.2 and streams deterministic bytes, so neither
// side holds the file in memory and the server does not compete with the client's event loop.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createFirmwareUpdater } from '../../app/core/firmware';
import { systemClock } from '../../app/core/deps';
import { silentLogger } from '../../app/core/log/logger';
import type { UpgradeRecord } from '../../app/core/firmware/record';

const SERVER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const crypto = require('node:crypto');
const size = workerData.size;
const block = Buffer.alloc(1 << 20);
let x = 0x9e3779b9;
for (let i = 0; i < block.length; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; block[i] = x & 0xff; }
const hash = crypto.createHash('sha256');
for (let left = size; left > 0; left -= block.length) hash.update(left >= block.length ? block : block.subarray(0, left));
const checksum = hash.digest('hex');
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
  let sent = 0;
  const pump = () => {
    while (sent < size) {
      const n = Math.min(size - sent, block.length);
      sent += n;
      if (!res.write(n === block.length ? block : block.subarray(0, n))) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
});
server.listen(0, '127.0.0.2', () => parentPort.postMessage({ port: server.address().port, checksum }));
parentPort.on('message', (m) => { if (m === 'stop') { server.closeAllConnections(); server.close(() => process.exit(0)); } });
`;

const MB = 1024 * 1024;

export async function benchFirmware(): Promise<Record<string, number>> {
  const size = Number(process.env.BENCH_FW_BYTES ?? 1024 * MB);
  const worker = new Worker(SERVER, { eval: true, workerData: { size } });
  const { port, checksum } = await new Promise<{ port: number; checksum: string }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const url = `http://127.0.0.2:${port}/fw/kiosk-2.0.0.bin`;
  const staging = await mkdtemp(join(tmpdir(), 'xyte-fw-bench-'));
  try {
    const hasCurl = spawnSync('sh', ['-c', 'command -v curl'], { encoding: 'utf8' }).status === 0;
    const toDisk = join(staging, 'curl.bin');
    const baseline = hasCurl ? () => timeCurl(url, '/dev/null') : () => timeNodeToNull(url);
    const results: Record<string, number> = { bytes: size };
    const best = { base: Infinity, disk: Infinity, node: Infinity, ours: Infinity, rss: 0 };
    const rssBefore = process.memoryUsage().rss;
    // alternate the contenders so background load on the shared machine hits them alike
    for (let round = 0; round < 2; round++) {
      best.base = Math.min(best.base, await baseline());
      if (hasCurl) best.disk = Math.min(best.disk, await timeCurl(url, toDisk));
      await rm(toDisk, { force: true });
      best.node = Math.min(best.node, await timeNodeToNull(url));
      const ours = await timeOurs(url, size, checksum, staging);
      best.ours = Math.min(best.ours, ours.seconds);
      best.rss = Math.max(best.rss, ours.peakRss);
    }
    const mbps = (seconds: number) => size / MB / seconds;
    results.baselineMBps = mbps(best.base);
    results.curlToDiskMBps = hasCurl ? mbps(best.disk) : 0;
    results.nodeToNullMBps = mbps(best.node);
    results.oursMBps = mbps(best.ours);
    results.ratio = results.oursMBps / results.baselineMBps;
    results.ratioVsCurlToDisk = hasCurl ? results.oursMBps / results.curlToDiskMBps : 0;
    results.peakRssMB = best.rss / MB;
    results.rssBeforeMB = rssBefore / MB;
    const against = hasCurl ? 'curl -s -o /dev/null' : 'plain node http → /dev/null (curl not found)';
    console.log(`firmware download+verify of ${(size / MB).toFixed(0)} MiB from 127.0.0.2 (best of 2 rounds)`);
    console.log(`  baseline (${against}): ${results.baselineMBps.toFixed(0)} MB/s`);
    if (hasCurl) console.log(`  curl -s -o <staging file> (same disk work as ours): ${results.curlToDiskMBps.toFixed(0)} MB/s`);
    console.log(`  node http.get → /dev/null (Node's own ceiling): ${results.nodeToNullMBps.toFixed(0)} MB/s`);
    console.log(`  ours (stream to disk + sha256 + stage): ${results.oursMBps.toFixed(0)} MB/s`);
    console.log(`  ratio vs baseline ${results.ratio.toFixed(2)}× (target ≥ 0.9×)${hasCurl ? `, vs curl to disk ${results.ratioVsCurlToDisk.toFixed(2)}×` : ''}`);
    console.log(`  peak RSS during download: ${results.peakRssMB.toFixed(1)} MB (target ≤ 100 MB; ${results.rssBeforeMB.toFixed(1)} MB before, incl. tsx and the server worker)`);
    return results;
  } finally {
    worker.postMessage('stop');
    await new Promise((resolve) => worker.once('exit', resolve));
    await rm(staging, { recursive: true, force: true });
  }
}

async function timeCurl(url: string, output: string): Promise<number> {
  const started = process.hrtime.bigint();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('curl', ['-s', '-o', output, url], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`curl exited ${code}`))));
  });
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function timeNodeToNull(url: string): Promise<number> {
  const http = await import('node:http');
  const started = process.hrtime.bigint();
  await new Promise<void>((resolve, reject) => {
    http.get(url, (res) => res.on('data', () => undefined).on('end', resolve).on('error', reject)).on('error', reject);
  });
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function timeOurs(url: string, size: number, checksum: string, staging: string): Promise<{ seconds: number; peakRss: number }> {
  let record: UpgradeRecord | null = null;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const updater = createFirmwareUpdater({
    stagingDir: staging,
    appVersion: '1.0.0',
    hubOrigin: () => 'http://127.0.0.1:1',
    accessKey: () => 'bench-key-not-sent',
    readRecord: () => record,
    writeRecord: (r) => (record = r),
    installer: { kind: 'bench', install: async (file) => (await rm(file), { kind: 'installed' }), rollback: async () => {} },
    policy: () => ({ maxBytes: size, allowUnverified: false, idleTimeoutMs: 30_000, minFreeBytes: 0 }),
    onProgress: () => undefined,
    logger: silentLogger,
    clock: systemClock,
  });
  const started = process.hrtime.bigint();
  try {
    const outcome = await updater.run({ source: { kind: 'notice', fileId: 'bench' }, file: { url, version: '2.0.0', checksum, size } });
    if (outcome.kind !== 'installed') throw new Error(`bench upgrade failed: ${outcome.kind === 'failed' ? outcome.reason : outcome.kind}`);
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, peakRss: Math.max(peakRss, process.memoryUsage().rss) };
  } finally {
    clearInterval(sampler);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchFirmware().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
