// Shared fixtures for the persisted-state tests: a real temp dir and a logger that records.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger, type LogRecord, type RootLogger } from '../../../app/core/log/logger';

export function makeTempDir(prefix = 'kiosk-state-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export function recordingLogger(): RootLogger {
  return createLogger({ level: 'debug', write: () => {} });
}

export function recordsAt(logger: RootLogger, level: LogRecord['level']): LogRecord[] {
  return logger.recent().filter((record) => record.level === level);
}

export function fileMode(file: string): number {
  return fs.statSync(file).mode & 0o777;
}
