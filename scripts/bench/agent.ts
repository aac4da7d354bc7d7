// Agent loop cost and memory, in three parts of one run (machines here are shared and noisy, so
// every RSS figure comes with baselines taken in the same run):
//  1. baselines: bare `node -e`, an empty bundle, and each heavy dependency alone (agent-baselines);
//  2. stress: BENCH_TICKS (default 20,000) telemetry ticks at a 0 s interval — CPU per tick and
//     retained memory under the highest possible request rate;
//  3. production-like: BENCH_PROD_TICKS (default 60) ticks at BENCH_PROD_INTERVAL_SEC (default 1 s;
//     real kiosks tick every 5–120 s) — the RSS a kiosk actually sits at.
// The simulator runs in its own child (its CPU, request log and device table are not the agent's),
// and the agent runs as an esbuild bundle on plain `node` — the way production loads it — rather
// than under tsx, whose loader alone adds ~35 MB RSS. RSS figures are read after a forced full GC
// (node --expose-gc), so growth reflects retained memory, not when V8 happened to collect.
// Targets: ≤ 1 ms CPU per tick, RSS ≤ 60 MB, RSS growth 1,000 → all ticks < 5 %.
// Reading the figures: ~32 MB of bare node's ~42 MB is the node executable's own (file-backed,
// shared) pages, hence the *PrivateMb figures; and a 0 s loop grows V8's young generation to its
// 2 × 16 MB maximum, which a kiosk ticking every few seconds never keeps (rssProductionLikeMb).
// XK_BENCH_NODE_FLAGS passes V8/node flags to the agent workers and probes (e.g.
// "--max-semi-space-size=1"), and XK_BENCH_EXPERIMENTS swaps modules to measure proposed app
// changes (agent-experiments.ts), to try both without editing the bench or the app.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureBaselines } from './agent-baselines';
import { experimentPlugin, parseExperiments } from './agent-experiments';
import { summarizeAgentRun, type Figures } from './agent-report';
import { WORKER_FLAG } from './agent-memory';
import type { WorkerResult } from './agent-worker';

const BASELINE_TICK = 1_000;
// CommonJS dependencies (axios' form-data…) call require(); give the ESM bundle one.
const BANNER = "import { createRequire as __xkRequire } from 'node:module'; const require = __xkRequire(import.meta.url);";

export async function benchAgent(): Promise<Figures> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = path.resolve(here, '../..');
  const ticks = Math.max(BASELINE_TICK + 200, Number(process.env.BENCH_TICKS ?? 20_000));
  const prodTicks = Math.max(10, Number(process.env.BENCH_PROD_TICKS ?? 60));
  const prodIntervalSec = Math.max(0, Number(process.env.BENCH_PROD_INTERVAL_SEC ?? 1));
  const nodeFlags = (process.env.XK_BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const experiments = parseExperiments(process.env.XK_BENCH_EXPERIMENTS);
  const work = mkdtempSync(path.join(os.tmpdir(), 'xk-bench-agent-'));
  let sim: { child: ChildProcess; match: string } | undefined;
  try {
    const { build } = await import('esbuild');
    const baselines = await measureBaselines(build as never, BANNER, root, work, nodeFlags);
    sim = await startChild('hub simulator', process.execPath, ['--import', 'tsx', 'test/hub/cli.ts', '--quiet', '--hardware-key', '11111111-2222-4333-8444-555555555555'], root, {}, /^entry\s+(\S+)/m);
    const entryUrl = sim.match;
    const bundle = path.join(work, 'agent-bench.mjs');
    await build({
      entryPoints: [path.join(here, 'agent-worker.ts')], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'error', banner: { js: BANNER },
      plugins: [experimentPlugin(experiments, here)],
    });
    const runWorker = async (workerTicks: number, intervalSec: number): Promise<WorkerResult> => {
      const env = { [WORKER_FLAG]: '1', XK_BENCH_ENTRY: entryUrl, XK_BENCH_TICKS: String(workerTicks), XK_BENCH_INTERVAL_SEC: String(intervalSec), XK_BENCH_BASELINE_TICK: String(BASELINE_TICK), XK_BENCH_DIR: work };
      const timeoutMs = 30 * 60_000 + workerTicks * intervalSec * 2_000;
      const worker = await startChild('agent worker', process.execPath, ['--expose-gc', ...nodeFlags, bundle], root, env, /^RESULT (.+)$/m, timeoutMs);
      return JSON.parse(worker.match) as WorkerResult;
    };
    // One after the other: the stress run's CPU figures must not share the 2 cores with another run.
    const stress = await runWorker(ticks, 0);
    const production = await runWorker(prodTicks, prodIntervalSec);
    const print = (line: string) => process.stderr.write(`${line}\n`);
    if (experiments.length > 0 || nodeFlags.length > 0) print(`agent bundle with experiments [${experiments.join(', ')}], node flags [${nodeFlags.join(' ')}]`);
    return summarizeAgentRun(baselines, stress, production, print);
  } finally {
    sim?.child.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  }
}

/** Spawns a child and resolves with the first capture of `ready` in its stdout (bounded wait). */
async function startChild(
  name: string,
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 60_000,
): Promise<{ child: ChildProcess; match: string }> {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const match = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} gave no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}`));
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = ready.exec(out)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
  });
  return { child, match };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  benchAgent().then(
    (figures) => console.log(JSON.stringify({ agent: figures }, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
