// One logger for the whole core. Secrets are removed here, at the single exit point, so no caller
// can leak an access_key by logging an object that happens to contain one (the one redaction
// module, app/core/redact.ts, decides what a secret looks like).
import { maskSecrets, redact } from '../redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `scope` to every line. */
  child(scope: string): Logger;
}

export interface LogRecord {
  at: string;
  level: LogLevel;
  scope?: string;
  message: string;
  fields?: LogFields;
}

export interface LoggerOptions {
  format?: 'text' | 'json';
  level?: LogLevel;
  /** Where finished lines go; defaults to stderr. */
  write?: (line: string) => void;
  now?: () => number;
  /** Recent records kept in memory for the `dump` command. */
  keep?: number;
}

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
export interface RootLogger extends Logger {
  /** Register a secret value (e.g. the access key) to be masked wherever it appears. */
  addSecret(secret: string): void;
  /** The most recent records, already redacted. */
  recent(): LogRecord[];
}

export function createLogger(options: LoggerOptions = {}): RootLogger {
  const format = options.format ?? 'text';
  const minLevel = LEVEL_ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const now = options.now ?? Date.now;
  const keep = options.keep ?? 500;
  const secrets: string[] = [];
  const ring: LogRecord[] = [];

  const emit = (level: LogLevel, scope: string | undefined, message: string, fields?: LogFields) => {
    const record: LogRecord = {
      at: new Date(now()).toISOString(),
      level,
      ...(scope ? { scope } : {}),
      message: maskSecrets(message, secrets),
      ...(fields ? { fields: redact(fields, { secrets }) as LogFields } : {}),
    };
    ring.push(record);
    if (ring.length > keep) ring.shift();
    if (LEVEL_ORDER[level] < minLevel) return;
    write(format === 'json' ? JSON.stringify(record) : formatText(record));
  };

  const make = (scope?: string): Logger => ({
    debug: (m, f) => emit('debug', scope, m, f),
    info: (m, f) => emit('info', scope, m, f),
    warn: (m, f) => emit('warn', scope, m, f),
    error: (m, f) => emit('error', scope, m, f),
    child: (sub) => make(scope ? `${scope}.${sub}` : sub),
  });

  return {
    ...make(),
    addSecret: (secret) => {
      if (secret && !secrets.includes(secret)) secrets.push(secret);
    },
    recent: () => ring.slice(),
  };
}

function formatText(record: LogRecord): string {
  const fields = record.fields && Object.keys(record.fields).length ? ' ' + JSON.stringify(record.fields) : '';
  return `${record.at} ${record.level.toUpperCase().padEnd(5)} ${record.scope ? `[${record.scope}] ` : ''}${record.message}${fields}`;
}

/** A logger that drops everything: for tests that do not look at logs. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
