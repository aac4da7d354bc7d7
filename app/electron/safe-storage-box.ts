// The access key at rest is encrypted with the OS keystore through Electron's safeStorage
// (docs/ARCHITECTURE.md#persistence). Written against a structural safeStorage-like parameter so it is tested in Node;
// main.ts passes the real `safeStorage` after 'ready' (it is unusable before).
import type { Logger } from '../core/log/logger';

/** Same shape as the core's SecretBox (app/core/state/identity-store). */
export interface SafeStorageSecretBox {
  readonly kind: string;
  seal(plain: string): string;
  open(sealed: string): string;
}

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means a hard-coded key, i.e. obfuscation rather than protection. */
  getSelectedStorageBackend?(): string;
}

const SEALED = 'ss1:';
const PLAIN = 'plain1:';

export function createSafeStorageBox(safeStorage: SafeStorageLike, logger: Logger, platform: NodeJS.Platform = process.platform): SafeStorageSecretBox {
  const available = safeStorage.isEncryptionAvailable();
  if (!available) {
    // No keyring (e.g. a bare X session without a secret service): keep working — a kiosk that
    // cannot register is worse — and say so loudly. The file itself stays mode 0600 in the core.
    logger.warn('safeStorage unavailable: the access key is stored unencrypted (file permissions only)');
  } else if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
    logger.warn('safeStorage uses the basic_text backend: the access key is only obfuscated');
  }
  return {
    // The kind stays 'safeStorage' even in the fallback: the core refuses values sealed by another
    // kind, and a keyring that is missing at one boot must not lock the device out at the next.
    // Each value carries its own prefix (ss1: encrypted, plain1: fallback), so open() knows.
    kind: 'safeStorage',
    seal(plain) {
      if (available) return SEALED + safeStorage.encryptString(plain).toString('base64');
      return PLAIN + Buffer.from(plain, 'utf8').toString('base64');
    },
    open(sealed) {
      if (sealed.startsWith(SEALED)) {
        // Throwing (instead of returning junk) lets the identity store keep the sealed value and
        // retry later, e.g. when the keyring unlocks after login — never a reason to re-register.
        if (!safeStorage.isEncryptionAvailable()) throw new Error('safeStorage is not available to open the sealed secret');
        return safeStorage.decryptString(Buffer.from(sealed.slice(SEALED.length), 'base64'));
      }
      if (sealed.startsWith(PLAIN)) return Buffer.from(sealed.slice(PLAIN.length), 'base64').toString('utf8');
      throw new Error('sealed secret has an unknown format');
    },
  };
}
