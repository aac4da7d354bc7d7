// Runs one client (our built runner, the peer agent, …) as a child process against the bench
// simulator and reads its whole-process figures at given tick counts. Ticks are the telemetry
// calls the simulator received from that device; CPU and memory come from /proc (proc.ts), read
// the moment the simulator shows the tick count reached.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { readMemory, readTreeCpuMs, readTreeRssMb } from './proc';
import type { BenchSim } from './sim-control';

export interface ClientSpec {
  label: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Serial number it registers with: how the simulator's device is found. */
  sn: string;
  /** stdout + stderr go here (a kiosk's logs go to a file or the journal, not a terminal). */
  logFile: string;
}

export interface Reading {
  ticks: number;
  atMs: number;
  cpuMs: number;
  rssMb: number;
  hwmMb: number;
  rssAnonMb: number;
  rssFileMb: number;
  treeRssMb: number;
}

export interface ClientRun {
  label: string;
  /** Spawn → the simulator received the first telemetry. */
  firstTelemetryMs: number;
  readings: Reading[];
}

const POLL_MS = 25;

/** Spawns `spec`, reads it at each tick count in `marks` (ascending), then stops it. */
export async function runClient(sim: BenchSim, spec: ClientSpec, marks: number[], timeoutMs: number): Promise<ClientRun> {
  const log = openSync(spec.logFile, 'a');
  const spawnedAt = Date.now();
  // Own process group: npm / tsx wrappers are stopped with everything they started.
  const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: { ...process.env, ...spec.env }, stdio: ['ignore', log, log], detached: true });
  closeSync(log);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const deadline = spawnedAt + timeoutMs;
  const pid = child.pid!;
  try {
    const id = await poll(deadline, () => exited, spec.label, async () => {
      const device = await sim.findBySn(spec.sn);
      return device && device.telemetry_count >= 1 ? device.id : null;
    });
    const firstAt = await sim.firstTelemetryAt(id);
    const readings: Reading[] = [];
    for (const mark of marks) {
      const ticks = await poll(deadline, () => exited, spec.label, async () => {
        const count = (await sim.device(id)).telemetry_count;
        return count >= mark ? count : null;
      });
      // Read right away: at a 1 s interval the client is idle now, so the reading is a clean cut.
      const memory = readMemory(pid);
      readings.push({ ticks, atMs: Date.now(), cpuMs: readTreeCpuMs(pid), ...memory, treeRssMb: readTreeRssMb(pid) });
    }
    return { label: spec.label, firstTelemetryMs: (firstAt ?? spawnedAt) - spawnedAt, readings };
  } catch (error) {
    const tail = readFileSync(spec.logFile, 'utf8').split('\n').slice(-8).join('\n  | ');
    throw new Error(`${error instanceof Error ? error.message : String(error)}; its last log lines:\n  | ${tail}`, { cause: error });
  } finally {
    await stopGroup(pid, () => exited, exit);
  }
}

async function poll<T>(deadline: number, exited: () => boolean, label: string, probe: () => Promise<T | null>): Promise<T> {
  for (;;) {
    if (exited()) throw new Error(`${label} exited early`);
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`${label} did not reach its tick count in time`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** SIGTERM to the group (the peer ignores it: then SIGKILL after 3 s), bounded. */
async function stopGroup(pid: number, exited: () => boolean, exit: Promise<void>): Promise<void> {
  if (exited()) return;
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 3_000);
  await exit;
  clearTimeout(timer);
  signal('SIGKILL'); // anything left in the group (a wrapper's orphan)
}

/** CPU ms per tick and ticks per CPU-second between two readings. */
export function rate(from: Reading, to: Reading): { ticks: number; cpuMsPerTick: number; ticksPerCpuSec: number; wallSec: number } {
  const ticks = to.ticks - from.ticks;
  const cpuMs = to.cpuMs - from.cpuMs;
  return {
    ticks,
    cpuMsPerTick: ticks > 0 ? cpuMs / ticks : NaN,
    ticksPerCpuSec: cpuMs > 0 ? (ticks * 1000) / cpuMs : NaN,
    wallSec: (to.atMs - from.atMs) / 1000,
  };
}
