// A running hub simulator with one seeded device and the real hub client for it, for the
// simulator-backed tests of config, commands and licenses. Closed by the caller.
import { randomUUID } from 'node:crypto';
import { createHubClient, type HubClient } from '../../../app/core/hub';
import { startHub, type HubHandle, type StartHubOptions } from '../../hub';

export interface SimDevice {
  sim: HubHandle;
  hub: HubClient;
  deviceId: string;
  accessKey: string;
  close(): Promise<void>;
}

export async function startSimDevice(options: StartHubOptions = {}): Promise<SimDevice> {
  const deviceId = randomUUID();
  const accessKey = randomUUID().replace(/-/g, '');
  const sim = await startHub({
    ...options,
    seed: { devices: [{ id: deviceId, access_key: accessKey, hardware_key: '3f2b8a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', sn: 'SN-SIM-1', firmware_version: '1.0.0' }] },
  });
  const hub = createHubClient({ hubUrl: sim.hubUrl, deviceId, accessKey, timeoutMs: 5_000 });
  return { sim, hub, deviceId, accessKey, close: () => sim.close() };
}
