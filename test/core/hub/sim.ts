// Starts the real hub simulator (test/hub) and registers one device through the entry client, so
// contract tests begin from a realistic state.
import { randomUUID } from 'node:crypto';
import { createEntryClient, createHubClient, type EntryClient, type HubClient, type Registration } from '../../../app/core/hub';
import { startHub } from '../../hub';
import type { HubHandle, StartHubOptions } from '../../hub/types';

export const HARDWARE_KEY = '6f1c2a9e-7b3d-48e2-a6c4-b1d0e9f8a7b6';

export interface SimDevice {
  sim: HubHandle;
  entry: EntryClient;
  hub: HubClient;
  registration: Registration;
}

let serial = 0;

export function newDeviceBody(): { hardware_key: string; sn: string; firmware_version: string; cloud_id: string; name: string } {
  serial += 1;
  return {
    hardware_key: HARDWARE_KEY,
    sn: `SN-${serial}`,
    firmware_version: '1.0.0',
    cloud_id: `5bPj${randomUUID().replace(/-/g, '').slice(0, 24)}`,
    name: `kiosk ${serial}`,
  };
}

export async function startWithDevice(options: StartHubOptions = {}, timeoutMs = 5_000): Promise<SimDevice> {
  const sim = await startHub({ ...options, hardwareKeys: [HARDWARE_KEY, ...(options.hardwareKeys ?? [])] });
  const entry = createEntryClient({ entryUrl: sim.entryUrl, timeoutMs });
  const registration = await entry.registerDevice(newDeviceBody());
  const hub = createHubClient({ hubUrl: registration.hub_url, deviceId: registration.id, accessKey: registration.access_key, timeoutMs });
  return { sim, entry, hub, registration };
}
