// Cost of one telemetry collect() on this machine, with the real OS readers (cached as in
// production). Wired into `npm run bench` by the lead.
import os from 'node:os';
import { systemClock } from '../../app/core/deps';
import { createTelemetryCollector } from '../../app/core/telemetry/collect';

export function benchCollector(iterations = 2000): { medianUs: number; p95Us: number } {
  const collector = createTelemetryCollector({
    appVersion: '1.0.0',
    clock: systemClock,
    dataDir: os.tmpdir(),
    getRendererHealth: () => ({ lastHeartbeatAt: Date.now() - 1500, screen: 'status' }),
    getDisplays: () => [{ width: 1920, height: 1080, primary: true }],
    getConfigVersion: () => 3,
  });
  for (let i = 0; i < 100; i++) collector.collect(); // warm-up: JIT and first (uncached) reads
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    collector.collect();
    samples.push((performance.now() - start) * 1000);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => Math.round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]! * 10) / 10;
  return { medianUs: at(0.5), p95Us: at(0.95) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify({ telemetryCollect: benchCollector() }));
}
