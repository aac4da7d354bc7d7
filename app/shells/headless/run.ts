// The headless runner (`npm run agent -- …`): the same core as the kiosk, without a screen. Its
// composition root: parse flags, pick the provisioning server (flag, device file, or the embedded
// simulator demo), build the runtime, and stop cleanly on SIGINT / SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readDeviceFile } from '../../core/composition/device-file';
import { createLogger } from '../../core/log/logger';
import { createKioskRuntime, type KioskRuntime } from '../../core/runtime';
import { packageVersion } from '../cli-checks';
import { parseRunnerArgs, type RunnerOptions } from './args';
import { startDemo, type Demo } from './demo';
import { createHeadlessPlatform } from './platform';

async function main(): Promise<void> {
  const parsed = parseRunnerArgs(process.argv.slice(2), process.env);
  if (parsed.kind === 'help') return void console.log(parsed.text);
  if (parsed.kind === 'error') {
    console.error(`error: ${parsed.message}\n\n${'Run with --help for the options.'}`);
    process.exit(2);
  }
  await run(parsed.options);
}

async function run(options: RunnerOptions): Promise<void> {
  const logger = createLogger({ format: options.logFormat });
  const appVersion = options.firmwareVersion ?? packageVersion();
  const entryFromFile = readDeviceFile(options.dataDir, options.configPath).entry_url;
  const demoMode = !options.entryUrl && !entryFromFile;
  const print = (line: string) => console.log(line);

  let demo: Demo | null = null;
  let runtime: KioskRuntime | null = null;
  // A demo registers with a throw-away simulator: its identity must never land in the real state dir.
  const dataDir = demoMode ? mkdtempSync(path.join(os.tmpdir(), 'xyte-kiosk-demo-')) : options.dataDir;
  let stopping = false;
  const exit = (code: number) => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      try {
        await runtime?.stop();
        await demo?.close();
      } finally {
        if (demoMode) rmSync(dataDir, { recursive: true, force: true });
        process.exit(code);
      }
    })();
  };
  process.once('SIGINT', () => exit(0));
  process.once('SIGTERM', () => exit(0));

  if (demoMode) demo = await startDemo(print);
  if (options.installer.kind === 'command') logger.info('firmware installer configured', { installer: options.installer.path });
  runtime = await createKioskRuntime({
    dataDir,
    ...(options.entryUrl ?? demo?.entryUrl ? { entryUrl: options.entryUrl ?? demo?.entryUrl } : {}),
    appVersion,
    logger,
    ...(options.telemetryIntervalSec !== undefined ? { telemetryIntervalSec: options.telemetryIntervalSec } : {}),
    ...(options.configPath ? { deviceConfigPath: options.configPath } : {}),
    hardware: options.hardware,
    platform: createHeadlessPlatform({ demo: demoMode, logger, exit }),
    systemReboot: !demoMode,
    // No screen: a new version is confirmed by its first successful telemetry alone.
    firmware: { installer: installerOption(options), requireRendererHeartbeat: false },
  });
  demo?.attach((listener) => runtime!.onEvent(listener), appVersion);
  if (demoMode) print(`demo: data in ${dataDir} (removed on exit); press Ctrl-C to stop`);
  await runtime.start();
}

function installerOption(options: RunnerOptions): string {
  return options.installer.kind === 'command' ? `command:${options.installer.path}` : 'none';
}


main().catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
