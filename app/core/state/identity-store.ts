// Credentials and hardware identity on disk (docs/PROTOCOL.md#unauthorized, docs/ARCHITECTURE.md#persistence). Two files, because a 401 wipes
// the credentials but must keep who the machine is (sn, mac, cloud_id, hardware_key).
import path from 'node:path';
import type { Logger } from '../log/logger';
import * as z from '../zod-mini';
import { openDurableFile } from './durable-file';
import { SecretBoxError } from './errors';
import { hardwareIdentitySchema, identitySchema, type HardwareIdentity, type Identity } from './schema';
import { plainSecretBox, sealedSecretSchema, sealSecret, type SecretBox } from './secret-box';

export { plainSecretBox, type SecretBox } from './secret-box';

export interface IdentityStore {
  /** Access key opened through the SecretBox. Throws SecretBoxError / StateCorruptError. */
  load(): Identity | null;
  /** Durable, mode 0600, access key sealed. */
  save(identity: Identity): void;
  /** Removes credentials (keeps the hardware identity file). */
  wipe(): void;
  loadHardware(): HardwareIdentity | null;
  saveHardware(hw: HardwareIdentity): void;
}

export interface IdentityStoreOptions {
  dir: string;
  logger: Logger;
  secretBox?: SecretBox | undefined;
  /** A write found the data directory deleted and created it again (see durable-file). */
  onDirectoryRecreated?: (() => void) | undefined;
}

export const IDENTITY_FILE = 'identity.json';
export const HARDWARE_FILE = 'hardware-identity.json';
const SECRET_FILE_MODE = 0o600;

const storedIdentitySchema = z.extend(identitySchema, { accessKey: sealedSecretSchema });

export function openIdentityStore(opts: IdentityStoreOptions): IdentityStore {
  const logger = opts.logger.child('identity');
  const box = opts.secretBox ?? plainSecretBox;
  const identityPath = path.join(opts.dir, IDENTITY_FILE);
  const recreated = opts.onDirectoryRecreated ? { onDirectoryRecreated: opts.onDirectoryRecreated } : {};
  const credentials = openDurableFile({ path: identityPath, schema: storedIdentitySchema, logger, mode: SECRET_FILE_MODE, ...recreated });
  const hardware = openDurableFile({
    path: path.join(opts.dir, HARDWARE_FILE),
    schema: hardwareIdentitySchema,
    logger,
    mode: SECRET_FILE_MODE,
    ...recreated,
  });

  return {
    load() {
      const stored = credentials.read();
      if (!stored) return null;
      const { sealed, box: kind } = stored.accessKey;
      if (kind !== box.kind) {
        throw new SecretBoxError(identityPath, box.kind, kind, `it was sealed by the "${kind}" secret box but this process uses "${box.kind}"`);
      }
      return { ...stored, accessKey: openSealed(sealed) };
    },
    save(identity) {
      const plain = identitySchema.parse(identity);
      credentials.write({ ...plain, accessKey: sealSecret(box, plain.accessKey) });
      logger.info('identity saved', { deviceId: plain.deviceId, box: box.kind });
    },
    wipe() {
      credentials.remove();
      logger.warn('credentials wiped; hardware identity kept');
    },
    loadHardware: () => hardware.read(),
    saveHardware: (hw) => hardware.write(hardwareIdentitySchema.parse(hw)),
  };

  function openSealed(sealed: string): string {
    let plain: string;
    try {
      plain = box.open(sealed);
    } catch (error) {
      const detail = error instanceof Error ? error.name : 'unknown error';
      throw new SecretBoxError(identityPath, box.kind, box.kind, `the "${box.kind}" secret box failed to open it (${detail})`);
    }
    if (!plain) throw new SecretBoxError(identityPath, box.kind, box.kind, `the "${box.kind}" secret box returned an empty key`);
    return plain;
  }
}
