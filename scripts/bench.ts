// `npm run bench`: every speed / memory figure of the project, printed with its target and, where
// a bench measures one, the ratio to a baseline taken in the same run (machines here are shared and
// noisy, so absolute numbers alone mean little). Figures never live in timed unit tests.
//
// Each bench module exports one async function returning flat figures; a module that is missing
// or throws is reported and the others still run. `BENCH_ONLY=agent,firmware` runs a subset.

type Figures = Record<string, number | string>;
interface BenchSpec {
  name: string;
  load: () => Promise<() => Promise<Figures> | Figures>;
  targets: Array<{ key: string; max?: number; min?: number; label: string }>;
}

const benches: BenchSpec[] = [
  {
    name: 'telemetry-collector',
    load: async () => (await import('./bench/telemetry')).benchCollector,
    targets: [],
  },
  {
    name: 'agent',
    load: async () => (await import('./bench/agent')).benchAgent,
    targets: [
      { key: 'cpuMsPerTickMedian', max: 1, label: 'CPU per tick (median, stub collector) ≤ 1 ms' },
      { key: 'rssMb', max: 60, label: 'RSS after all ticks ≤ 60 MB' },
      { key: 'rssGrowthPct', max: 5, label: 'RSS growth < 5 %' },
    ],
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
    name: 'renderer',
    load: async () => (await import('./bench/renderer')).benchRenderer,
    targets: [
      { key: 'jsGzipKb', max: 200, label: 'renderer JS gzipped ≤ 200 KB' },
      { key: 'firstPaintMs', max: 300, label: 'first status paint ≤ 300 ms' },
    ],
  },
];

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
  let missed = 0;
  for (const bench of benches) {
    if (only && !only.includes(bench.name)) continue;
    process.stdout.write(`\n== ${bench.name}\n`);
    try {
      const run = await bench.load();
      const figures = await run();
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
