// The honest agent bench: whole processes, side by side, in one run against one simulator.
//   ours  = the headless runner as production runs it: `node <HEADLESS_NODE_FLAGS> dist/headless/run.cjs`
//           with HEADLESS_NODE_ENV (the README's systemd unit; built here by
//           scripts/build-headless.ts from the current sources)
//   peer  = Xyte's official sample agent (XK_BENCH_PEER, default: shared/peer/ beside the repo),
//           when present
//   dev   = `npm run agent` (npm + tsx + agent), for reference (skipped in --quick)
//   before = an older build of the runner (XK_BENCH_BEFORE=<its run.cjs>), launched with plain
//           `node` or with XK_BENCH_BEFORE_LAUNCH's flags (the unit's at that commit); a
//           before/after table in the same run
//   variants = ours with extra node flags / environment (XK_BENCH_VARIANTS, agent-variants.ts)
// Figures: CPU per tick (utime + stime from /proc, ticks counted at the simulator) at a 1 s
// interval in two windows of ≥ 120 ticks each: start-up (ticks 5 → 125: lazy compilation, JIT
// tier-up and start-up garbage included) and steady (ticks 125 → 245: what a player pays for
// years); ticks per CPU-second as fast as the simulator answers; RSS at the end (anonymous and
// file-backed parts) and its high-water mark (VmHWM); RSS growth between tick 1,000 and 20,000
// (medians of three readings at each end) and, printed beside it, from tick 10,000 (heap
// settled) to 20,000; spawn → first telemetry, printed next to bare `node -e 0` spawn → exit
// (the floor any Node program starts from, measured in the same run).
// The 1 s clients run at the same time (they are idle most of the time; CPU time is per process);
// the flat-out runs one after the other.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHeadless } from '../build-headless';
import { summarizeAgentProcess, type Figures, type Plan } from './agent-process-summary';
import { describeVariant, launchWith, parseBeforeLaunch, parseVariants, productionLaunch, type Launch } from './agent-variants';
import { runClient, type ClientRun, type ClientSpec } from './client-run';
import { BENCH_HARDWARE_KEY, startBenchSim, type BenchSim } from './sim-control';

export type { Figures } from './agent-process-summary';

const PEER_FILE = 'node-agent-main.min.cjs';

const BEFORE = (file: string, launch: Launch) => ({ file, variant: 'before', launch });

export function planFor(quick: boolean): Plan {
  return quick
    ? { warmTicks: 3, slowTicks: 20, flatFrom: 200, flatSettled: 1_000, flatTo: 2_000, withDev: false }
    : { warmTicks: 5, slowTicks: 120, flatFrom: 1_000, flatSettled: 10_000, flatTo: 20_000, withDev: true };
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
  const variants = parseVariants(process.env.XK_BENCH_VARIANTS);
  const beforeLaunch = parseBeforeLaunch(process.env.XK_BENCH_BEFORE_LAUNCH);
  let sim: BenchSim | undefined;
  try {
    sim = await startBenchSim(root);
    const specs = createSpecs(root, work, sim.entryUrl, built.file, peer);
    // Two back-to-back windows at 1 s: start-up (from the warm-up tick) and steady.
    const slowMarks = [plan.warmTicks, plan.warmTicks + plan.slowTicks, plan.warmTicks + 2 * plan.slowTicks];
    const slowRun = (spec: ClientSpec) => runClient(sim!, spec, slowMarks, timeoutFor(2 * plan.slowTicks));
    const [ours, peerSlow, dev, beforeSlow, ...variantSlow] = await allStopped([
      slowRun(specs.ours(1)),
      peer ? slowRun(specs.peer(1)) : null,
      plan.withDev ? slowRun(specs.dev(1)) : null,
      before ? slowRun(specs.ours(1, BEFORE(before, beforeLaunch))) : null,
      // Variants start 2 s apart after the others: their start-up does not compete with the
      // figures of record (each start-up costs ~0.3 s of CPU on a 2-core machine).
      ...variants.map((v, i) => delay(2_000 * (i + 1)).then(() => slowRun(specs.ours(1, { variant: v.name, launch: launchWith(v) })))),
    ]);
    const flatOurs = await runClient(sim, specs.ours(0), growthMarks(plan), 15 * 60_000);
    // The others' rates settle as fast; fewer ticks keep the run short.
    const shortFlat = [plan.flatFrom, Math.min(plan.flatTo, plan.flatFrom * 5)];
    const flatPeer = peer ? await runClient(sim, specs.peer(0), shortFlat, 15 * 60_000) : null;
    const flatBefore = before ? await runClient(sim, specs.ours(0, BEFORE(before, beforeLaunch)), shortFlat, 15 * 60_000) : null;
    // Variants run the same flat-out marks as ours: their growth and rate compare one to one.
    const variantFlat: ClientRun[] = [];
    for (const v of variants) variantFlat.push(await runClient(sim, specs.ours(0, { variant: v.name, launch: launchWith(v) }), growthMarks(plan), 15 * 60_000));
    if (!peer) print('peer agent not found (set XK_BENCH_PEER to its .cjs file): ratios not measured');
    const bareNodeStartMs = await measureBareNodeStart();
    return summarizeAgentProcess(print, plan, {
      ours: { slow: ours!, flat: flatOurs },
      peer: peerSlow && flatPeer ? { slow: peerSlow, flat: flatPeer } : null,
      dev: dev ?? null,
      before: beforeSlow && flatBefore ? { slow: beforeSlow, flat: flatBefore } : null,
      variants: variants.map((v, i) => ({ name: v.name, adds: describeVariant(v), slow: variantSlow[i]!, flat: variantFlat[i]! })),
      bareNodeStartMs,
    });
  } finally {
    await sim?.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Three readings near each end of the flat-out run: RSS without a forced GC moves with the young
 * generation by several MB either way, so growth compares the medians of the two groups. Three
 * more from `flatSettled`, once the heap has settled, for the growth printed beside it.
 */
export function growthMarks(plan: Plan): number[] {
  const step = Math.round((plan.flatTo - plan.flatFrom) / 20);
  const group = (from: number) => [from, from + step, from + 2 * step];
  return [...group(plan.flatFrom), ...group(plan.flatSettled), plan.flatTo - 2 * step, plan.flatTo - step, plan.flatTo];
}

/** Like Promise.all, but a failure is thrown only once every client has stopped (none left running). */
async function allStopped<T>(runs: Array<Promise<T> | T>): Promise<T[]> {
  const settled = await Promise.allSettled(runs);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
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
    /** The built runner launched as production launches it, or an older build / a variant. */
    ours(intervalSec: number, { file = builtFile, variant = 'built runner', launch = productionLaunch() }: { file?: string; variant?: string; launch?: Launch } = {}): ClientSpec {
      const { dir, sn, cloudId } = fresh('ours');
      return {
        label: `ours (${variant}) @ ${intervalSec} s`, command: process.execPath, args: [...launch.flags, file, ...ourArgs(dir, sn, cloudId, intervalSec)],
        env: { ...launch.env, ...flatEnv(intervalSec) }, cwd: dir, sn, logFile: path.join(dir, 'out.log'),
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
