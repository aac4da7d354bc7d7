import { describe, expect, it } from 'vitest';
import { createLogger } from '../../app/core/log/logger';
import { createSafeStorageBox, type SafeStorageLike } from '../../app/electron/safe-storage-box';

// A reversible stand-in for the OS keystore (XOR with a key): enough to tell sealed from plain.
function fakeSafeStorage(available: boolean, backend = 'gnome_libsecret'): SafeStorageLike & { setAvailable(v: boolean): void } {
  let on = available;
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  return {
    isEncryptionAvailable: () => on,
    encryptString: (plain) => xor(Buffer.from(plain, 'utf8')),
    decryptString: (encrypted) => xor(encrypted).toString('utf8'),
    getSelectedStorageBackend: () => backend,
    setAvailable: (v) => {
      on = v;
    },
  };
}

function capture() {
  const lines: string[] = [];
  return { logger: createLogger({ write: (l) => lines.push(l) }), lines };
}

const KEY = 'ak_live_0123456789abcdef';

describe('createSafeStorageBox', () => {
  it('seals with safeStorage and opens again; the sealed text does not contain the key', () => {
    const { logger, lines } = capture();
    const box = createSafeStorageBox(fakeSafeStorage(true), logger, 'linux');
    const sealed = box.seal(KEY);
    expect(box.kind).toBe('safeStorage');
    expect(sealed.startsWith('ss1:')).toBe(true);
    expect(sealed).not.toContain(KEY);
    expect(box.open(sealed)).toBe(KEY);
    expect(lines).toEqual([]);
  });

  it('falls back to an unencrypted value with a warning, under the same kind', () => {
    const { logger, lines } = capture();
    const box = createSafeStorageBox(fakeSafeStorage(false), logger, 'linux');
    const sealed = box.seal(KEY);
    expect(box.kind).toBe('safeStorage');
    expect(sealed.startsWith('plain1:')).toBe(true);
    expect(box.open(sealed)).toBe(KEY);
    expect(lines.join('\n')).toMatch(/safeStorage unavailable/);
    expect(lines.join('\n')).not.toContain(KEY);
  });

  it('opens a fallback value later when encryption became available', () => {
    const storage = fakeSafeStorage(false);
    const sealed = createSafeStorageBox(storage, capture().logger).seal(KEY);
    storage.setAvailable(true);
    expect(createSafeStorageBox(storage, capture().logger).open(sealed)).toBe(KEY);
  });

  it('throws (never returns junk) when an encrypted value cannot be opened now', () => {
    const storage = fakeSafeStorage(true);
    const sealed = createSafeStorageBox(storage, capture().logger).seal(KEY);
    storage.setAvailable(false);
    const box = createSafeStorageBox(storage, capture().logger);
    expect(() => box.open(sealed)).toThrow(/not available/);
    expect(() => box.open('garbage')).toThrow(/unknown format/);
  });

  it('warns about the basic_text backend on Linux', () => {
    const { logger, lines } = capture();
    createSafeStorageBox(fakeSafeStorage(true, 'basic_text'), logger, 'linux');
    expect(lines.join('\n')).toMatch(/basic_text/);
  });
});
