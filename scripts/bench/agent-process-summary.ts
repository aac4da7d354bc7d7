// The agent-process bench's readings as tables for people and flat figures for `npm run bench`.
// CPU per tick at 1 s is given in two windows: start-up (lazy compilation, JIT tier-up, start-up
// garbage included) and steady (what a player pays for years), each with the peer's figure and
// the ratio; RSS at the end is split into anonymous and file-backed pages.
import { describeVariant, productionLaunch } from './agent-variants';
import { rate, type ClientRun, type Reading } from './client-run';

export type Figures = Record<string, number | string>;

export interface Plan {
  /** Ticks before the first window starts (the process is up and registered). */
  warmTicks: number;
  /** Length of each 1 s window: start-up = warm → warm + slow, steady = the next `slowTicks`. */
  slowTicks: number;
  flatFrom: number;
  /**
   * A second early mark of the flat-out run, after V8's heap has settled: committed old space
   * grows over the first few mark-compacts (~6,000 ticks flat out) while the live heap stays flat,
   * so growth from `flatFrom` includes warm-up; growth from here to `flatTo` is printed beside it.
   */
  flatSettled: number;
  flatTo: number;
  withDev: boolean;
}

/** A client measured at 1 s (readings at the window marks) and flat out. */
export interface Measured {
  slow: ClientRun;
  flat: ClientRun;
}

export interface Measurements {
  ours: Measured;
  peer: Measured | null;
  dev: ClientRun | null;
  before: Measured | null;
  variants: Array<Measured & { name: string; adds: string }>;
  bareNodeStartMs: number;
}

/** CPU ms per tick in the start-up window (readings 0 → 1) and the steady one (1 → 2). */
export function windowRates(run: ClientRun): { startUp: number; steady: number } {
  const r = run.readings;
  if (r.length < 3) throw new Error(`${run.label}: ${r.length} readings at 1 s, the two windows need 3`);
  return { startUp: rate(r[0]!, r[1]!).cpuMsPerTick, steady: rate(r[1]!, r[2]!).cpuMsPerTick };
}

/** Ticks per CPU-second over the whole flat-out run (first → last reading). */
export function flatRate(run: ClientRun): number {
  return rate(run.readings[0]!, run.readings[run.readings.length - 1]!).ticksPerCpuSec;
}

/** RSS growth (%) from the median of the first three flat-out readings to that of the last three. */
export function rssGrowth(run: ClientRun): { early: number; late: number; pct: number } {
  const early = medianRss(run.readings.slice(0, 3));
  const late = medianRss(run.readings.slice(-3));
  return { early, late, pct: round(((late - early) / early) * 100, 2) };
}

/**
 * RSS growth (%) from the first three flat-out readings at or after tick `fromTick` to the last
 * three; null when the run has fewer than six readings from there (a run without the settled marks).
 */
export function settledRssGrowth(run: ClientRun, fromTick: number): { early: number; late: number; pct: number } | null {
  const after = run.readings.filter((r) => r.ticks >= fromTick);
  if (after.length < 6) return null;
  return rssGrowth({ ...run, readings: after });
}

