import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../app/electron/electron-binary';

const pkg = path.resolve('/nm/electron');
const probe = (files: Record<string, string>) => ({
  exists: (f: string) => Object.hasOwn(files, f),
  read: (f: string) => files[f] ?? '',
});

describe('findElectronBinary', () => {
  it('finds dist/<path.txt> when present', () => {
    const files = { [path.join(pkg, 'path.txt')]: 'electron\n', [path.join(pkg, 'dist', 'electron')]: '' };
    expect(findElectronBinary(pkg, {}, probe(files))).toBe(path.join(pkg, 'dist', 'electron'));
  });

  it('is null when the binary was never downloaded (no path.txt)', () => {
    expect(findElectronBinary(pkg, {}, probe({}))).toBeNull();
  });

  it('is null when path.txt exists but the binary does not', () => {
    expect(findElectronBinary(pkg, {}, probe({ [path.join(pkg, 'path.txt')]: 'electron' }))).toBeNull();
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like electron/index.js', () => {
    const dist = path.resolve('/custom/electron');
    const files = { [path.join(dist, 'electron')]: '' };
    expect(findElectronBinary(pkg, { ELECTRON_OVERRIDE_DIST_PATH: dist }, probe(files))).toBe(path.join(dist, 'electron'));
  });
});
