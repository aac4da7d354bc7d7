// The REAL core runtime + hub simulator behind the browser shell, for the e2e specs that need the
// whole chain (real-core.spec.ts, real-core-upgrade.spec.ts). Each spec wraps it in its own fixture.
import { expect } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../app/core/log/logger';
import { createKioskRuntime, type KioskRuntime, type KioskRuntimeOptions } from '../../app/core/runtime';
import { createBrowserPlatform } from '../../app/shells/browser/platform';
import { startBrowserShell, type BrowserShell } from '../../app/shells/browser/server';
import { DEMO_HARDWARE_KEY, startHub } from '../hub/index';
import { rendererDir } from './fixtures';

type Hub = Awaited<ReturnType<typeof startHub>>;

export interface RealKiosk {
  hub: Hub;
  runtime: KioskRuntime;
  shell: BrowserShell;
  /** The device id once registered (polls up to 15 s). */
  deviceId(): Promise<string>;
  telemetryCount(): number;
  close(): Promise<void>;
}

export async function startRealKiosk(extra: Pick<KioskRuntimeOptions, 'firmware'> = {}): Promise<RealKiosk> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kiosk-e2e-'));
  const logger = createLogger({ level: 'warn' });
  const hub = await startHub({});
  const runtime = await createKioskRuntime({
    dataDir,
    entryUrl: hub.entryUrl,
    appVersion: '1.0.0',
    logger,
    telemetryIntervalSec: 1,
    hardware: { hardwareKey: DEMO_HARDWARE_KEY },
    platform: createBrowserPlatform(logger, () => undefined, () => shell),
    ...extra,
  });
  // Assigned before runtime.start(), so no command can reach the platform hook before it exists.
  const shell = await startBrowserShell({ runtime, rendererDir, logger });
  await runtime.start();
  return {
    hub,
    runtime,
    shell,
    async deviceId() {
      await expect.poll(async () => (await runtime.handlers.getStatus()).device.deviceId ?? '', { timeout: 15_000 }).not.toBe('');
      return (await runtime.handlers.getStatus()).device.deviceId!;
    },
    telemetryCount: () => hub.control.requestLog().filter((q) => q.route === 'sendTelemetry').length,
    async close() {
      await shell.close();
      await runtime.stop();
      await hub.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
