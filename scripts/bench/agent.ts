// The agent's in-process figures, in two parts of one run (the whole-process figures of record,
// side by side with the peer, are agent-process.ts):
//  1. what each dependency costs: bare `node -e`, an empty bundle, and each heavy dependency alone
//     (agent-baselines.ts), RSS after a forced GC;
//  2. where a tick's CPU goes: the real runtime against the simulator at a 0 s interval, profiled
//     per stage (collect, request, parse, sync, status, events, log, state, loop, gc) after a
//     warm-up (agent-worker.ts, agent-stages.ts).
// XK_BENCH_NODE_FLAGS passes V8/node flags to the worker and probes (e.g. "--max-semi-space-size=1").
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureBaselines } from './agent-baselines';
import { WORKER_FLAG } from './agent-memory';
import { summarizeAgentRun, type Figures } from './agent-report';
import type { WorkerResult } from './agent-worker';
import { startBenchSim, type BenchSim } from './sim-control';

// CommonJS dependencies (semver, ws…) call require(); give the ESM probe bundles one.
const BANNER = "import { createRequire as __xkRequire } from 'node:module'; const require = __xkRequire(import.meta.url);";

export async function benchAgent({ print, quick }: { print: (line: string) => void; quick: boolean }): Promise<Figures> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = path.resolve(here, '../..');
  const ticks = Math.max(100, Number(process.env.BENCH_TICKS ?? (quick ? 500 : 3_000)));
  const nodeFlags = (process.env.XK_BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const work = mkdtempSync(path.join(os.tmpdir(), 'xk-bench-agent-'));
  let sim: BenchSim | undefined;
  try {
    const { build } = await import('esbuild');
    const baselines = await measureBaselines(build as never, BANNER, root, work, nodeFlags);
    sim = await startBenchSim(root);
    const env = { [WORKER_FLAG]: '1', XK_BENCH_ENTRY: sim.entryUrl, XK_BENCH_TICKS: String(ticks), XK_BENCH_DIR: work };
    const out = await runChild(['--expose-gc', ...nodeFlags, '--import', 'tsx', path.join(here, 'agent-worker.ts')], root, env, 10 * 60_000);
    return summarizeAgentRun(baselines, JSON.parse(out) as WorkerResult, print);
  } finally {
    await sim?.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** Runs node with `args` and resolves with its `RESULT …` line (bounded wait, child always ended). */
async function runChild(args: string[], cwd: string, env: Record<string, string>, timeoutMs: number): Promise<string> {
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  const line = /^RESULT (.+)$/m.exec(out)?.[1];
  if (code !== 0 || !line) throw new Error(`agent worker exited with ${code}`);
  return line;
}
