// The browser shell's composition root (what `npm start` runs when Electron is absent): the
// embedded hub simulator (unless --entry-url), the real core runtime, the built renderer served
// on 127.0.0.1 with window.kiosk over a WebSocket. Ctrl-C stops everything cleanly.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, type Logger } from '../../core/log/logger';
import { createKioskRuntime, type KioskRuntime } from '../../core/runtime';
import { clampTimerDelay } from '../../core/util/timer-delay';
import { installerOption, installerProblem, packageVersion } from '../cli-checks';
import { RESTART_EXIT_CODE } from '../headless/platform';
import { createBrowserPlatform } from './platform';
import { ensureRendererBuilt } from './renderer-build';
import { parseBrowserArgs, type BrowserRunOptions } from './run-args';
import { startBrowserShell, type BrowserShell } from './server';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

type Hub = Awaited<ReturnType<typeof import('../../../test/hub/index').startHub>>;


function banner(url: string, controlUrl: string | null): string {
  const lines = [
    `Xyte Kiosk is running: open ${url}`,
    // A new user has no Xyte portal here: tell them how to claim the demo device themselves.
    controlUrl ? `Demo on the embedded hub simulator; claim it with: curl -X POST ${controlUrl}/devices/<id>/claim` : '',
    controlUrl ? `(device ids: curl ${controlUrl}/devices — or start with --demo-claim-after 10)` : '',
    'Press Ctrl-C to stop',
  ].filter(Boolean);
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const rule = '═'.repeat(width);
  return ['', `╔${rule}╗`, ...lines.map((l) => `║  ${l.padEnd(width - 2)}║`), `╚${rule}╝`, ''].join('\n');
}

/** Claims the demo device once it has registered (polls the simulator, bounded to 10 minutes). */
function scheduleDemoClaim(hub: Hub, afterSec: number, logger: Logger): () => void {
  let timer: NodeJS.Timeout | undefined;
  let tries = 0;
  const attempt = () => {
    const device = hub.control.devices()[0];
    if (device) {
      hub.control.claim(device.id);
      logger.info('demo: device claimed in the simulator', { deviceId: device.id });
      return;
    }
    if (++tries < 600) timer = setTimeout(attempt, 1000).unref();
  };
  timer = setTimeout(attempt, clampTimerDelay(afterSec * 1000)).unref();
  return () => clearTimeout(timer);
}

async function listen(runtime: KioskRuntime, port: number, logger: Logger): Promise<BrowserShell> {
  const rendererDir = await ensureRendererBuilt(repoRoot, 'if-missing', (line) => logger.info(line));
  try {
    return await startBrowserShell({ runtime, rendererDir, port, logger });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw error;
    logger.warn(`port ${port} is busy; using a free port instead`);
    return startBrowserShell({ runtime, rendererDir, port: 0, logger });
  }
}

async function run(options: BrowserRunOptions): Promise<void> {
  const logger = createLogger({ level: options.logLevel });
  const demo = !options.entryUrl;
  const tempDir = options.dataDir ? null : mkdtempSync(path.join(os.tmpdir(), 'xyte-kiosk-browser-'));
  const dataDir = options.dataDir ?? tempDir!;
  let hub: Hub | null = null;
  let runtime: KioskRuntime | null = null;
  let shell: BrowserShell | null = null;
  let cancelClaim = () => {};
  let stopping = false;

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    cancelClaim();
    try {
      await shell?.close();
      await runtime?.stop();
      await hub?.close();
    } finally {
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
      process.exit(code);
    }
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  let demoHardwareKey: string | undefined;
  if (demo) {
    // Dynamic: a run against a real provisioning server never loads the simulator.
    const { startHub, DEMO_HARDWARE_KEY } = await import('../../../test/hub/index');
    hub = await startHub({});
    // Like the real hub, the simulator refuses unknown model keys: the demo registers with its key.
    demoHardwareKey = DEMO_HARDWARE_KEY;
    logger.info('embedded hub simulator started', { hubUrl: hub.hubUrl, controlUrl: hub.controlUrl });
  }
  runtime = await createKioskRuntime({
    dataDir,
    entryUrl: options.entryUrl ?? hub!.entryUrl,
    appVersion: packageVersion(),
    logger,
    ...(options.telemetryIntervalSec !== undefined ? { telemetryIntervalSec: options.telemetryIntervalSec } : {}),
    ...(demoHardwareKey ? { hardware: { hardwareKey: demoHardwareKey } } : {}),
    platform: {
      ...createBrowserPlatform(logger, () => void stop(0), () => shell),
      // With an installer the user tries the real upgrade flow: a restart is exit 75, as in the
      // headless runner, for a supervisor (or a shell loop) to start the shell again.
      ...(options.installer.kind === 'command' ? { restartApp: async () => void setImmediate(() => void stop(RESTART_EXIT_CODE)) } : {}),
    },
    firmware: { installer: installerOption(options.installer) },
    proxyEnv: process.env,
  });
  shell = await listen(runtime, options.port, logger);
  console.log(banner(shell.url, hub?.controlUrl ?? null));
  if (hub && options.demoClaimAfterSec !== undefined) cancelClaim = scheduleDemoClaim(hub, options.demoClaimAfterSec, logger);
  await runtime.start();
}

const parsed = parseBrowserArgs(process.argv.slice(2), process.env);
const problem = parsed.kind === 'run' ? installerProblem(parsed.options.installer) : null;
if (parsed.kind === 'help') console.log(parsed.text);
else if (parsed.kind === 'error' || problem) {
  console.error(`error: ${parsed.kind === 'error' ? parsed.message : problem}\n\nRun with --help for the options.`);
  process.exit(2);
} else {
  run(parsed.options).catch((error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
