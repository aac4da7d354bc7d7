// The honest agent bench: whole processes, side by side, in one run against one simulator.
//   ours  = the headless runner as production runs it: `node dist/headless/run.cjs` (built here by
//           scripts/build-headless.ts from the current sources)
//   peer  = Xyte's official sample agent (XK_BENCH_PEER, default: shared/peer/ beside the repo),
//           when present
//   dev   = `npm run agent` (npm + tsx + agent), for reference (skipped in --quick)
//   before = an older build of the runner (XK_BENCH_BEFORE=<its run.cjs>), for a before/after
//           table in the same run and conditions
// Figures: CPU per tick (utime + stime from /proc over ≥ 120 ticks counted at the simulator) at a
// 1 s interval, ticks per CPU-second as fast as the simulator answers, RSS at the end and its
// high-water mark (VmHWM), RSS growth between tick 1,000 and 20,000 (medians of three readings
// at each end), spawn → first telemetry, printed next to bare `node -e 0` spawn → exit (the floor
// any Node program starts from, measured in the same run).
// The 1 s clients run at the same time (they are idle most of the time; CPU time is per process);
// the flat-out runs one after the other.
import { spawn } from 'node:child_process';
import { HEADLESS_NODE_FLAGS } from '../../app/shells/headless/node-flags';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHeadless } from '../build-headless';
import { rate, runClient, type ClientRun, type ClientSpec, type Reading } from './client-run';
import { BENCH_HARDWARE_KEY, startBenchSim, type BenchSim } from './sim-control';

export type Figures = Record<string, number | string>;

const PEER_FILE = 'node-agent-main.min.cjs';

interface Plan {
  warmTicks: number;
  slowTicks: number;
  flatFrom: number;
  flatTo: number;
  withDev: boolean;
}

export function planFor(quick: boolean): Plan {
  return quick
    ? { warmTicks: 3, slowTicks: 20, flatFrom: 200, flatTo: 2_000, withDev: false }
    : { warmTicks: 5, slowTicks: 120, flatFrom: 1_000, flatTo: 20_000, withDev: true };
}

export function findPeer(root: string, env: NodeJS.ProcessEnv): string | null {
  const candidate = env.XK_BENCH_PEER ?? path.join(path.dirname(root), 'shared', 'peer', PEER_FILE);
  return existsSync(candidate) ? candidate : null;
}

