import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkHardwareKey, installerOption, installerProblem, numberIn, parseInstallerFlag } from '../../app/shells/cli-checks';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

describe('shared CLI checks', () => {
  it('numberIn refuses anything but a plain number in range', () => {
    expect(numberIn('rate-limit', '30', 1, 100, true)).toBe(30);
    expect(numberIn('rate-limit', undefined, 1, 100, true)).toBeUndefined();
    for (const bad of ['abc', '', '1e3', '-1', '0', '101', '2.5', 'Infinity']) {
      expect(() => numberIn('rate-limit', bad, 1, 100, true), bad).toThrow(/--rate-limit must be an integer from 1 to 100/);
    }
  });

  it('a hardware key must be a UUID', () => {
    expect(checkHardwareKey('6F1C2A8E-3B7D-4C1E-9A2F-5D8E7B6C4A10')).toBe('6F1C2A8E-3B7D-4C1E-9A2F-5D8E7B6C4A10');
    expect(() => checkHardwareKey('hk-1')).toThrow(/--hardware-key must be a UUID/);
    expect(() => checkHardwareKey('6f1c2a8e-3b7d-4c1e-9a2f-5d8e7b6c4a1')).toThrow(/must be a UUID/);
  });

  it('--installer: command:<path> or none, passed on as the runtime option', () => {
    expect(parseInstallerFlag(undefined)).toEqual({ kind: 'none' });
    expect(installerOption(parseInstallerFlag('command:/opt/inst.sh'))).toBe('command:/opt/inst.sh');
    expect(() => parseInstallerFlag('command:')).toThrow(/command:<path> or none/);
  });

  it('reports a missing, non-executable or non-file installer script at start', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'xk-cli-'));
    const script = path.join(dir, 'install.sh');
    expect(installerProblem({ kind: 'command', path: script })).toMatch(/does not exist/);
    writeFileSync(script, '#!/bin/sh\nexit 0\n');
    chmodSync(script, 0o644);
    // root may execute anything; the check is only meaningful for ordinary users
    if (process.getuid?.() !== 0) expect(installerProblem({ kind: 'command', path: script })).toMatch(/not executable/);
    chmodSync(script, 0o755);
    expect(installerProblem({ kind: 'command', path: script })).toBeNull();
    expect(installerProblem({ kind: 'command', path: dir })).toMatch(/is not a file/);
    expect(installerProblem({ kind: 'none' })).toBeNull();
  });
});
