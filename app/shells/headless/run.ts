// The headless runner (`npm run agent -- …`): the same core as the kiosk, without a screen. Its
// composition root: parse flags, pick the provisioning server (flag, device file, or the embedded
// simulator demo), build the runtime, and stop cleanly on SIGINT / SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeviceFileError, readDeviceFile, type DeviceFile } from '../../core/composition/device-file';
import { createLogger } from '../../core/log/logger';
import { createKioskRuntime, type KioskRuntime } from '../../core/runtime';
import { installerOption, installerProblem, packageVersion } from '../cli-checks';
import { parseRunnerArgs, type RunnerOptions } from './args';
import { startDemo, type Demo } from './demo';
import { createHeadlessPlatform } from './platform';

async function main(): Promise<void> {
  const parsed = parseRunnerArgs(process.argv.slice(2), process.env);
  if (parsed.kind === 'help') return void console.log(parsed.text);
  if (parsed.kind === 'error') {
    return badInput(parsed.message);
  }
  // Configuration mistakes are exit 2 ("bad input") and said now, not at the first upgrade.
  const problem = installerProblem(parsed.options.installer);
  if (problem) return badInput(problem);
  let deviceFile: DeviceFile;
  try {
    deviceFile = readDeviceFile(parsed.options.dataDir, parsed.options.configPath);
  } catch (error) {
    if (error instanceof DeviceFileError) return badInput(error.message);
    throw error;
  }
  await run(parsed.options, deviceFile);
}

function badInput(message: string): never {
  console.error(`error: ${message}\n\nRun with --help for the options.`);
  process.exit(2);
}

async function run(options: RunnerOptions, deviceFile: DeviceFile): Promise<void> {
  const logger = createLogger({ format: options.logFormat, level: options.logLevel });
  const appVersion = options.firmwareVersion ?? packageVersion();
  const demoMode = !options.entryUrl && !deviceFile.entry_url;
  const print = (line: string) => console.log(line);

  let demo: Demo | null = null;
  let runtime: KioskRuntime | null = null;
  // A demo registers with a throw-away simulator: its identity must never land in the default state
  // dir. An explicit --data-dir is the user's choice and is kept (and not removed on exit).
  const tempDir = demoMode && !options.dataDirGiven ? mkdtempSync(path.join(os.tmpdir(), 'xyte-kiosk-demo-')) : null;
  const dataDir = tempDir ?? options.dataDir;
  let stopping = false;
  const exit = (code: number) => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      try {
        await runtime?.stop();
        await demo?.close();
      } finally {
        if (tempDir) rmSync(tempDir, { recursive: true, force: true });
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
    // The simulator, like the real hub, only knows registered model keys: the demo uses its key.
    hardware: demo && !options.hardware.hardwareKey && !deviceFile.hardware_key ? { ...options.hardware, hardwareKey: demo.hardwareKey } : options.hardware,
    platform: createHeadlessPlatform({ demo: demoMode, logger, exit }),
    systemReboot: !demoMode,
    // No screen: a new version is confirmed by its first successful telemetry alone.
    firmware: { installer: installerOption(options.installer), requireRendererHeartbeat: false },
    proxyEnv: process.env,
  });
  demo?.attach((listener) => runtime!.onEvent(listener), appVersion);
  if (demoMode) print(`demo: data in ${dataDir}${tempDir ? ' (removed on exit)' : ''}; press Ctrl-C to stop`);
  await runtime.start();
}


main().catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
