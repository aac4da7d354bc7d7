import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretBoxError } from '../../../app/core/state/errors';
import { HARDWARE_FILE, IDENTITY_FILE, openIdentityStore, plainSecretBox, type SecretBox } from '../../../app/core/state/identity-store';
import type { HardwareIdentity, Identity } from '../../../app/core/state/schema';
import { fileMode, makeTempDir, recordingLogger, removeDir } from './helpers';

const ACCESS_KEY = '2300742898f3ddc0e62e087ddc4a368c';
const identity: Identity = {
  deviceId: 'd8083a34-1111-2222-3333-444455556666',
  accessKey: ACCESS_KEY,
  hubUrl: 'http://127.0.0.1:4000',
  registeredAt: '2025-01-01T00:00:00.000Z',
};
const hardware: HardwareIdentity = { hardwareKey: 'hw-key-1', sn: 'SN-0001', mac: '00:11:22:33:44:55', cloudId: 'CLOUD1' };

/** A real cipher, standing in for Electron's safeStorage. */
function testBox(kind = 'test-aes'): SecretBox {
  const key = randomBytes(32);
  return {
    kind,
    seal(plain) {
      const iv = randomBytes(16);
      const cipher = createCipheriv('aes-256-cbc', key, iv);
      return Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
    },
    open(sealed) {
      const data = Buffer.from(sealed, 'base64');
      const decipher = createDecipheriv('aes-256-cbc', key, data.subarray(0, 16));
      return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString('utf8');
    },
  };
}

let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => removeDir(dir));

describe('identity store', () => {
  it('saves and loads the identity, with mode 0600', () => {
    openIdentityStore({ dir, logger: recordingLogger() }).save(identity);
    const store = openIdentityStore({ dir, logger: recordingLogger() });
    expect(store.load()).toEqual(identity);
    expect(fileMode(path.join(dir, IDENTITY_FILE))).toBe(0o600);
  });

  it('stores the access key sealed as { sealed, box }', () => {
    openIdentityStore({ dir, logger: recordingLogger(), secretBox: plainSecretBox }).save(identity);
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, IDENTITY_FILE), 'utf8'));
    expect(onDisk.accessKey).toEqual({ sealed: Buffer.from(ACCESS_KEY).toString('base64'), box: 'plain' });
  });

  it('wipe() removes the credentials but keeps the hardware identity', () => {
    const store = openIdentityStore({ dir, logger: recordingLogger() });
    store.saveHardware(hardware);
    store.save(identity);
    store.save({ ...identity, hubUrl: 'http://127.0.0.1:4001' }); // creates a .bak too
    store.wipe();
    const reopened = openIdentityStore({ dir, logger: recordingLogger() });
    expect(reopened.load()).toBeNull();
    expect(reopened.loadHardware()).toEqual(hardware);
    expect(fileMode(path.join(dir, HARDWARE_FILE))).toBe(0o600);
    expect(fs.readdirSync(dir).filter((name) => name.startsWith('identity'))).toEqual([]);
  });

  it('returns null for hardware identity that was never saved', () => {
    expect(openIdentityStore({ dir, logger: recordingLogger() }).loadHardware()).toBeNull();
  });

  it('really uses the SecretBox: the plain key is nowhere on disk or in the logs', () => {
    const box = testBox();
    const logger = recordingLogger();
    const store = openIdentityStore({ dir, logger, secretBox: box });
    store.save(identity);
    store.save({ ...identity, registeredAt: '2025-01-02T00:00:00.000Z' });
    for (const name of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      expect(text).not.toContain(ACCESS_KEY);
      expect(text).not.toContain(Buffer.from(ACCESS_KEY).toString('base64'));
    }
    expect(JSON.parse(fs.readFileSync(path.join(dir, IDENTITY_FILE), 'utf8')).accessKey.box).toBe('test-aes');
    expect(openIdentityStore({ dir, logger, secretBox: box }).load()?.accessKey).toBe(ACCESS_KEY);
    expect(JSON.stringify(logger.recent())).not.toContain(ACCESS_KEY);
  });

  it('gives a clear error when the file was sealed by another box kind', () => {
    openIdentityStore({ dir, logger: recordingLogger(), secretBox: plainSecretBox }).save(identity);
    const store = openIdentityStore({ dir, logger: recordingLogger(), secretBox: testBox('safe-storage') });
    let caught: unknown;
    try {
      store.load();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SecretBoxError);
    const error = caught as SecretBoxError;
    expect(error.message).toMatch(/sealed by the "plain" secret box but this process uses "safe-storage"/);
    expect(error.message).toContain(IDENTITY_FILE);
    expect(error).toMatchObject({ expectedKind: 'safe-storage', foundKind: 'plain' });
    expect(error.message).not.toContain(ACCESS_KEY);
  });

  it('gives a clear error when the box cannot open the sealed key, and keeps the file', () => {
    openIdentityStore({ dir, logger: recordingLogger(), secretBox: testBox('os-keychain') }).save(identity);
    // same kind, different key: like a keychain that was reset
    const store = openIdentityStore({ dir, logger: recordingLogger(), secretBox: testBox('os-keychain') });
    expect(() => store.load()).toThrow(SecretBoxError);
    expect(() => store.load()).toThrow(/failed to open it/);
    expect(fs.existsSync(path.join(dir, IDENTITY_FILE))).toBe(true);
  });

  it('refuses to save an invalid identity and keeps the stored one', () => {
    const store = openIdentityStore({ dir, logger: recordingLogger() });
    store.save(identity);
    expect(() => store.save({ ...identity, accessKey: '' })).toThrow();
    expect(store.load()).toEqual(identity);
  });

  it('restores a truncated identity file from its backup', () => {
    const store = openIdentityStore({ dir, logger: recordingLogger() });
    store.save(identity);
    store.save({ ...identity, registeredAt: '2025-01-02T00:00:00.000Z' });
    fs.truncateSync(path.join(dir, IDENTITY_FILE), 20);
    expect(openIdentityStore({ dir, logger: recordingLogger() }).load()).toEqual(identity);
  });
});
