// Agent loop cost: BENCH_TICKS (default 20,000) telemetry ticks at a 0 s interval against the hub
// simulator. Two processes keep the figures honest: the simulator runs in its own child (its CPU,
// request log and device table are not the agent's), and the agent runs as an esbuild bundle on
// plain `node` — the way production loads it — rather than under tsx, whose loader alone adds
// ~35 MB RSS. CPU per tick = process.cpuUsage() between the end of one wait and the start of the
// next (telemetry send, reply handling, sync steps, status), with a stub collector; the real OS
// collector's cost is reported separately. RSS is read after a forced GC (node --expose-gc), so
// growth reflects retained memory, not when V8 happened to collect.
// Targets: ≤ 1 ms CPU per tick, RSS ≤ 60 MB, RSS growth 1,000 → all ticks < 5 %.
// `rssAfterLoadMb` is node + loaded code before the first tick, for scale. XK_BENCH_NODE_FLAGS
// passes V8 flags to the worker (e.g. "--max-semi-space-size=1" trades some CPU for ~30 MB RSS).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock, type Clock } from '../../app/core/deps';
import { createLogger } from '../../app/core/log/logger';
import { createKioskRuntime } from '../../app/core/runtime';
import { benchCollector } from './telemetry';

const BASELINE_TICK = 1_000;
const WORKER_FLAG = 'XK_BENCH_AGENT_WORKER';
type Figures = Record<string, number>;

export async function benchAgent(): Promise<Figures> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const ticks = Math.max(BASELINE_TICK + 200, Number(process.env.BENCH_TICKS ?? 20_000));
  const work = mkdtempSync(path.join(os.tmpdir(), 'xk-bench-agent-'));
  const sim = await startChild('hub simulator', path.join(root, 'node_modules', '.bin', 'tsx'), ['test/hub/cli.ts', '--quiet'], root, {}, /^entry\s+(\S+)/m);
  try {
    const bundle = path.join(work, 'agent-bench.mjs');
    const { build } = await import('esbuild');
    await build({
      entryPoints: [fileURLToPath(import.meta.url)], bundle: true, platform: 'node', format: 'esm', outfile: bundle, external: ['esbuild'], logLevel: 'error',
      // CommonJS dependencies (axios' form-data…) call require(); give the ESM bundle one.
      banner: { js: "import { createRequire as __xkRequire } from 'node:module'; const require = __xkRequire(import.meta.url);" },
    });
    const worker = await startChild('agent worker', process.execPath, ['--expose-gc', ...(process.env.XK_BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean), bundle], root, { [WORKER_FLAG]: '1', XK_BENCH_ENTRY: sim.match, XK_BENCH_TICKS: String(ticks), XK_BENCH_DIR: work }, /^RESULT (.+)$/m, 30 * 60_000);
    return JSON.parse(worker.match) as Figures;
  } finally {
    sim.child.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  }
}

/** Worker side: runs the ticks in this (bundled, plain node) process and prints the figures. */
async function runWorker(entryUrl: string, ticks: number, dataDir: string): Promise<Figures> {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  gc();
  // Node itself plus the loaded code (zod, axios…), before the agent does anything.
  const rssAfterLoad = process.memoryUsage.rss();
  const cpuMicros: number[] = [];
  let rssAtBaseline = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const clock = measuringClock((micros) => {
    cpuMicros.push(micros);
    if (cpuMicros.length === BASELINE_TICK) {
      gc();
      rssAtBaseline = process.memoryUsage.rss();
    }
    if (cpuMicros.length === ticks) finish();
  });
  const runtime = await createKioskRuntime({
    dataDir,
    entryUrl,
    appVersion: '1.0.0',
    logger: createLogger({ level: 'error', write: () => undefined }),
    telemetryIntervalSec: 0,
    clock,
    hardware: { hardwareKey: '11111111-2222-4333-8444-555555555555', sn: 'SN-BENCH', cloudId: 'XKSKbenchbenchbenchbench' },
    telemetry: { collect: () => ({ cpu_load_1m: 0.5, mem_used_pct: 41.2, app_version: '1.0.0' }) },
  });
  await runtime.start();
  await finished;
  gc();
  const rss = process.memoryUsage.rss();
  await runtime.stop();
  const collector = benchCollector(2_000);
  const sorted = cpuMicros.slice(100).sort((a, b) => a - b); // the first ticks are JIT warm-up
  const ms = (q: number) => round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) / 1000, 3);
  return {
    ticks,
    cpuMsPerTickMedian: ms(0.5),
    cpuMsPerTickP95: ms(0.95),
    realCollectorMsMedian: round(collector.medianUs / 1000, 3),
    realCollectorMsP95: round(collector.p95Us / 1000, 3),
    rssMb: round(rss / 1048576, 1),
    rssAt1000TicksMb: round(rssAtBaseline / 1048576, 1),
    rssAfterLoadMb: round(rssAfterLoad / 1048576, 1),
    heapUsedMb: round(process.memoryUsage().heapUsed / 1048576, 1),
    rssGrowthPct: round(((rss - rssAtBaseline) / rssAtBaseline) * 100, 2),
  };
}

/** A real clock that reports the CPU used between one wait and the next (= one tick). */
function measuringClock(onTick: (cpuMicros: number) => void): Clock {
  let tickStart: NodeJS.CpuUsage | null = null;
  return {
    now: systemClock.now,
    async sleep(ms, signal) {
      if (tickStart) {
        const used = process.cpuUsage(tickStart);
        onTick(used.user + used.system);
        tickStart = null;
      }
      await systemClock.sleep(ms, signal);
      tickStart = process.cpuUsage();
    },
  };
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

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

if (process.env[WORKER_FLAG] === '1') {
  runWorker(process.env.XK_BENCH_ENTRY ?? '', Number(process.env.XK_BENCH_TICKS), path.join(process.env.XK_BENCH_DIR ?? os.tmpdir(), 'data')).then(
    (figures) => {
      console.log(`RESULT ${JSON.stringify(figures)}`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
} else if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  benchAgent().then(
    (figures) => console.log(JSON.stringify({ agent: figures }, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
