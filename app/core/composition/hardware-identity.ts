// Who this machine is (hardware_key, sn, cloud_id | mac): as configured (flags, else the device
// file: configuredHardware), else what was persisted; whatever is still missing is generated ONCE and persisted,
// so the identity survives restarts and the 401 wipe (docs/PROTOCOL.md#unauthorized).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Random } from '../deps';
import { silentLogger, type Logger } from '../log/logger';
import { StateCorruptError } from '../state/errors';
import type { HardwareIdentity } from '../state/schema';
import type { DeviceFile } from './device-file';

export interface HardwareOptions {
  hardwareKey?: string | undefined;
  sn?: string | undefined;
  cloudId?: string | undefined;
  mac?: string | undefined;
  name?: string | undefined;
}

/** The hardware fields configured for this machine: flags win over the device file. */
export function configuredHardware(flags: HardwareOptions, file: DeviceFile): Omit<HardwareOptions, 'name'> {
  return {
    hardwareKey: flags.hardwareKey ?? file.hardware_key,
    sn: flags.sn ?? file.sn,
    cloudId: flags.cloudId ?? file.cloud_id,
    mac: flags.mac ?? file.mac,
  };
}

export interface HardwareStore {
  loadHardware(): HardwareIdentity | null;
  saveHardware(hardware: HardwareIdentity): void;
}

/** Partner short code for generated Cloud IDs ("XKSK" + 20 random letters/digits). */
export const GENERATED_CLOUD_ID_PREFIX = 'XKSK';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function resolveHardwareIdentity(
  store: HardwareStore,
  configured: Omit<HardwareOptions, 'name'>,
  random: Random,
  readMachineId: () => string | null = readLinuxMachineId,
  logger: Logger = silentLogger,
): HardwareIdentity {
  const saved = loadOrRecover(store, configured, logger);
  // A configured MAC means the MAC+SN method: a configured one wins over a persisted Cloud ID.
  const configuredMac = configured.mac;
  const configuredCloudId = configured.cloudId;
  const method = configuredCloudId ? 'cloud' : configuredMac ? 'mac' : saved?.cloudId ? 'cloud' : saved?.mac ? 'mac' : 'cloud';
  const resolved: HardwareIdentity = {
    hardwareKey: configured.hardwareKey ?? saved?.hardwareKey ?? generateUuid(random),
    sn: configured.sn ?? saved?.sn ?? generateSerial(readMachineId, random),
    ...(method === 'cloud'
      ? { cloudId: configuredCloudId ?? saved?.cloudId ?? generateCloudId(random) }
      : { mac: (configuredMac ?? saved?.mac ?? '').toLowerCase() }),
  };
  if (!saved || JSON.stringify(saved) !== JSON.stringify(resolved)) store.saveHardware(resolved);
  return resolved;
}

/**
 * The persisted identity, or null when there is none — and also when the file AND its backup are
 * garbage: then the identity is rebuilt from the flags / device file (what is still missing is
 * generated), the recovery is logged, and the agent keeps running. Refusing to start would only
 * make a supervisor restart us into the same failure forever.
 */
function loadOrRecover(store: HardwareStore, configured: Omit<HardwareOptions, 'name'>, logger: Logger): HardwareIdentity | null {
  try {
    return store.loadHardware();
  } catch (error) {
    if (!(error instanceof StateCorruptError)) throw error;
    const given = Object.entries(configured).filter(([, value]) => value !== undefined).map(([key]) => key);
    logger.error('hardware identity file and its backup are unusable; rebuilding it from the flags and the device file', {
      file: error.path,
      problem: error.problem,
      backupProblem: error.backupProblem,
      configured: given,
    });
    return null;
  }
}

export function generateCloudId(random: Random): string {
  let id = GENERATED_CLOUD_ID_PREFIX;
  for (let i = 0; i < 20; i++) id += ALNUM[Math.floor(random() * ALNUM.length)] ?? 'X';
  return id;
}

/** A version-4 UUID from the injected random source. */
export function generateUuid(random: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** Stable per machine: a hash of /etc/machine-id (never the raw id, which is private). */
export function generateSerial(readMachineId: () => string | null, random: Random): string {
  const machineId = readMachineId();
  const seed = machineId ?? generateUuid(random);
  return `XK-${createHash('sha256').update(`xyte-kiosk:${seed}`).digest('hex').slice(0, 16).toUpperCase()}`;
}

export function readLinuxMachineId(): string | null {
  for (const file of ['/etc/machine-id', '/var/lib/dbus/machine-id']) {
    try {
      const id = readFileSync(file, 'utf8').trim();
      if (id) return id;
    } catch {
      // try the next location
    }
  }
  return null;
}
