// The device's versions and records (docs/ARCHITECTURE.md#persistence), kept through a ConfLike with
// conf's options — electron-store's base class, so the Electron shell passes its own instance; the
// default is JsonFileConf (json-file-conf.ts: the same file without the package). conf writes
// atomically (temp + fsync + rename) but neither fsyncs the directory nor keeps a backup, and on a
// corrupt file it throws or silently resets; device-state-file covers those gaps.
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Logger } from '../log/logger';
import type { DeviceStateMigrations } from './device-state-migrations';
import {
  backupPathOf,
  DEVICE_STATE_CONFIG_NAME,
  parseDeviceState,
  recoverDeviceStateFile,
  type RecoverySource,
} from './device-state-file';
import { fsyncDirectory, recreateDirIfMissing, writeFileDurably } from './fs-durable';
import { JsonFileConf } from './json-file-conf';
import { CLOUD_SCOPED_FIELDS, deviceStateSchema, type DeviceState } from './schema';

/** What we need of conf / electron-store (both satisfy it). `store` is assigned whole: one atomic write. */
export interface ConfLike {
  store: Record<string, unknown>;
  readonly path: string;
  set(key: string, value: unknown): void;
}

export interface DeviceStateStore {
  /** Validated in-memory copy (cheap, no I/O). Frozen: use update() to change it. */
  get(): DeviceState;
  /** Writes ONLY when the result differs (deep-equal) from the current state. Invalid results throw. */
  update(patch: Partial<DeviceState> | ((s: DeviceState) => Partial<DeviceState>)): DeviceState;
  /** CLOUD_SCOPED_FIELDS back to their defaults (after a 401). */
  wipeCloudScoped(): void;
  /** Writes the state held in memory again (the data directory was deleted while running). */
  rewrite(): void;
  /** Number of state writes since open (for tests / benchmarks). */
  writeCount(): number;
  /** Where the state came from at open: 'backup' / 'defaults-after-corruption' mean a crash was repaired. */
  readonly openedFrom: RecoverySource;
  readonly path: string;
}

/** The conf options; electron-store takes the same plus `name: DEVICE_STATE_CONFIG_NAME`. */
export interface DeviceStateConfOptions {
  cwd: string;
  configName: string;
  configFileMode: number;
  /** false: a corrupt file must reach our recovery, never be silently replaced by {}. */
  clearInvalidConfig: false;
}

export interface DeviceStateStoreOptions {
  dir: string;
  logger: Logger;
  /** An already-constructed store (must use deviceStateConfOptions(dir)). Prefer `createConf`. */
  conf?: ConfLike | undefined;
  /** Builds the store AFTER crash recovery ran, so conf never sees a corrupt file. */
  createConf?: ((options: DeviceStateConfOptions) => ConfLike) | undefined;
  /** For the quarantine file name; defaults to Date.now. */
  now?: () => number;
  migrations?: DeviceStateMigrations;
  /** A write found the data directory deleted and created it again: rewrite the other stores. */
  onDirectoryRecreated?: () => void;
}

export { DEVICE_STATE_CONFIG_NAME } from './device-state-file';
const STATE_FILE_MODE = 0o600;
/** The longest version the hub may hand us (firmware notice) and the screen can show. */
const MAX_STORED_VERSION = 64;

export function deviceStateConfOptions(dir: string): DeviceStateConfOptions {
  return { cwd: dir, configName: DEVICE_STATE_CONFIG_NAME, configFileMode: STATE_FILE_MODE, clearInvalidConfig: false };
}

export function defaultDeviceState(): DeviceState {
  return deviceStateSchema.parse({});
}

export function openDeviceStateStore(opts: DeviceStateStoreOptions): DeviceStateStore {
  const logger = opts.logger.child('device-state');
  const file = path.resolve(opts.dir, `${DEVICE_STATE_CONFIG_NAME}.json`);
  const bakFile = backupPathOf(file);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const recovery = recoverDeviceStateFile({ file, logger, mode: STATE_FILE_MODE, now: opts.now ?? Date.now, migrations: opts.migrations });
  const conf = opts.conf ?? (opts.createConf ?? createConf)(deviceStateConfOptions(opts.dir));
  if (path.resolve(conf.path) !== path.resolve(file)) {
    throw new Error(`device state conf writes ${conf.path}, expected ${file}: build it with deviceStateConfOptions()`);
  }
  // The schema reads a non-boolean flag as false (the long back-off) rather than as a corrupt file;
  // said once here, where there is a logger.
  const storedFlag: unknown = conf.store.reachedHub;
  if (storedFlag !== undefined && typeof storedFlag !== 'boolean') logger.warn('stored reachedHub is not a boolean; read as false', { type: typeof storedFlag });
  let state = freezeDeep(normalize(parseDeviceState(conf.store, opts.migrations)));
  let writes = 0;

  const persist = (next: DeviceState): void => {
    if (recreateDirIfMissing(path.dirname(file))) {
      logger.warn('data directory was missing; created it again and rewriting the whole state', { dir: path.dirname(file) });
      opts.onDirectoryRecreated?.();
    }
    const text = JSON.stringify(next, null, '\t');
    // Backup first: if we die while conf replaces the main file, the backup already holds `next`.
    writeFileDurably(bakFile, text, STATE_FILE_MODE);
    conf.store = JSON.parse(text) as Record<string, unknown>;
    fsyncDirectory(path.dirname(file)); // conf renames but does not fsync the directory
    writes++;
  };

  const update: DeviceStateStore['update'] = (patch) => {
    const changes = typeof patch === 'function' ? patch(state) : patch;
    const parsed = deviceStateSchema.safeParse({ ...state, ...changes });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TypeError(`invalid device state update: ${issue?.path.map(String).join('.') ?? ''} ${issue?.message ?? ''}`.trim());
    }
    const next = normalize(parsed.data);
    if (isDeepStrictEqual(next, state)) return state;
    persist(next);
    state = freezeDeep(next);
    return state;
  };

  // Normalised on load too: a value an older build stored unbounded (a 76-character version from
  // the hub) is dropped, with a log line, instead of travelling on to the screen after every start.
  if (state.latestVer !== undefined && state.latestVer.length > MAX_STORED_VERSION) {
    logger.warn('stored latestVer dropped: longer than 64 characters', { length: state.latestVer.length });
    update({ latestVer: undefined });
  }

  return {
    get: () => state,
    update,
    wipeCloudScoped() {
      const defaults = defaultDeviceState();
      const patch: Record<string, unknown> = {};
      for (const field of CLOUD_SCOPED_FIELDS) patch[field] = defaults[field];
      update(patch as Partial<DeviceState>);
      logger.info('cloud-scoped state wiped', { fields: CLOUD_SCOPED_FIELDS });
    },
    rewrite: () => persist(state),
    writeCount: () => writes,
    openedFrom: recovery.source,
    path: file,
  };
}

function createConf(options: DeviceStateConfOptions): ConfLike {
  return new JsonFileConf(options);
}

/** What a reload would return: no `undefined` keys, plain JSON values. */
function normalize(state: DeviceState): DeviceState {
  return JSON.parse(JSON.stringify(state)) as DeviceState;
}

function freezeDeep<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) freezeDeep(item);
  }
  return value;
}
