// Flags of the browser shell (`npm start` without Electron). Pure: argv in, options or a clear
// error out; run.ts does the I/O.
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { LogLevel } from '../../core/log/logger';
import { checkEntryUrl, numberIn, parseInstallerFlag, parseLogLevel, type InstallerFlag } from '../cli-checks';

export const DEFAULT_PORT = 4800;

export interface BrowserRunOptions {
  port: number;
  /** Absent: a throw-away temp dir (demo against the embedded simulator). */
  dataDir?: string;
  /** Absent: start the embedded hub simulator. */
  entryUrl?: string;
  telemetryIntervalSec?: number;
  /** Demo only: claim the device in the simulator this many seconds after it registered. */
  demoClaimAfterSec?: number;
  /** How "Upgrade now" installs: the headless runner's contract (README, `command:` installer). */
  installer: InstallerFlag;
  logLevel: LogLevel;
}

export type ParsedBrowserArgs = { kind: 'run'; options: BrowserRunOptions } | { kind: 'help'; text: string } | { kind: 'error'; message: string };

export const BROWSER_USAGE = `Usage: npm start -- [options]        (browser shell: used when the Electron binary is absent)

  --port <n>                   port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 = any free port)
  --data-dir <dir>             state directory (default: a temp dir, removed on exit)
  --entry-url <url>            provisioning server (default: the embedded hub simulator)
  --telemetry-interval <s>     telemetry period in seconds, 1–3600 (default: from the cloud config)
  --demo-claim-after <s>       simulator only: claim the device after <s> seconds (default: never,
                               so the screen shows the claim QR)
  --installer command:<path>|none   how "Upgrade now" installs (default: none), the same contract
                               as the headless runner: <path> <staged file> <version>, and
                               <path> --rollback
  --log-level <level>          debug|info|warn|error (default: $XYTE_LOG_LEVEL, else info)
  -h, --help                   this text`;

const OPTIONS = {
  port: { type: 'string' },
  'data-dir': { type: 'string' },
  'entry-url': { type: 'string' },
  'telemetry-interval': { type: 'string' },
  'demo-claim-after': { type: 'string' },
  installer: { type: 'string' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseBrowserArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): ParsedBrowserArgs {
  try {
    const { values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false });
    if (values.help) return { kind: 'help', text: BROWSER_USAGE };
    const port = numberIn('port', values.port, 0, 65_535, true) ?? DEFAULT_PORT;
    const telemetry = numberIn('telemetry-interval', values['telemetry-interval'], 1, 3600, false);
    const claimAfter = numberIn('demo-claim-after', values['demo-claim-after'], 0, 86_400, false);
    const entryUrl = values['entry-url'] === undefined ? undefined : checkEntryUrl(values['entry-url']);
    if (entryUrl && claimAfter !== undefined) throw new Error('--demo-claim-after needs the embedded simulator; drop --entry-url');
    if (values['data-dir'] !== undefined && !values['data-dir'].trim()) throw new Error('--data-dir must not be empty');
    return {
      kind: 'run',
      options: {
        port,
        ...(values['data-dir'] ? { dataDir: path.resolve(values['data-dir']) } : {}),
        ...(entryUrl ? { entryUrl } : {}),
        ...(telemetry !== undefined ? { telemetryIntervalSec: telemetry } : {}),
        ...(claimAfter !== undefined ? { demoClaimAfterSec: claimAfter } : {}),
        installer: parseInstallerFlag(values.installer),
        logLevel: parseLogLevel(values['log-level'], env),
      },
    };
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
}
