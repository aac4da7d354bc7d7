import { generateKeyPairSync, sign } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { syncLicenses, type LicenseSyncOptions } from '../../../app/core/licenses/license-sync';
import { silentLogger } from '../../../app/core/log/logger';
import { createFakeHubClient, transientError, type FakeHubClient } from '../support/fake-hub-client';
import { createMemoryStateStore, type MemoryStateStore } from '../support/memory-state-store';

const LOCAL_NOW = Date.UTC(2024, 3, 7, 12);
let keys: { publicPem: string; privatePem: string };
let hub: FakeHubClient;
let state: MemoryStateStore;
let emitted: number;

beforeAll(() => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  keys = {
    publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
});

beforeEach(() => {
  hub = createFakeHubClient({ serverNow: () => LOCAL_NOW });
  state = createMemoryStateStore();
  emitted = 0;
});

function signData(data: string): string {
  return sign('sha256', Buffer.from(data), keys.privatePem).toString('base64');
}

function options(extra: Partial<LicenseSyncOptions> = {}): LicenseSyncOptions {
  return { hub, state, logger: silentLogger, clock: { now: () => LOCAL_NOW, sleep: async () => {} }, emit: () => emitted++, ...extra };
}

describe('syncLicenses', () => {
  it('adds, updates and removes sequentially, persisting before reporting', async () => {
    hub.enqueueLicense({ id: 'l1', data: 'seat-1', action: 'add', expires_at: '2024-05-07T23:59:59Z' });
    hub.enqueueLicense({ id: 'l2', data: 'seat-2', action: 'add' });
    hub.enqueueLicense({ id: 'l1', data: 'seat-1', action: 'update', expires_at: '2024-06-07T23:59:59Z' });
    hub.enqueueLicense({ id: 'l2', data: '', action: 'remove' });
    const persistedAtReport: number[] = [];
    const original = hub.updateLicense.bind(hub);
    hub.updateLicense = async (body) => {
      persistedAtReport.push(state.reopen().get().licenses.length);
      return original(body);
    };

    const result = await syncLicenses(options());

    expect(result).toEqual({ processed: 4, serverOffsetMs: 0 });
    expect(hub.licenseReports).toEqual([
      { id: 'l1', state: 'inuse' },
      { id: 'l2', state: 'inuse' },
      { id: 'l1', state: 'inuse' },
      { id: 'l2', state: 'removed' },
    ]);
    expect(persistedAtReport).toEqual([1, 2, 2, 1]);
    expect(state.get().licenses).toEqual([{ id: 'l1', data: 'seat-1', expiresAt: '2024-06-07T23:59:59Z', addedAt: new Date(LOCAL_NOW).toISOString() }]);
    expect(emitted).toBe(4);
  });

  it('verifies signatures when a key is configured: a tampered license is refused with state error', async () => {
    hub.enqueueLicense({ id: 'good', data: 'seat-1', signature: signData('seat-1'), action: 'add' });
    hub.enqueueLicense({ id: 'tampered', data: 'seat-999', signature: signData('seat-1'), action: 'add' });
    hub.enqueueLicense({ id: 'unsigned', data: 'seat-2', action: 'add' });
    hub.enqueueLicense({ id: 'garbage', data: 'seat-3', signature: '!!not base64!!', action: 'add' });

    await syncLicenses(options({ publicKeyPem: keys.publicPem }));

    expect(hub.licenseReports).toEqual([
      { id: 'good', state: 'inuse' },
      { id: 'tampered', state: 'error', error: 'license signature invalid' },
      { id: 'unsigned', state: 'error', error: 'license signature missing' },
      { id: 'garbage', state: 'error', error: 'license signature invalid' },
    ]);
    expect(state.get().licenses.map((l) => l.id)).toEqual(['good']);
  });

  it('refuses a license already expired by server time even when the local clock says otherwise', async () => {
    // The kiosk's clock is a month behind; the hub's current_time is the truth.
    hub.serverNow = () => Date.UTC(2024, 5, 1);
    hub.enqueueLicense({ id: 'old', data: 'x', action: 'add', expires_at: '2024-05-01T00:00:00Z' });
    const result = await syncLicenses(options());
    expect(result.serverOffsetMs).toBe(Date.UTC(2024, 5, 1) - LOCAL_NOW);
    expect(hub.licenseReports).toEqual([{ id: 'old', state: 'error', error: 'license expired at 2024-05-01T00:00:00Z (server time)' }]);
    expect(state.get().licenses).toEqual([]);
  });

  it('stops at nothing pending and is bounded per call', async () => {
    expect(await syncLicenses(options())).toEqual({ processed: 0, serverOffsetMs: null });
    let n = 0;
    hub.getLicense = async () => ({ id: `l${++n}`, data: 'x', action: 'add' });
    hub.updateLicense = async () => {};
    expect((await syncLicenses(options({ maxPerSync: 7 }))).processed).toBe(7);
  });

  it('a failed report leaves the change applied; replaying it is harmless', async () => {
    hub.enqueueLicense({ id: 'l1', data: 'seat-1', action: 'add' });
    hub.failNext('updateLicense', transientError('updateLicense'));
    await expect(syncLicenses(options())).rejects.toMatchObject({ kind: 'transient' });
    expect(state.get().licenses.map((l) => l.id)).toEqual(['l1']);
    const writes = state.writeCount();
    await syncLicenses(options());
    expect(hub.licenseReports).toEqual([{ id: 'l1', state: 'inuse' }]);
    expect(state.writeCount()).toBe(writes);
  });

  it('reports an unknown action as an error without touching the active set', async () => {
    hub.licenses.push({ id: 'l1', data: 'x', action: 'disable' as 'add' });
    await syncLicenses(options());
    expect(hub.licenseReports).toEqual([{ id: 'l1', state: 'error', error: 'unsupported license action "disable"' }]);
  });
});
