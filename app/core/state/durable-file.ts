// A power-cut-safe JSON file with a last-good backup (docs/ARCHITECTURE.md#persistence). Used for the identity, which
// must never be lost: losing it means re-registering, and the cloud refuses a duplicate device.
import path from 'node:path';
import * as z from '../zod-mini';
import type { Logger } from '../log/logger';
import { StateCorruptError } from './errors';
import { fsyncDirectory, recreateDirIfMissing, removeIfExists, writeFileDurably } from './fs-durable';
import { checkFile, type FileCheck } from './parse-state';

export interface DurableFile<T> {
  /** The stored value; null only when no file (and no backup) exists. Throws StateCorruptError. */
  read(): T | null;
  /** Validates, then replaces the file durably, keeping the previous good file as `.bak`. */
  write(value: T): void;
  /** Removes the file and its backup (backup first, so a crash never resurrects a removed file). */
  remove(): void;
}

export interface DurableFileOptions<T> {
  path: string;
  schema: z.core.$ZodType<T>;
  logger: Logger;
  /** File mode of the file and its backup, e.g. 0o600 for credentials. */
  mode?: number;
  /** A write found the directory gone and created it again: the owner rewrites what it holds. */
  onDirectoryRecreated?: () => void;
}

export function openDurableFile<T>(opts: DurableFileOptions<T>): DurableFile<T> {
  const { path: file, schema, logger, mode } = opts;
  const bakFile = `${file}.bak`;
  const check = (target: string): FileCheck<T> => checkFile(target, schema);

  const restoreFromBackup = (main: FileCheck<T>): T | null => {
    const bak = check(bakFile);
    if (main.kind === 'missing' && bak.kind === 'missing') return null;
    const mainProblem = problemOf(main);
    if (bak.kind === 'ok') {
      logger.warn('state file unusable; restoring the last-good backup', { file, problem: mainProblem, backup: bakFile });
      writeFileDurably(file, bak.text, mode);
      return bak.value;
    }
    const bakProblem = problemOf(bak);
    logger.error('state file and its backup are both unusable', { file, problem: mainProblem, backup: bakFile, backupProblem: bakProblem });
    throw new StateCorruptError(file, mainProblem, bakFile, bakProblem);
  };

  return {
    read() {
      const main = check(file);
      if (main.kind === 'ok') return main.value;
      return restoreFromBackup(main);
    },
    write(value) {
      const parsed = z.safeParse(schema, value);
      if (!parsed.success) throw new TypeError(`refusing to write an invalid value to ${file}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      if (recreateDirIfMissing(path.dirname(file))) {
        logger.warn('state directory was missing; created it again', { dir: path.dirname(file) });
        opts.onDirectoryRecreated?.();
      }
      const text = JSON.stringify(parsed.data, null, 2);
      const current = check(file);
      if (current.kind === 'ok') {
        if (current.text === text) return; // nothing changed: no write (flash wear)
        keepAsBackup(current.text);
      } else if (current.kind === 'bad') {
        // Never copy a bad file over the last good backup; the new value replaces it below.
        logger.warn('replacing an unusable state file', { file, problem: current.problem });
      }
      writeFileDurably(file, text, mode);
    },
    remove() {
      removeIfExists(bakFile);
      removeIfExists(`${bakFile}.tmp`);
      removeIfExists(file);
      removeIfExists(`${file}.tmp`);
      fsyncDirectory(path.dirname(file));
    },
  };

  function keepAsBackup(goodText: string): void {
    const bak = check(bakFile);
    if (bak.kind === 'ok' && bak.text === goodText) return;
    writeFileDurably(bakFile, goodText, mode);
  }
}

function problemOf(check: FileCheck<unknown>): string {
  switch (check.kind) {
    case 'missing':
      return 'missing';
    case 'bad':
      return check.problem;
    case 'ok':
      return 'ok';
  }
}