export async function benchAgentProcess({ print, quick }: { print: (line: string) => void; quick: boolean }): Promise<Figures> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const plan = planFor(quick);
  const work = mkdtempSync(path.join(os.tmpdir(), 'xk-bench-process-'));
  const built = await buildHeadless({ projectRoot: root });
  const peer = findPeer(root, process.env);
  const before = process.env.XK_BENCH_BEFORE && existsSync(process.env.XK_BENCH_BEFORE) ? path.resolve(process.env.XK_BENCH_BEFORE) : null;
  let sim: BenchSim | undefined;
  try {
    sim = await startBenchSim(root);
    const specs = createSpecs(root, work, sim.entryUrl, built.file, peer);
    const slowMarks = [plan.warmTicks, plan.warmTicks + plan.slowTicks];
    const slowRun = (spec: ClientSpec) => runClient(sim!, spec, slowMarks, timeoutFor(plan.slowTicks));
    const slow = await Promise.all([
      slowRun(specs.ours(1)),
      peer ? slowRun(specs.peer(1)) : null,
      plan.withDev ? slowRun(specs.dev(1)) : null,
      before ? slowRun(specs.ours(1, before, 'before')) : null,
    ]);
    const flatOurs = await runClient(sim, specs.ours(0), growthMarks(plan), 15 * 60_000);
    // The others' rates settle as fast; fewer ticks keep the run short.
    const shortFlat = [plan.flatFrom, Math.min(plan.flatTo, plan.flatFrom * 5)];
    const flatPeer = peer ? await runClient(sim, specs.peer(0), shortFlat, 15 * 60_000) : null;
    const flatBefore = before ? await runClient(sim, specs.ours(0, before, 'before'), shortFlat, 15 * 60_000) : null;
    if (!peer) print('peer agent not found (set XK_BENCH_PEER to its .cjs file): ratios not measured');
    const bareNodeStartMs = await measureBareNodeStart();
    return summarize(print, plan, { ours: slow[0], peer: slow[1], dev: slow[2], before: slow[3] }, flatOurs, { peer: flatPeer, before: flatBefore }, bareNodeStartMs);
  } finally {
    await sim?.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Three readings near each end of the flat-out run: RSS without a forced GC moves with the young
 * generation by several MB either way, so growth compares the medians of the two groups.
 */
function growthMarks(plan: Plan): number[] {
  const step = Math.round((plan.flatTo - plan.flatFrom) / 20);
  return [plan.flatFrom, plan.flatFrom + step, plan.flatFrom + 2 * step, plan.flatTo - 2 * step, plan.flatTo - step, plan.flatTo];
}

function medianRss(readings: Reading[]): number {
  const sorted = readings.map((r) => r.rssMb).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeoutFor(ticks: number): number {
  return 120_000 + ticks * 3_000;
}

function createSpecs(root: string, work: string, entryUrl: string, builtFile: string, peerFile: string | null) {
  let n = 0;
  const fresh = (kind: string) => {
    const dir = path.join(work, `${kind}-${++n}`);
    mkdirSync(dir, { recursive: true });
    // Serial numbers and Cloud IDs must be unique per registration.
    const tag = `${kind}${n}${process.pid}`.replace(/[^A-Za-z0-9]/g, '');
    return { dir, sn: `SN-BENCH-${tag}`, cloudId: `Bench${tag}`.padEnd(24, '0').slice(0, 40) };
  };
  const flatEnv = (intervalSec: number): Record<string, string> => (intervalSec === 0 ? { XYTE_KIOSK_BENCH_FLAT_OUT: '1' } : {});
  const ourArgs = (dir: string, sn: string, cloudId: string, intervalSec: number) => [
    '--entry-url', entryUrl, '--data-dir', path.join(dir, 'data'), '--hardware-key', BENCH_HARDWARE_KEY,
    '--sn', sn, '--cloud-id', cloudId, '--telemetry-interval', String(intervalSec),
    // A build outside dist/ cannot find package.json beside it; the version is given instead.
    '--firmware-version', '1.0.0',
  ];
  return {
    ours(intervalSec: number, file = builtFile, variant = 'built runner'): ClientSpec {
      const { dir, sn, cloudId } = fresh('ours');
      return {
        label: `ours (${variant}) @ ${intervalSec} s`, command: process.execPath, args: [...(file === builtFile ? HEADLESS_NODE_FLAGS : []), file, ...ourArgs(dir, sn, cloudId, intervalSec)],
        env: flatEnv(intervalSec), cwd: dir, sn, logFile: path.join(dir, 'out.log'),
      };
    },
    dev(intervalSec: number): ClientSpec {
      const { dir, sn, cloudId } = fresh('dev');
      return {
        label: `ours (npm run agent) @ ${intervalSec} s`, command: 'npm', args: ['run', '--silent', 'agent', '--', ...ourArgs(dir, sn, cloudId, intervalSec)],
        env: flatEnv(intervalSec), cwd: root, sn, logFile: path.join(dir, 'out.log'),
      };
    },
    peer(intervalSec: number): ClientSpec {
      const { dir, sn, cloudId } = fresh('peer');
      // It writes config.txt beside its own file: each instance runs from its own copy.
      const file = path.join(dir, PEER_FILE);
      cpSync(peerFile!, file);
      return {
        label: `peer @ ${intervalSec} s`, command: process.execPath, args: [file],
        env: { NA_ENTRY_URL: entryUrl, NA_HARDWARE_KEY: BENCH_HARDWARE_KEY, NA_CLOUD_ID: cloudId, NA_SN: sn, NA_INTERVAL_MS: String(intervalSec * 1000) },
        cwd: dir, sn, logFile: path.join(dir, 'out.log'),
      };
    },
  };
}

interface Slow {
  ours: ClientRun;
  peer: ClientRun | null;
  dev: ClientRun | null;
  before: ClientRun | null;
}

function summarize(print: (line: string) => void, plan: Plan, slow: Slow, flatOurs: ClientRun, flat: { peer: ClientRun | null; before: ClientRun | null }, bareNodeStartMs: number): Figures {
  const flatPeer = flat.peer;
  const slowRate = (run: ClientRun) => rate(run.readings[0]!, run.readings[1]!);
  const flatRate = (run: ClientRun) => rate(run.readings[0]!, run.readings[run.readings.length - 1]!);
  const last = (run: ClientRun) => run.readings[run.readings.length - 1]!;
  print(`whole process, ${plan.slowTicks} ticks @ 1 s (after ${plan.warmTicks} warm-up) and ticks ${plan.flatFrom}→${plan.flatTo} flat out; ticks counted at the simulator`);
  print(`${'client'.padEnd(30)}${'ms CPU/tick @1s'.padStart(16)}${'ticks/CPU-s flat'.padStart(18)}${'RSS end'.padStart(9)}${'RSS HWM'.padStart(9)}${'tree RSS'.padStart(10)}${'1st tlm ms'.padStart(12)}`);
  const row = (label: string, s: ClientRun | null, f: ClientRun | null) => {
    if (!s) return;
    const sr = slowRate(s);
    const fr = f ? flatRate(f).ticksPerCpuSec.toFixed(0) : '-';
    print(`${label.padEnd(30)}${sr.cpuMsPerTick.toFixed(2).padStart(16)}${fr.padStart(18)}${last(s).rssMb.toFixed(1).padStart(9)}${last(s).hwmMb.toFixed(1).padStart(9)}${last(s).treeRssMb.toFixed(1).padStart(10)}${String(s.firstTelemetryMs).padStart(12)}`);
  };
  row('ours: node dist/headless', slow.ours, flatOurs);
  row('peer: xyte nodejs-agent', slow.peer, flatPeer);
  row('ours: npm run agent (dev)', slow.dev, null);
  row('before: XK_BENCH_BEFORE', slow.before, flat.before);
  print(`${'bare node -e 0 (start floor)'.padEnd(30)}${'-'.padStart(16)}${'-'.padStart(18)}${'-'.padStart(9)}${'-'.padStart(9)}${'-'.padStart(10)}${String(bareNodeStartMs).padStart(12)}   (spawn → exit, median of 5)`);
  const ours = slowRate(slow.ours);
  const oursFlat = flatRate(flatOurs);
  const early = medianRss(flatOurs.readings.slice(0, 3));
  const late = medianRss(flatOurs.readings.slice(-3));
  const to = flatOurs.readings[flatOurs.readings.length - 1]!;
  const figures: Figures = {
    processCpuMsPerTick1s: round(ours.cpuMsPerTick, 3),
    processTicksPerCpuSecFlat: round(oursFlat.ticksPerCpuSec, 0),
    processRssEndMb: last(slow.ours).rssMb,
    processRssHwmMb: last(slow.ours).hwmMb,
    processRssGrowthPct: round(((late - early) / early) * 100, 2),
    processRssFlatEarlyMedianMb: early,
    processRssFlatLateMedianMb: late,
    processFlatHwmMb: to.hwmMb,
    processFirstTelemetryMs: slow.ours.firstTelemetryMs,
    bareNodeStartMs,
  };
  if (slow.peer && flatPeer) {
    const peer = slowRate(slow.peer);
    const peerFlat = flatRate(flatPeer);
    Object.assign(figures, {
      peerCpuMsPerTick1s: round(peer.cpuMsPerTick, 3),
      peerTicksPerCpuSecFlat: round(peerFlat.ticksPerCpuSec, 0),
      peerRssEndMb: last(slow.peer).rssMb,
      peerRssHwmMb: last(slow.peer).hwmMb,
      peerFirstTelemetryMs: slow.peer.firstTelemetryMs,
      ratioCpuPerTick1s: round(ours.cpuMsPerTick / peer.cpuMsPerTick, 3),
      ratioTicksPerCpuSecFlat: round(oursFlat.ticksPerCpuSec / peerFlat.ticksPerCpuSec, 3),
    });
  }
  if (slow.before && flat.before) {
    Object.assign(figures, {
      beforeCpuMsPerTick1s: round(slowRate(slow.before).cpuMsPerTick, 3),
      beforeTicksPerCpuSecFlat: round(flatRate(flat.before).ticksPerCpuSec, 0),
      beforeRssEndMb: last(slow.before).rssMb,
      beforeRssHwmMb: last(slow.before).hwmMb,
      beforeFirstTelemetryMs: slow.before.firstTelemetryMs,
    });
  }
  if (slow.dev) {
    Object.assign(figures, { devCpuMsPerTick1s: round(slowRate(slow.dev).cpuMsPerTick, 3), devTreeRssMb: last(slow.dev).treeRssMb });
  }
  return figures;
}

/** Spawn → exit of `node -e 0`, median of five: what any Node program pays before its first line runs. */
async function measureBareNodeStart(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = Date.now();
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await new Promise<void>((resolve) => child.once('exit', () => resolve()));
    clearTimeout(timer);
    times.push(Date.now() - started);
  }
  return times.sort((a, b) => a - b)[2]!;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
