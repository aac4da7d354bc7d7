// Command-line flags of the headless runner (`npm run agent -- …`). Pure: takes argv and the
// environment, returns options or a clear error; run.ts does the I/O.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import semver from 'semver';
import type { LogLevel } from '../../core/log/logger';
import { checkEntryUrl, checkHardwareKey, parseInstallerFlag, parseLogLevel, type InstallerFlag } from '../cli-checks';

export type Installer = InstallerFlag;

export interface RunnerOptions {
  /** Absent = start the embedded simulator and run the demo. */
  entryUrl?: string;
  dataDir: string;
  /** True when --data-dir was given: the demo then keeps its state there instead of a temp dir. */
  dataDirGiven: boolean;
  telemetryIntervalSec?: number;
  hardware: { hardwareKey?: string | undefined; sn?: string | undefined; cloudId?: string | undefined; mac?: string | undefined };
  firmwareVersion?: string;
  logFormat: 'text' | 'json';
  logLevel: LogLevel;
  configPath?: string;
  installer: Installer;
}

export type ParsedArgs = { kind: 'run'; options: RunnerOptions } | { kind: 'help'; text: string } | { kind: 'error'; message: string };

export const USAGE = `Usage: npm run agent -- [options]

  --entry-url <url>           provisioning server (default: start the embedded simulator + demo)
  --data-dir <dir>            state directory (default: $XDG_STATE_HOME/xyte-kiosk or ~/.local/state/xyte-kiosk)
  --telemetry-interval <s>    telemetry period in seconds, at least 1 (default: from the cloud config, 30)
  --hardware-key <uuid>       the model's hardware key
  --sn <serial>               serial number
  --cloud-id <id>             Cloud ID (Cloud ID authentication) — or:
  --mac <11:22:33:44:55:66>   MAC address (MAC + serial authentication)
  --firmware-version <semver> version to report (default: the package version)
  --log-format text|json      log line format (default: text)
  --log-level <level>         debug|info|warn|error (default: $XYTE_LOG_LEVEL, else info)
  --config <device.json>      device file; flags override its values
  --installer command:<path>|none   how firmware packages are installed (default: none):
                              <path> <staged file> <version> installs (exit 0; print a line
                              "installed" when no restart is needed), <path> --rollback restores
  -h, --help                  this text

Exit codes: 0 stopped, 1 fatal error, 2 bad flags, 75 restart requested (an installed upgrade or a
restart_app command): the supervisor (systemd Restart=on-failure, a shell loop) starts it again.`;

const OPTIONS = {
  'entry-url': { type: 'string' },
  'data-dir': { type: 'string' },
  'telemetry-interval': { type: 'string' },
  'hardware-key': { type: 'string' },
  sn: { type: 'string' },
  'cloud-id': { type: 'string' },
  mac: { type: 'string' },
  'firmware-version': { type: 'string' },
  'log-format': { type: 'string' },
  'log-level': { type: 'string' },
  config: { type: 'string' },
  installer: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseRunnerArgs(argv: readonly string[], env: NodeJS.ProcessEnv, homeDir: string = os.homedir()): ParsedArgs {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true; allowPositionals: false }>>['values'];
  try {
    values = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  if (values.help) return { kind: 'help', text: USAGE };
  try {
    return { kind: 'run', options: toOptions(values, env, homeDir) };
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
}

function toOptions(values: Record<string, string | boolean | undefined>, env: NodeJS.ProcessEnv, homeDir: string): RunnerOptions {
  const text = (name: string): string | undefined => {
    const value = values[name];
    if (typeof value !== 'string') return undefined;
    if (!value.trim()) throw new Error(`--${name} must not be empty`);
    return value.trim();
  };
  if (text('cloud-id') && text('mac')) throw new Error('give either --cloud-id or --mac, not both');
  const entryUrl = text('entry-url');
  if (entryUrl !== undefined) checkEntryUrl(entryUrl);
  const mac = text('mac');
  if (mac !== undefined && !/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(mac)) throw new Error(`--mac must look like 11:22:33:44:55:66, got "${mac}"`);
  const firmwareVersion = text('firmware-version');
  if (firmwareVersion !== undefined && !semver.valid(firmwareVersion)) throw new Error(`--firmware-version must be a SemVer version, got "${firmwareVersion}"`);
  const configPath = text('config');
  const dataDir = text('data-dir');
  const hardwareKey = text('hardware-key');
  if (hardwareKey !== undefined) checkHardwareKey(hardwareKey);
  const hardware = {
    ...(hardwareKey ? { hardwareKey } : {}),
    ...(text('sn') ? { sn: text('sn') } : {}),
    ...(text('cloud-id') ? { cloudId: text('cloud-id') } : {}),
    ...(mac ? { mac: mac.toLowerCase() } : {}),
  };
  const interval = parseInterval(text('telemetry-interval'), env[FLAT_OUT_ENV] === '1');
  return {
    ...(entryUrl !== undefined ? { entryUrl } : {}),
    dataDir: path.resolve(dataDir ?? defaultDataDir(env, homeDir)),
    dataDirGiven: dataDir !== undefined,
    ...(interval !== undefined ? { telemetryIntervalSec: interval } : {}),
    hardware,
    ...(firmwareVersion !== undefined ? { firmwareVersion } : {}),
    logFormat: parseLogFormat(text('log-format')),
    logLevel: parseLogLevel(text('log-level'), env),
    ...(configPath !== undefined ? { configPath: path.resolve(configPath) } : {}),
    installer: parseInstallerFlag(text('installer')),
  };
}

export function defaultDataDir(env: NodeJS.ProcessEnv, homeDir: string): string {
  const xdg = env.XDG_STATE_HOME;
  // XDG: a relative value is invalid and must be ignored.
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'xyte-kiosk');
  return path.join(homeDir, '.local', 'state', 'xyte-kiosk');
}

/** Set by `npm run bench` only: lets `--telemetry-interval 0` run the loop as fast as the hub answers. */
export const FLAT_OUT_ENV = 'XYTE_KIOSK_BENCH_FLAT_OUT';

function parseInterval(value: string | undefined, allowZero: boolean): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (allowZero && seconds === 0 && /^0+(\.0+)?$/.test(value)) return 0;
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(seconds) || seconds < 1 || seconds > 3600) {
    throw new Error(`--telemetry-interval must be a number of seconds from 1 to 3600, got "${value}"`);
  }
  return seconds;
}

function parseLogFormat(value: string | undefined): 'text' | 'json' {
  if (value === undefined || value === 'text' || value === 'json') return value ?? 'text';
  throw new Error(`--log-format must be text or json, got "${value}"`);
}