export function summarizeAgentProcess(print: (line: string) => void, plan: Plan, m: Measurements): Figures {
  const [a0, a1, b1] = [plan.warmTicks, plan.warmTicks + plan.slowTicks, plan.warmTicks + 2 * plan.slowTicks];
  print(`whole process at 1 s: CPU per tick over ticks ${a0}→${a1} (start-up: compile, JIT warm-up, start-up garbage) and ${a1}→${b1} (steady);`);
  print(`flat out: ticks per CPU-second over ticks ${m.ours.flat.readings[0]!.ticks}→${last(m.ours.flat).ticks}; RSS at the end of the 1 s run; ticks counted at the simulator`);
  print(`${'client'.padEnd(30)}${'ms/tick start'.padStart(14)}${'steady'.padStart(8)}${'ticks/CPU-s'.padStart(12)}${'RSS end'.padStart(9)}${'anon'.padStart(7)}${'file'.padStart(7)}${'HWM'.padStart(7)}${'tree'.padStart(7)}${'1st tlm ms'.padStart(11)}`);
  const row = (label: string, slow: ClientRun | null, flat: ClientRun | null) => {
    if (!slow) return;
    const w = windowRates(slow);
    const end = last(slow);
    const cells = [w.startUp.toFixed(2).padStart(14), w.steady.toFixed(2).padStart(8), (flat ? flatRate(flat).toFixed(0) : '-').padStart(12)];
    const mem = [end.rssMb, end.rssAnonMb, end.rssFileMb, end.hwmMb, end.treeRssMb].map((v, i) => v.toFixed(1).padStart(i === 0 ? 9 : 7));
    print(`${label.padEnd(30)}${cells.join('')}${mem.join('')}${String(slow.firstTelemetryMs).padStart(11)}`);
  };
  row('ours: node dist/headless', m.ours.slow, m.ours.flat);
  row('peer: xyte nodejs-agent', m.peer?.slow ?? null, m.peer?.flat ?? null);
  row('ours: npm run agent (dev)', m.dev, null);
  row('before: XK_BENCH_BEFORE', m.before?.slow ?? null, m.before?.flat ?? null);
  print(`${'bare node -e 0 (start floor)'.padEnd(74)}${String(m.bareNodeStartMs).padStart(37)}   (spawn → exit, median of 5)`);
  printGrowth(print, plan, m.ours.flat);
  const figures = oursFigures(m, plan);
  if (m.peer) Object.assign(figures, peerFigures(m.ours, m.peer, print));
  if (m.before) {
    const w = windowRates(m.before.slow);
    Object.assign(figures, {
      beforeCpuMsPerTick1s: round(w.startUp, 3),
      beforeCpuMsPerTick1sSteady: round(w.steady, 3),
      beforeTicksPerCpuSecFlat: round(flatRate(m.before.flat), 0),
      beforeRssEndMb: last(m.before.slow).rssMb,
      beforeRssHwmMb: last(m.before.slow).hwmMb,
      beforeFirstTelemetryMs: m.before.slow.firstTelemetryMs,
    });
  }
  if (m.dev) Object.assign(figures, { devCpuMsPerTick1s: round(windowRates(m.dev).startUp, 3), devTreeRssMb: last(m.dev).treeRssMb });
  if (m.variants.length > 0) printVariants(print, m);
  return figures;
}

/** Flat-out RSS growth from tick `flatFrom` (the target's figure) and from `flatSettled` (after heap warm-up). */
function printGrowth(print: (line: string) => void, plan: Plan, flat: ClientRun): void {
  const all = rssGrowth(flat);
  const settled = settledRssGrowth(flat, plan.flatSettled);
  const fmt = (g: { early: number; late: number; pct: number }) => `${g.pct.toFixed(2)} % (${g.early.toFixed(1)} → ${g.late.toFixed(1)} MB)`;
  const from = (n: number) => n.toLocaleString('en-US');
  const tail = settled ? `; from tick ${from(plan.flatSettled)} (after the heap's warm-up in a full run): ${fmt(settled)}` : '';
  print(`ours flat-out RSS growth to tick ${from(plan.flatTo)}: from tick ${from(plan.flatFrom)}: ${fmt(all)}${tail}`);
}

function oursFigures(m: Measurements, plan: Plan): Figures {
  const w = windowRates(m.ours.slow);
  const end = last(m.ours.slow);
  const growth = rssGrowth(m.ours.flat);
  const settled = settledRssGrowth(m.ours.flat, plan.flatSettled);
  return {
    processCpuMsPerTick1s: round(w.startUp, 3),
    processCpuMsPerTick1sSteady: round(w.steady, 3),
    processTicksPerCpuSecFlat: round(flatRate(m.ours.flat), 0),
    processRssEndMb: end.rssMb,
    processRssAnonMb: end.rssAnonMb,
    processRssFileMb: end.rssFileMb,
    processRssHwmMb: end.hwmMb,
    processRssGrowthPct: growth.pct,
    processRssFlatEarlyMedianMb: growth.early,
    processRssFlatLateMedianMb: growth.late,
    ...(settled ? { processRssGrowthSettledPct: settled.pct, processRssSettledMedianMb: settled.early } : {}),
    processFlatHwmMb: last(m.ours.flat).hwmMb,
    processFirstTelemetryMs: m.ours.slow.firstTelemetryMs,
    bareNodeStartMs: m.bareNodeStartMs,
  };
}

