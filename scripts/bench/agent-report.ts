// Turns the agent bench's readings into (a) a table for people — every stage of memory next to
// bare node — and (b) the flat figures `npm run bench` checks. The keys cpuMsPerTickMedian, rssMb
// (the 0 s stress figure) and rssGrowthPct are read by scripts/bench.ts: keep them.
import type { Baselines } from './agent-baselines';
import type { MemorySnapshot } from './agent-memory';
import type { WorkerResult } from './agent-worker';

export type Figures = Record<string, number>;

const DEPENDENCIES = ['axios', 'zod', 'conf', 'semver', 'ws'] as const;
const COLUMNS: Array<[keyof MemorySnapshot, string]> = [
  ['rssMb', 'rss'],
  ['heapUsedMb', 'heapUsed'],
  ['heapPhysicalMb', 'heapPhys'],
  ['newSpaceMb', 'newSpace'],
  ['codeSpaceMb', 'code'],
  ['externalMb', 'external'],
  ['arrayBuffersMb', 'arrayBuf'],
  ['mallocedMb', 'malloced'],
  ['nodeBinaryMb', 'nodeBin'],
  ['otherFilesMb', 'files'],
  ['brkHeapMb', 'brk'],
  ['anonMb', 'anon'],
];

export function summarizeAgentRun(baselines: Baselines, stress: WorkerResult, production: WorkerResult, print: (line: string) => void): Figures {
  const bare = baselines.bareNode!;
  const empty = baselines.empty!;
  const allDeps = baselines.allDeps!;
  printTable(baselines, stress, production, print);
  const depFigures: Figures = {};
  for (const name of DEPENDENCIES) {
    const probe = baselines[name];
    if (probe) depFigures[`dep${name[0]!.toUpperCase()}${name.slice(1)}RssMb`] = round(probe.rssMb - empty.rssMb, 1);
  }
  const growth = stress.atBaseline ? ((stress.end.rssMb - stress.atBaseline.rssMb) / stress.atBaseline.rssMb) * 100 : 0;
  return {
    ticks: stress.ticks,
    cpuMsPerTickMedian: stress.cpuMsPerTickMedian,
    cpuMsPerTickP95: stress.cpuMsPerTickP95,
    realCollectorMsMedian: stress.realCollectorMsMedian,
    realCollectorMsP95: stress.realCollectorMsP95,
    // The stress figure (0 s interval, after a forced GC), as before.
    rssMb: stress.end.rssMb,
    rssAt1000TicksMb: stress.atBaseline?.rssMb ?? 0,
    rssGrowthPct: round(growth, 2),
    rssAfterLoadMb: stress.loaded.rssMb,
    rssIdleMb: stress.idle.rssMb,
    heapUsedMb: stress.end.heapUsedMb,
    stressNewSpaceMb: stress.end.newSpaceMb,
    stressRssNoForcedGcMb: stress.endNaturalRssMb,
    stressPeakRssMb: stress.peakRssMb,
    bareNodeRssMb: bare.rssMb,
    emptyBundleRssMb: empty.rssMb,
    rssOverBareNode: round(stress.end.rssMb / bare.rssMb, 2),
    // RSS less file-backed pages (the node executable's code, shared libraries): the memory this
    // process owns. Node's own text alone is ~30–40 MB of every figure above and is shared/clean.
    bareNodePrivateMb: privateMb(bare),
    stressPrivateMb: privateMb(stress.end),
    stressNodeBinaryMb: stress.end.nodeBinaryMb,
    ...depFigures,
    depsAllRssMb: round(allDeps.rssMb - empty.rssMb, 1),
    // What the agent adds on top of node + its libraries loaded: its code, state and heap sizing.
    agentOverDepsMb: round(stress.end.rssMb - allDeps.rssMb, 1),
    rssProductionLikeMb: production.end.rssMb,
    rssProductionLikeNoForcedGcMb: production.endNaturalRssMb,
    productionLikeOverBareNode: round(production.end.rssMb / bare.rssMb, 2),
    productionLikePrivateMb: privateMb(production.end),
    productionLikeNewSpaceMb: production.end.newSpaceMb,
    productionTicks: production.ticks,
    productionIntervalSec: production.intervalSec,
    cpuMsPerTickProductionLike: production.cpuMsPerTickMedian,
  };
}

function printTable(baselines: Baselines, stress: WorkerResult, production: WorkerResult, print: (line: string) => void): void {
  const bare = baselines.bareNode!;
  const rows: Array<[string, MemorySnapshot | null]> = [
    ['bare node -e', bare],
    ['empty ESM bundle', baselines.empty ?? null],
    ...DEPENDENCIES.map((name): [string, MemorySnapshot | null] => [`  bundle: ${name} alone`, baselines[name] ?? null]),
    ['  bundle: axios+zod+conf+semver', baselines.allDeps ?? null],
    ['  bundle: node:http+https alone', baselines.nodeHttp ?? null],
    ['  bundle: zod/mini alone', baselines.zodMini ?? null],
    ['agent bundle loaded', stress.loaded],
    ['agent runtime created, idle', stress.idle],
    [`after ${stress.baselineTick} ticks @ 0 s`, stress.atBaseline],
    [`after ${stress.ticks} ticks @ 0 s (rssMb)`, stress.end],
    [`after ${production.ticks} ticks @ ${production.intervalSec} s`, production.end],
  ];
  print('agent memory, MB, each after a forced full GC (×bare = rss / bare node rss)');
  print(`${'stage'.padEnd(40)}${COLUMNS.map(([, label]) => label.padStart(9)).join('')}${'×bare'.padStart(8)}`);
  for (const [label, snapshot] of rows) {
    if (!snapshot) continue;
    const cells = COLUMNS.map(([key]) => snapshot[key].toFixed(1).padStart(9)).join('');
    print(`${label.padEnd(40)}${cells}${(snapshot.rssMb / bare.rssMb).toFixed(2).padStart(8)}`);
  }
  print(`no forced GC: stress end ${stress.endNaturalRssMb} MB, production-like end ${production.endNaturalRssMb} MB; stress peak ${stress.peakRssMb} MB`);
}

function privateMb(snapshot: MemorySnapshot): number {
  return round(snapshot.anonMb + snapshot.brkHeapMb, 1);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
