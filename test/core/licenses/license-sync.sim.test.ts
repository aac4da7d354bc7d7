// The license loop against the hub simulator: signed add, tampered add, remove; and expiry by the
// hub's clock when the kiosk clock disagrees.
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { activeLicenses } from '../../../app/core/licenses/license-clock';
import { syncLicenses } from '../../../app/core/licenses/license-sync';
import { silentLogger } from '../../../app/core/log/logger';
import { startSimDevice, type SimDevice } from '../config/sim-device';
import { createMemoryStateStore } from '../support/memory-state-store';

let device: SimDevice | undefined;
afterEach(() => device?.close());

describe('license sync against the simulator', () => {
  it('applies signed licenses, refuses a tampered one, removes on request', async () => {
    device = await startSimDevice();
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signature = (data: string) => sign('sha256', Buffer.from(data), privateKey).toString('base64');
    const { control } = device.sim;
    const good = control.enqueueLicense(device.deviceId, { action: 'add', data: 'seat-1', signature: signature('seat-1'), expiresAt: '2099-01-01T00:00:00Z' });
    const tampered = control.enqueueLicense(device.deviceId, { action: 'add', data: 'seat-unlimited', signature: signature('seat-1') });
    const state = createMemoryStateStore();
    const clock = { now: () => Date.now(), sleep: async () => {} };
    const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

    const first = await syncLicenses({ hub: device.hub, state, logger: silentLogger, publicKeyPem, clock });

    expect(first.processed).toBe(2);
    expect(control.licenses(device.deviceId).map((l) => [l.id, l.state, l.error])).toEqual([
      [good, 'inuse', null],
      [tampered, 'error', 'license signature invalid'],
    ]);
    expect(state.get().licenses.map((l) => l.id)).toEqual([good]);

    control.enqueueLicense(device.deviceId, { action: 'remove', data: '', licenseId: good });
    await syncLicenses({ hub: device.hub, state, logger: silentLogger, publicKeyPem, clock });
    expect(state.get().licenses).toEqual([]);
    expect(control.licenses(device.deviceId).at(-1)?.state).toBe('removed');
  });

  it('expires by the hub clock, not the kiosk clock', async () => {
    const hubNow = Date.parse('2024-06-01T00:00:00Z');
    device = await startSimDevice({ now: () => hubNow });
    device.sim.control.enqueueLicense(device.deviceId, { action: 'add', data: 'x', expiresAt: '2024-07-01T00:00:00Z' });
    const kioskNow = Date.parse('2024-09-01T00:00:00Z'); // RTC far ahead
    const state = createMemoryStateStore();
    const result = await syncLicenses({ hub: device.hub, state, logger: silentLogger, clock: { now: () => kioskNow, sleep: async () => {} } });

    expect(result.serverOffsetMs).toBe(hubNow - kioskNow);
    expect(activeLicenses(state.get().licenses, kioskNow, result.serverOffsetMs)).toHaveLength(1);
    expect(activeLicenses(state.get().licenses, kioskNow, null)).toHaveLength(0);
  });
});
