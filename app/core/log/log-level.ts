// The one rule for choosing the log level in every shell: `--log-level` wins over $XYTE_LOG_LEVEL,
// default info. A bad value is an error (a silent fallback would hide the lines someone asked for);
// shells that cannot exit on bad input (the Electron kiosk) catch it, log it and use info.
import type { LogLevel } from './logger';

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export function parseLogLevel(flag: string | undefined, env: NodeJS.ProcessEnv): LogLevel {
  const [value, source] = flag !== undefined ? [flag, '--log-level'] : [env.XYTE_LOG_LEVEL, 'XYTE_LOG_LEVEL'];
  if (value === undefined || value === '') return 'info';
  const level = LOG_LEVELS.find((l) => l === value.trim().toLowerCase());
  if (!level) throw new Error(`${source} must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
  return level;
}

/** The value of `--log-level <v>` or `--log-level=<v>` in a raw argv (Electron has no flag parser). */
export function logLevelSwitch(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--log-level') return argv[i + 1] ?? '';
    if (arg.startsWith('--log-level=')) return arg.slice('--log-level='.length);
  }
  return undefined;
}
