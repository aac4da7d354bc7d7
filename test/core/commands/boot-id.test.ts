import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readBootId } from '../../../app/core/commands/boot-id';

describe('readBootId', () => {
  it('uses the kernel boot id when there is one', () => {
    expect(readBootId({ readFile: () => 'c0ffee00-1111-2222-3333-444455556666\n' })).toBe('c0ffee00-1111-2222-3333-444455556666');
  });

  it('falls back to a rounded boot time that is stable across reads', () => {
    const noProc = () => {
      throw new Error('ENOENT');
    };
    const bootAt = Date.UTC(2024, 0, 1, 8, 0, 0);
    const first = readBootId({ readFile: noProc, now: () => bootAt + 3_600_000, uptimeSec: () => 3600 });
    const later = readBootId({ readFile: noProc, now: () => bootAt + 7_200_400, uptimeSec: () => 7200 });
    expect(first).toBe('boot-2024-01-01T08:00:00.000Z');
    expect(later).toBe(first);
    const nextBoot = readBootId({ readFile: noProc, now: () => bootAt + 7_200_000, uptimeSec: () => 60 });
    expect(nextBoot).not.toBe(first);
  });

  it('reads the real machine without throwing', () => {
    const id = readBootId();
    expect(id.length).toBeGreaterThan(0);
    if (fs.existsSync('/proc/sys/kernel/random/boot_id')) expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