function peerFigures(ours: Measured, peer: Measured, print: (line: string) => void): Figures {
  const o = windowRates(ours.slow);
  const p = windowRates(peer.slow);
  const ratio = { startUp: o.startUp / p.startUp, steady: o.steady / p.steady, flat: flatRate(ours.flat) / flatRate(peer.flat) };
  print(`ours / peer: CPU per tick ${ratio.startUp.toFixed(2)}× (start-up window), ${ratio.steady.toFixed(2)}× (steady window); ticks per CPU-second flat out ${ratio.flat.toFixed(2)}×`);
  const end = last(peer.slow);
  return {
    peerCpuMsPerTick1s: round(p.startUp, 3),
    peerCpuMsPerTick1sSteady: round(p.steady, 3),
    peerTicksPerCpuSecFlat: round(flatRate(peer.flat), 0),
    peerRssEndMb: end.rssMb,
    peerRssAnonMb: end.rssAnonMb,
    peerRssFileMb: end.rssFileMb,
    peerRssHwmMb: end.hwmMb,
    peerFirstTelemetryMs: peer.slow.firstTelemetryMs,
    ratioCpuPerTick1s: round(ratio.startUp, 3),
    ratioCpuPerTick1sSteady: round(ratio.steady, 3),
    ratioTicksPerCpuSecFlat: round(ratio.flat, 3),
  };
}

/** Ours as launched next to each variant, the same windows and flat-out marks; ratios to the peer. */
function printVariants(print: (line: string) => void, m: Measurements): void {
  print('launch variants (XK_BENCH_VARIANTS): the production launch plus the flags / environment shown; same run, same marks as ours');
  print(`${'variant'.padEnd(14)}${'ms/tick start'.padStart(14)}${'steady'.padStart(8)}${'ticks/CPU-s'.padStart(12)}${'growth %'.padStart(9)}${'RSS end'.padStart(9)}${'anon'.padStart(7)}${'file'.padStart(7)}${'HWM'.padStart(7)}${'1st tlm'.padStart(9)}  ×peer start/steady/flat  adds`);
  const p = m.peer ? { w: windowRates(m.peer.slow), flat: flatRate(m.peer.flat) } : null;
  for (const v of [{ name: 'as launched', adds: `(launch: ${describeVariant(productionLaunch())})`, ...m.ours }, ...m.variants]) {
    const w = windowRates(v.slow);
    const flat = flatRate(v.flat);
    const end = last(v.slow);
    const ratios = p ? [w.startUp / p.w.startUp, w.steady / p.w.steady, flat / p.flat].map((x) => x.toFixed(2)).join(' / ') : '-';
    const mem = [end.rssMb, end.rssAnonMb, end.rssFileMb, end.hwmMb].map((x, i) => x.toFixed(1).padStart(i === 0 ? 9 : 7)).join('');
    print(`${v.name.padEnd(14)}${w.startUp.toFixed(2).padStart(14)}${w.steady.toFixed(2).padStart(8)}${flat.toFixed(0).padStart(12)}${rssGrowth(v.flat).pct.toFixed(2).padStart(9)}${mem}${String(v.slow.firstTelemetryMs).padStart(9)}  ${ratios.padEnd(23)}  ${v.adds}`);
  }
}

function last(run: ClientRun): Reading {
  return run.readings[run.readings.length - 1]!;
}

function medianRss(readings: Reading[]): number {
  const sorted = readings.map((r) => r.rssMb).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
