// Test rig for agent / runtime integration tests: the REAL hub simulator over loopback, a real temp
// data dir, the real runtime, and a fake clock that makes every wait instant but recorded.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createKioskRuntime, type KioskRuntime, type KioskRuntimeOptions } from '../../../app/core/runtime';
import { createLogger, type RootLogger } from '../../../app/core/log/logger';
import type { KioskEvent, StatusSnapshot } from '../../../app/ipc/contract';
import { startHub } from '../../hub/index';
import type { HubHandle, StartHubOptions } from '../../hub/types';
import { createFakeClock, waitFor, type FakeClock } from './fake-clock';

export interface RuntimeUnderTest {
  runtime: KioskRuntime;
  events: KioskEvent[];
  clock: FakeClock;
  logger: RootLogger;
  logLines: string[];
  status(): StatusSnapshot | undefined;
  stop(): Promise<void>;
}

export interface Rig {
  hub: HubHandle;
  dataDir: string;
  /** A fresh data dir (another machine). */
  newDataDir(): string;
  start(options?: Partial<KioskRuntimeOptions>): Promise<RuntimeUnderTest>;
  close(): Promise<void>;
}

let counter = 0;

/** The model key every rig's simulator knows (it refuses unknown keys, like the real hub). */
export const RIG_HARDWARE_KEY = '11111111-2222-4333-8444-555555555555';

/** Hardware identity unique per test so duplicates only happen on purpose. */
export function uniqueHardware(prefix = 'T') {
  counter += 1;
  const tag = `${process.pid}${counter}${Math.floor(Math.random() * 1e6)}`;
  return { hardwareKey: RIG_HARDWARE_KEY, sn: `SN-${prefix}-${tag}`, cloudId: `XKSK${tag.padEnd(20, 'x').slice(0, 20)}` };
}

export async function createRig(hubOptions: StartHubOptions = {}): Promise<Rig> {
  const hub = await startHub({ ...hubOptions, hardwareKeys: [RIG_HARDWARE_KEY, ...(hubOptions.hardwareKeys ?? [])] });
  const dirs: string[] = [];
  const running = new Set<RuntimeUnderTest>();
  const newDataDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'xk-agent-'));
    dirs.push(dir);
    return dir;
  };
  const dataDir = newDataDir();
  const defaultHardware = uniqueHardware();

  return {
    hub,
    dataDir,
    newDataDir,
    async start(options = {}) {
      const logLines: string[] = [];
      const logger = createLogger({ level: 'debug', write: (line) => logLines.push(line), keep: 50 });
      const clock = (options.clock as FakeClock | undefined) ?? createFakeClock();
      const runtime = await createKioskRuntime({
        dataDir,
        entryUrl: hub.entryUrl,
        appVersion: '1.0.0',
        hardware: defaultHardware,
        bootId: 'boot-1',
        telemetry: { collect: () => ({ probe: 1 }) },
        ...options,
        logger,
        clock,
      });
      const events: KioskEvent[] = [];
      runtime.onEvent((event) => events.push(event));
      await runtime.start();
      const handle: RuntimeUnderTest = {
        runtime,
        events,
        clock,
        logger,
        logLines,
        status: () => [...events].reverse().find((e) => e.name === 'onStatus')?.payload as StatusSnapshot | undefined,
        async stop() {
          running.delete(handle);
          await runtime.stop();
        },
      };
      running.add(handle);
      return handle;
    },
    async close() {
      for (const handle of [...running]) await handle.stop();
      await hub.close();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until the runtime's last status snapshot satisfies `check`. */
export function waitForStatus(rt: RuntimeUnderTest, check: (s: StatusSnapshot) => boolean, what: string, timeoutMs = 10_000) {
  return waitFor(() => {
    const status = rt.status();
    return status && check(status) ? status : undefined;
  }, what, timeoutMs);
}

/** Waits until ANY status published so far satisfied `check` (for short-lived states). */
export function waitForSeenStatus(rt: RuntimeUnderTest, check: (s: StatusSnapshot) => boolean, what: string, timeoutMs = 10_000) {
  return waitFor(() => rt.events.find((e) => e.name === 'onStatus' && check(e.payload))?.payload as StatusSnapshot | undefined, what, timeoutMs);
}

export async function waitOnline(rt: RuntimeUnderTest, timeoutMs = 10_000): Promise<string> {
  const status = await waitForStatus(rt, (s) => s.connection.state === 'online' && !!s.device.deviceId, 'online', timeoutMs);
  return status.device.deviceId as string;
}

export { waitFor };
