// Installer choice and policy as the runtime builds them for the firmware pipeline.
import { describe, expect, it } from 'vitest';
import { MIN_FREE_FLOOR_BYTES, policyFrom, resolveInstaller } from '../../../app/core/upgrade/firmware-wiring';
import { parseDeviceConfig } from '../../../app/core/config/device-config';

const node = { platform: 'linux' as const, appImage: undefined, execPath: '/usr/bin/node', electron: false };

describe('resolveInstaller', () => {
  it.each([
    ['auto', node, { kind: 'none', why: expect.stringMatching(/packaged app/) }],
    ['', node, { kind: 'none', why: expect.stringMatching(/packaged app/) }],
    ['auto', { ...node, electron: true, execPath: '/opt/Xyte Kiosk/xyte-kiosk' }, { kind: 'deb' }],
    ['auto', { ...node, electron: true, appImage: '/home/k/Kiosk.AppImage' }, { kind: 'appimage', target: '/home/k/Kiosk.AppImage' }],
    ['command:/usr/local/bin/install-kiosk', node, { kind: 'command', path: '/usr/local/bin/install-kiosk' }],
    ['none', { ...node, electron: true }, { kind: 'none', why: expect.stringMatching(/disabled/) }],
  ] as const)('%s → %o', (configured, env, expected) => {
    expect(resolveInstaller(configured, env)).toEqual(expected);
  });
});

describe('policyFrom', () => {
  const config = (raw: unknown) => {
    const parsed = parseDeviceConfig(raw);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.config;
  };

  it('maps the applied config; free space is twice the file, at least the floor', () => {
    const policy = policyFrom(config({ upgrade: { max_size_mb: 10, allow_unverified: true } }), 300 * 1024 * 1024);
    expect(policy).toEqual({ maxBytes: 10 * 1024 * 1024, allowUnverified: true, idleTimeoutMs: 30_000, minFreeBytes: 600 * 1024 * 1024 });
    expect(policyFrom(config({}), null)).toMatchObject({ maxBytes: 2048 * 1024 * 1024, allowUnverified: false, minFreeBytes: MIN_FREE_FLOOR_BYTES });
    expect(policyFrom(config({}), 1024).minFreeBytes).toBe(MIN_FREE_FLOOR_BYTES);
  });
});
