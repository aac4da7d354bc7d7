// Versioned shape of device-state.json. `schemaVersion` is stored in the file; on load, a file
// of an older version is migrated step by step before zod validation (device-state-file).
export const CURRENT_DEVICE_STATE_VERSION = 1;

type RawState = Record<string, unknown>;
/** `table[n]` turns a version-n object into a version-(n+1) object. Pure; may throw. */
export type DeviceStateMigrations = Readonly<Record<number, (raw: RawState) => RawState>>;

/** Empty while there is only version 1; add `1: (raw) => ({ ...raw, schemaVersion: 2, … })` etc. */
export const deviceStateMigrations: DeviceStateMigrations = {};

export interface MigrationOutcome {
  value: RawState;
  fromVersion: number;
}

/**
 * Brings a parsed file to `current`. A file from a NEWER version (the app was rolled back after
 * an upgrade migrated it) is read as the current version: the upgrade and command records it
 * holds matter more than fields we do not know, and zod drops the unknown ones.
 */
export function migrateDeviceState(
  raw: unknown,
  table: DeviceStateMigrations = deviceStateMigrations,
  current: number = CURRENT_DEVICE_STATE_VERSION,
): MigrationOutcome {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('not a JSON object');
  const fromVersion = readVersion(raw as RawState);
  let value: RawState = { ...(raw as RawState) };
  if (fromVersion > current) return { value: { ...value, schemaVersion: current }, fromVersion };
  for (let version = fromVersion; version < current; version++) {
    const step = table[version];
    if (!step) throw new Error(`no migration from schema version ${version}`);
    value = { ...step(value), schemaVersion: version + 1 };
  }
  return { value, fromVersion };
}

function readVersion(raw: RawState): number {
  // Files written before the field existed are version 1 (the schema's default).
  const version = raw.schemaVersion ?? 1;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new Error('schemaVersion is not a non-negative integer');
  }
  return version;
}
