// Crash recovery for device-state.json, run BEFORE conf reads it. conf (and electron-store) either
// throw on a corrupt file or, with clearInvalidConfig, silently return {} — a silent reset to
// defaults that docs/ARCHITECTURE.md#persistence forbids. So we check the file ourselves and repair it from the last-good
// backup we keep beside it; only when no good copy exists do we start from defaults, loudly, and
// keep the corrupt file for diagnosis.
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Logger } from '../log/logger';
import { migrateDeviceState, type DeviceStateMigrations } from './device-state-migrations';
import { fsyncDirectory, removeStaleTemps, writeFileDurably } from './fs-durable';
import { checkFile, checkText, type Checked, type FileCheck } from './parse-state';
import { deviceStateSchema, type DeviceState } from './schema';

export const DEVICE_STATE_CONFIG_NAME = 'device-state';

export type RecoverySource = 'main' | 'backup' | 'fresh' | 'defaults-after-corruption';

export interface RecoveryResult {
  source: RecoverySource;
  /** Files moved aside because they were unusable. */
  quarantined: string[];
}

export interface RecoveryOptions {
  file: string;
  logger: Logger;
  now: () => number;
  mode: number;
  migrations?: DeviceStateMigrations | undefined;
}

export function backupPathOf(file: string): string {
  return `${file}.bak`;
}

export function checkDeviceStateText(text: string, migrations?: DeviceStateMigrations): Checked<DeviceState> {
  return checkText(text, deviceStateSchema, (raw) => migrateDeviceState(raw, migrations).value);
}

/** Validates a raw object (as conf returns it) exactly like the file check does. */
export function parseDeviceState(raw: unknown, migrations?: DeviceStateMigrations): DeviceState {
  return deviceStateSchema.parse(migrateDeviceState(raw, migrations).value);
}

export function recoverDeviceStateFile(opts: RecoveryOptions): RecoveryResult {
  const { file, logger, mode } = opts;
  const bakFile = backupPathOf(file);
  removeStaleTemps(file);
  removeStaleTemps(bakFile);
  const check = (target: string): FileCheck<DeviceState> =>
    checkFile(target, deviceStateSchema, (raw) => migrateDeviceState(raw, opts.migrations).value);
  const main = check(file);
  const bak = check(bakFile);

  if (main.kind === 'ok') {
    // Keep the backup equal to the file in use, so it is the last-good copy of what we run on.
    if (bak.kind !== 'ok' || !isDeepStrictEqual(bak.value, main.value)) {
      // Normal after a crash between writing the backup and the main file, or on first upgrade.
      logger.info('device state backup refreshed from the state file', { backup: bakFile, was: bak.kind === 'ok' ? 'different' : bak.kind });
      writeFileDurably(bakFile, main.text, mode);
    }
    return { source: 'main', quarantined: [] };
  }
  if (bak.kind === 'ok') {
    const problem = main.kind === 'missing' ? 'missing' : main.problem;
    logger.warn('device state file unusable; restored the last-good backup', { file, problem, backup: bakFile });
    writeFileDurably(file, bak.text, mode);
    return { source: 'backup', quarantined: [] };
  }
  if (main.kind === 'missing' && bak.kind === 'missing') return { source: 'fresh', quarantined: [] };

  const quarantined: string[] = [];
  const stamp = new Date(opts.now()).toISOString().replace(/[:.]/g, '-');
  const dir = path.dirname(file);
  if (main.kind !== 'missing') quarantined.push(moveAside(file, path.join(dir, `${DEVICE_STATE_CONFIG_NAME}.corrupt-${stamp}.json`)));
  if (bak.kind !== 'missing') quarantined.push(moveAside(bakFile, path.join(dir, `${DEVICE_STATE_CONFIG_NAME}.bak-corrupt-${stamp}.json`)));
  fsyncDirectory(dir);
  logger.error('device state file and its backup are unusable; starting from defaults', {
    file,
    problem: main.kind === 'missing' ? 'missing' : main.problem,
    backupProblem: bak.kind === 'missing' ? 'missing' : bak.problem,
    keptAs: quarantined,
  });
  return { source: 'defaults-after-corruption', quarantined };
}

function moveAside(from: string, to: string): string {
  fs.renameSync(from, to);
  return to;
}
