import { describe, expect, it } from 'vitest';
import { loginItemSettingsFor } from '../../app/electron/login-items';

describe('loginItemSettingsFor', () => {
  it.each<[NodeJS.Platform, boolean, { openAtLogin: boolean } | null]>([
    ['win32', true, { openAtLogin: true }],
    ['darwin', true, { openAtLogin: true }],
    ['linux', true, null],
    ['freebsd', true, null],
    ['win32', false, null],
    ['darwin', false, null],
    ['linux', false, null],
  ])('%s packaged=%s → %j', (platform, packaged, expected) => {
    expect(loginItemSettingsFor(platform, packaged)).toEqual(expected);
  });
});
