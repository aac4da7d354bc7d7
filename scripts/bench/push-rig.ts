// One agent core against the in-process simulator for the push / recovery / backlog benches.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock, type Clock, type Random } from '../../app/core/deps';
import { createLogger } from '../../app/core/log/logger';
import { createKioskRuntime, type KioskRuntime } from '../../app/core/runtime';
import type { StatusSnapshot } from '../../app/ipc/contract';
import { DEMO_HARDWARE_KEY } from '../../test/hub/index';
import type { HubHandle } from '../../test/hub/types';

export interface Core {
  runtime: KioskRuntime;
  dataDir: string;
  deviceId(): string | undefined;
  /** Clock time of every status publish that showed Online. */
  onlineAt: number[];
  status(): StatusSnapshot | undefined;
  close(): Promise<void>;
}

let counter = 0;

export async function startCore(
  hub: Pick<HubHandle, 'entryUrl'>,
  o: { clock?: Clock; random?: Random; intervalSec?: number; dataRoot?: string } = {},
): Promise<Core> {
  counter += 1;
  const tag = `${String(process.pid).padStart(10, '0')}${String(counter).padStart(10, '0')}`;
  const dataDir = mkdtempSync(path.join(o.dataRoot ?? os.tmpdir(), 'xk-bench-push-'));
  const clock = o.clock ?? systemClock;
  const runtime = await createKioskRuntime({
    dataDir,
    entryUrl: hub.entryUrl,
    appVersion: '1.0.0',
    logger: createLogger({ level: 'error', write: () => undefined }),
    clock,
    ...(o.random ? { random: o.random } : {}),
    hardware: { hardwareKey: DEMO_HARDWARE_KEY, sn: `SN-BENCH-${tag}`, cloudId: `XKSK${tag}` },
    bootId: 'bench',
    telemetry: { collect: () => ({ probe: 1 }) },
    ...(o.intervalSec ? { telemetryIntervalSec: o.intervalSec } : {}),
  });
  let last: StatusSnapshot | undefined;
  const onlineAt: number[] = [];
  runtime.onEvent((event) => {
    if (event.name !== 'onStatus') return;
    last = event.payload;
    if (last.connection.state === 'online') onlineAt.push(clock.now());
  });
  await runtime.start();
  return {
    runtime,
    dataDir,
    deviceId: () => last?.device.deviceId,
    onlineAt,
    status: () => last,
    async close() {
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function until<T>(check: () => T | undefined | false, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Deterministic [0, 1) from a seed, so bench runs can be repeated. */
export { seededRandom } from '../../test/core/support/seeded-random';
