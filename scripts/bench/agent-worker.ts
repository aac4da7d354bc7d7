// The in-process side of the agent bench (run by agent.ts as `node --import tsx` so profile frames
// keep their source paths): the real runtime — real OS collector, info-level logger, real hub
// client — against the hub simulator at a 0 s interval. After a warm-up it profiles
// XK_BENCH_TICKS ticks and prints `RESULT {json}`: CPU per tick (process.cpuUsage over the
// window, so everything this process did), the per-stage breakdown (agent-stages.ts) and memory.
// The whole-process figures of record come from agent-process.ts; this says where the time goes.
import os from 'node:os';
import path from 'node:path';
import { systemClock, type Clock } from '../../app/core/deps';
import { createLogger } from '../../app/core/log/logger';
import { createKioskRuntime } from '../../app/core/runtime';
import { readMemory, WORKER_FLAG, type MemorySnapshot } from './agent-memory';
import { BENCH_HARDWARE_KEY } from './sim-control';
import { startStageProfiler, type Stage, type StageCharge, type StageProfiler } from './agent-stages';

export interface WorkerResult {
  ticks: number;
  cpuMsPerTick: number;
  /** Microseconds per tick charged to each stage. */
  stageUsPerTick: Record<Stage, number>;
  /** Leaf functions with the most samples, µs per tick. */
  topUsPerTick: Array<[string, number]>;
  loaded: MemorySnapshot;
  idle: MemorySnapshot;
  end: MemorySnapshot;
}

const WARM_TICKS = 200;

async function runWorker(env: NodeJS.ProcessEnv): Promise<WorkerResult> {
  const ticks = Number(env.XK_BENCH_TICKS ?? 3_000);
  const loaded = readMemory();
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let profiler: StageProfiler | null = null;
  let cpuStart: NodeJS.CpuUsage | null = null;
  let window: { cpu: NodeJS.CpuUsage; charge: StageCharge } | null = null;
  let count = 0;
  // Every loop wait is one tick boundary; the profiler starts and stops inside the wait.
  const clock: Clock = {
    now: systemClock.now,
    async sleep(ms, signal) {
      count++;
      if (count === WARM_TICKS) {
        profiler = await startStageProfiler();
        cpuStart = process.cpuUsage();
      } else if (count === WARM_TICKS + ticks && profiler && cpuStart) {
        const cpu = process.cpuUsage(cpuStart);
        window = { cpu, charge: await profiler.stop() };
        finish();
      }
      await systemClock.sleep(ms, signal);
    },
  };
  const runtime = await createKioskRuntime({
    dataDir: path.join(env.XK_BENCH_DIR ?? os.tmpdir(), `data-${process.pid}`),
    entryUrl: env.XK_BENCH_ENTRY ?? '',
    appVersion: '1.0.0',
    // Production's level (info) and formatting; only the final write is dropped.
    logger: createLogger({ level: 'info', write: () => undefined }),
    telemetryIntervalSec: 0,
    clock,
    hardware: { hardwareKey: BENCH_HARDWARE_KEY, sn: `SN-STAGES-${process.pid}` },
  });
  const idle = readMemory();
  await runtime.start();
  await finished;
  const end = readMemory();
  const status = await runtime.handlers.getStatus();
  await runtime.stop();
  // Ticks that failed (backing off, never reaching the hub) would measure an idle agent.
  if (status.connection.state !== 'online' || status.lastTelemetryAt === null) {
    throw new Error(`agent not online at the end of the run: ${JSON.stringify(status.connection)}`);
  }
  const { cpu, charge } = window!;
  const stageUsPerTick = Object.fromEntries(Object.entries(charge.stages).map(([k, us]) => [k, round(us / ticks, 1)])) as Record<Stage, number>;
  const topUsPerTick = charge.top.map(([label, us]): [string, number] => [label, round(us / ticks, 1)]);
  return { ticks, cpuMsPerTick: round((cpu.user + cpu.system) / 1000 / ticks, 3), stageUsPerTick, topUsPerTick, loaded, idle, end };
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
