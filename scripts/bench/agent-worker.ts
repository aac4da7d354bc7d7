// The agent side of the agent bench, bundled by agent.ts with esbuild and run on plain `node` (the
// way production loads it). It runs the real runtime against the hub simulator for
// XK_BENCH_TICKS ticks at XK_BENCH_INTERVAL_SEC, then prints `RESULT {json}` and exits.
// CPU per tick = process.cpuUsage() between the end of one wait and the start of the next
// (telemetry send, reply handling, sync steps, status), with a stub collector; the real OS
// collector's cost is measured separately at the end.
import os from 'node:os';
import path from 'node:path';
import { systemClock, type Clock } from '../../app/core/deps';
import { createLogger } from '../../app/core/log/logger';
import { createKioskRuntime } from '../../app/core/runtime';
import { readMemory, WORKER_FLAG, type MemorySnapshot } from './agent-memory';
import { benchCollector } from './telemetry';

export interface WorkerResult {
  ticks: number;
  intervalSec: number;
  cpuMsPerTickMedian: number;
  cpuMsPerTickP95: number;
  realCollectorMsMedian: number;
  realCollectorMsP95: number;
  /** Bundle evaluated, nothing created yet. */
  loaded: MemorySnapshot;
  /** Runtime created (stores open, clients built), not started. */
  idle: MemorySnapshot;
  /** After `baselineTick` ticks (omitted when the run is shorter). */
  atBaseline: MemorySnapshot | null;
  baselineTick: number;
  end: MemorySnapshot;
  /** RSS at the end as `ps` shows it, before the forced GC of `end`. */
  endNaturalRssMb: number;
  /** Peak RSS of the whole run (getrusage maxrss). */
  peakRssMb: number;
}

async function runWorker(env: NodeJS.ProcessEnv): Promise<WorkerResult> {
  const ticks = Number(env.XK_BENCH_TICKS);
  const intervalSec = Number(env.XK_BENCH_INTERVAL_SEC ?? 0);
  const baselineTick = Number(env.XK_BENCH_BASELINE_TICK ?? 1_000);
  const loaded = readMemory();
  const cpuMicros: number[] = [];
  let atBaseline: MemorySnapshot | null = null;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const clock = measuringClock((micros) => {
    cpuMicros.push(micros);
    if (cpuMicros.length === baselineTick && baselineTick < ticks) atBaseline = readMemory();
    if (cpuMicros.length === ticks) finish();
  });
  const runtime = await createKioskRuntime({
    dataDir: path.join(env.XK_BENCH_DIR ?? os.tmpdir(), `data-${process.pid}`),
    entryUrl: env.XK_BENCH_ENTRY ?? '',
    appVersion: '1.0.0',
    logger: createLogger({ level: 'error', write: () => undefined }),
    telemetryIntervalSec: intervalSec,
    clock,
    hardware: { hardwareKey: '11111111-2222-4333-8444-555555555555', sn: `SN-BENCH-${process.pid}` },
    telemetry: { collect: () => ({ cpu_load_1m: 0.5, mem_used_pct: 41.2, app_version: '1.0.0' }) },
  });
  const idle = readMemory();
  await runtime.start();
  await finished;
  const endNaturalRssMb = round(process.memoryUsage.rss() / 1048576, 1);
  const end = readMemory();
  const status = await runtime.handlers.getStatus();
  await runtime.stop();
  // Ticks that failed (backing off, never reaching the hub) would measure an idle agent, not a
  // working one: refuse the figures rather than report them.
  if (status.connection.state !== 'online' || status.lastTelemetryAt === null) {
    throw new Error(`agent not online at the end of the run: ${JSON.stringify(status.connection)}`);
  }
  const peakRssMb = round(process.resourceUsage().maxRSS / 1024, 1);
  const collector = benchCollector(2_000);
  const skip = Math.min(100, Math.floor(cpuMicros.length / 10)); // the first ticks are JIT warm-up
  const sorted = cpuMicros.slice(skip).sort((a, b) => a - b);
  const ms = (q: number) => round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) / 1000, 3);
  return {
    ticks,
    intervalSec,
    cpuMsPerTickMedian: ms(0.5),
    cpuMsPerTickP95: ms(0.95),
    realCollectorMsMedian: round(collector.medianUs / 1000, 3),
    realCollectorMsP95: round(collector.p95Us / 1000, 3),
    loaded,
    idle,
    atBaseline,
    baselineTick,
    end,
    endNaturalRssMb,
    peakRssMb,
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

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

if (process.env[WORKER_FLAG] === '1') {
  runWorker(process.env).then(
    (result) => {
      console.log(`RESULT ${JSON.stringify(result)}`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
