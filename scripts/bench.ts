// `npm run bench`: every speed / memory figure of the project, printed with its target and, where
// a bench measures one, the ratio to a baseline taken in the same run (machines here are shared and
// noisy, so absolute numbers alone mean little). Figures never live in timed unit tests.
//
// Each bench module exports one async function returning flat figures; a module that is missing
// or throws is reported and the others still run. `BENCH_ONLY=agent,firmware` runs a subset;
// `npm run bench -- --quick` (or BENCH_QUICK=1) runs shorter windows for development — its figures
// are not the ones of record (fewer ticks than the targets ask for).

type Figures = Record<string, number | string>;
export interface BenchContext {
  quick: boolean;
  /** Tables and notes for people, printed before the flat figures. */
  print: (line: string) => void;
}
interface BenchSpec {
  name: string;
  load: () => Promise<(context: BenchContext) => Promise<Figures> | Figures>;
  targets: Array<{ key: string; max?: number; min?: number; label: string }>;
}

const benches: BenchSpec[] = [
  {
    // Whole processes side by side: our built headless runner and Xyte's sample agent (the peer).
    name: 'agent-process',
    load: async () => (await import('./bench/agent-process')).benchAgentProcess,
    targets: [
      { key: 'ratioCpuPerTick1s', max: 0.5, label: 'CPU per tick @ 1 s, ours / peer ≤ 0.5' },
      { key: 'ratioTicksPerCpuSecFlat', min: 2, label: 'ticks per CPU-second flat out, ours / peer ≥ 2' },
      { key: 'processRssEndMb', max: 60, label: 'built runner RSS at the end of the 1 s run ≤ 60 MB' },
      { key: 'processRssHwmMb', max: 75, label: 'built runner RSS high-water mark (1 s run) ≤ 75 MB' },
      { key: 'processRssGrowthPct', max: 5, label: 'RSS growth tick 1,000 → 20,000 < 5 %' },
      { key: 'processFirstTelemetryMs', max: 1000, label: 'start → first telemetry ≤ 1 s' },
    ],
  },
  {
    name: 'telemetry-collector',
    load: async () => {
      const { benchCollector } = await import('./bench/telemetry');
      return () => benchCollector();
    },
    targets: [],
  },
  {
    name: 'agent',
    load: async () => (await import('./bench/agent')).benchAgent,
    // Dependency costs and the per-stage CPU breakdown (no targets: it says where the time goes).
    targets: [],
  },
  {
    name: 'firmware',
    load: async () => (await import('./bench/firmware')).benchFirmware,
    targets: [
      { key: 'throughputRatio', min: 0.9, label: 'download+verify ≥ 0.9× curl' },
      { key: 'peakRssMb', max: 100, label: 'peak RSS during download ≤ 100 MB' },
    ],
  },
  {
    name: 'content-cache',
    load: async () => (await import('./bench/content-cache')).benchContentCache,
    targets: [
      { key: 'throughputRatio', min: 0.9, label: 'content download ≥ 0.9× curl | tee | sha256sum' },
      { key: 'peakRssMb', max: 100, label: 'content downloader peak RSS ≤ 100 MB' },
    ],
  },
  {
    name: 'content-renderer',
    load: async () => (await import('./bench/content-renderer')).benchContentRenderer,
    targets: [
      { key: 'switchDelayP95Ms', max: 50, label: 'content switch p95 ≤ 50 ms' },
      { key: 'blankFrames', max: 0, label: 'blank frames during switches = 0' },
      { key: 'heapGrowthPct', max: 10, label: 'renderer heap growth over 1,000 switches ≤ 10 %' },
    ],
  },
  {
    name: 'renderer',
    load: async () => (await import('./bench/renderer')).benchRenderer,
    targets: [
      { key: 'jsGzipKb', max: 200, label: 'renderer JS gzipped ≤ 200 KB' },
      { key: 'firstPaintMs', max: 300, label: 'first status paint ≤ 300 ms' },
    ],
  },
  {
    // Live control path: MQTT push vs polling, recovery after an outage, store-and-forward.
    name: 'push',
    load: async () => (await import('./bench/push')).benchPush,
    targets: [
      { key: 'reactionMqttP99Ms', max: 200, label: 'command reaction with MQTT p99 ≤ 200 ms' },
      { key: 'reactionPollP99Ms', max: 1_200, label: 'command reaction polling only p99 ≤ interval (1 s in the bench) + 200 ms' },
      { key: 'recovery60sTelemetryMaxMs', max: 35_000, label: 'first telemetry within interval (30 s) + 5 s after a 60 s outage' },
      { key: 'recovery60sOnlineMaxMs', max: 35_000, label: 'Online on the status screen within interval (30 s) + 5 s after a 60 s outage' },
      { key: 'recovery10minTelemetryMaxMs', max: 35_000, label: 'first telemetry within interval (30 s) + 5 s after a 10 min outage' },
      { key: 'recovery10minOnlineMaxMs', max: 35_000, label: 'Online on the status screen within interval (30 s) + 5 s after a 10 min outage' },
    ],
  },
  {
    name: 'herd',
    load: async () => (await import('./bench/push-herd')).benchHerd,
    targets: [
      { key: 'herdPeakOverSteady', max: 3, label: 'fleet: peak 1 s request rate after a 60 s outage ≤ 3× steady' },
      { key: 'herdLastBackMs', max: 10_000, label: 'fleet: every device back within 2 intervals (10 s)' },
      { key: 'herdAllOnlineMs', max: 10_000, label: 'fleet: every status screen Online within 2 intervals (10 s)' },
    ],
  },
  {
    name: 'backlog',
    load: async () => (await import('./bench/backlog')).benchBacklog,
    targets: [
      { key: 'backlogLost', max: 0, label: 'kept samples lost after a 24 h outage = 0' },
      { key: 'backlogDuplicates', max: 0, label: 'kept samples delivered twice = 0' },
    ],
  },
];

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
  const context: BenchContext = {
    quick: process.argv.includes('--quick') || process.env.BENCH_QUICK === '1',
    print: (line) => console.log(line),
  };
  if (context.quick) console.log('quick mode: short windows, figures not of record');
  let missed = 0;
  for (const bench of benches) {
    if (only && !only.includes(bench.name)) continue;
    process.stdout.write(`\n== ${bench.name}\n`);
    try {
      const run = await bench.load();
      const figures = await run(context);
      for (const [key, value] of Object.entries(figures)) console.log(`  ${key.padEnd(28)} ${value}`);
      for (const target of bench.targets) {
        const value = figures[target.key];
        if (typeof value !== 'number') continue;
        const ok = (target.max === undefined || value <= target.max) && (target.min === undefined || value >= target.min);
        if (!ok) missed++;
        console.log(`  ${ok ? 'MET ' : 'MISS'} ${target.label} (got ${value})`);
      }
    } catch (error) {
      missed++;
      console.log(`  not measured: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  console.log(`\n${missed === 0 ? 'all targets met' : `${missed} target(s) missed or not measured`}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
