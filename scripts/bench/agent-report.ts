// Turns the in-process agent bench's readings into tables for people (dependency costs, memory by
// stage, CPU by tick stage) and the flat figures `npm run bench` prints.
import type { Baselines } from './agent-baselines';
import type { MemorySnapshot } from './agent-memory';
import { STAGES } from './agent-stages';
import type { WorkerResult } from './agent-worker';

export type Figures = Record<string, number>;

const DEPENDENCIES = ['zod', 'conf', 'semver', 'ws'] as const;
const COLUMNS: Array<[keyof MemorySnapshot, string]> = [
  ['rssMb', 'rss'],
  ['heapUsedMb', 'heapUsed'],
  ['heapPhysicalMb', 'heapPhys'],
  ['newSpaceMb', 'newSpace'],
  ['codeSpaceMb', 'code'],
  ['externalMb', 'external'],
  ['mallocedMb', 'malloced'],
  ['nodeBinaryMb', 'nodeBin'],
  ['otherFilesMb', 'files'],
  ['brkHeapMb', 'brk'],
  ['anonMb', 'anon'],
];

export function summarizeAgentRun(baselines: Baselines, worker: WorkerResult, print: (line: string) => void): Figures {
  const empty = baselines.empty!;
  printMemory(baselines, worker, print);
  printStages(worker, print);
  const depFigures: Figures = {};
  for (const name of DEPENDENCIES) {
    const probe = baselines[name];
    if (probe) depFigures[`dep${name[0]!.toUpperCase()}${name.slice(1)}RssMb`] = round(probe.rssMb - empty.rssMb, 1);
  }
  const stageFigures: Figures = {};
  for (const stage of STAGES) stageFigures[`stage${stage[0]!.toUpperCase()}${stage.slice(1)}UsPerTick`] = worker.stageUsPerTick[stage];
  return {
    inProcessTicks: worker.ticks,
    inProcessCpuMsPerTick: worker.cpuMsPerTick,
    ...stageFigures,
    bareNodeRssMb: baselines.bareNode!.rssMb,
    emptyBundleRssMb: empty.rssMb,
    ...depFigures,
    depNodeHttpRssMb: round((baselines.nodeHttp?.rssMb ?? empty.rssMb) - empty.rssMb, 1),
    depZodMiniRssMb: round((baselines.zodMini?.rssMb ?? empty.rssMb) - empty.rssMb, 1),
    depsAllRssMb: round(baselines.allDeps!.rssMb - empty.rssMb, 1),
  };
}

function printStages(worker: WorkerResult, print: (line: string) => void): void {
  const total = STAGES.reduce((sum, s) => sum + worker.stageUsPerTick[s], 0);
  print(`agent CPU per tick by stage (in-process, real collector, info-level logging, ${worker.ticks} ticks @ 0 s, sampled every 100 µs)`);
  print(`${'stage'.padEnd(10)}${'µs/tick'.padStart(10)}${'share'.padStart(8)}`);
  for (const stage of STAGES) {
    const us = worker.stageUsPerTick[stage];
    print(`${stage.padEnd(10)}${us.toFixed(1).padStart(10)}${`${total > 0 ? ((us / total) * 100).toFixed(1) : '0'} %`.padStart(8)}`);
  }
  print(`${'sampled'.padEnd(10)}${total.toFixed(1).padStart(10)}   (process.cpuUsage over the window: ${(worker.cpuMsPerTick * 1000).toFixed(1)} µs/tick)`);
  print('busiest leaf functions, µs per tick:');
  for (const [label, us] of worker.topUsPerTick.slice(0, 12)) print(`  ${us.toFixed(1).padStart(8)}  ${label}`);
}

function printMemory(baselines: Baselines, worker: WorkerResult, print: (line: string) => void): void {
  const bare = baselines.bareNode!;
  const rows: Array<[string, MemorySnapshot | null]> = [
    ['bare node -e', bare],
    ['empty ESM bundle', baselines.empty ?? null],
    ...DEPENDENCIES.map((name): [string, MemorySnapshot | null] => [`  bundle: ${name} alone`, baselines[name] ?? null]),
    ['  bundle: zod+conf+semver', baselines.allDeps ?? null],
    ['  bundle: node:http+https alone', baselines.nodeHttp ?? null],
    ['  bundle: zod/mini alone', baselines.zodMini ?? null],
    ['agent (tsx) loaded', worker.loaded],
    ['agent runtime created, idle', worker.idle],
    [`after ${worker.ticks} profiled ticks @ 0 s`, worker.end],
  ];
  print('memory, MB, each after a forced full GC (a dependency costs its bundle minus the empty bundle)');
  print(`${'stage'.padEnd(40)}${COLUMNS.map(([, label]) => label.padStart(9)).join('')}`);
  for (const [label, snapshot] of rows) {
    if (!snapshot) continue;
    print(`${label.padEnd(40)}${COLUMNS.map(([key]) => snapshot[key].toFixed(1).padStart(9)).join('')}`);
  }
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
