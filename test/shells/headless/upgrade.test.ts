// The headless runner upgrades itself for real: `--installer command:<script>`, an update_firmware
// command, exit code 75 (restart requested), started again as the new version (what a supervisor
// does) → confirmed by its first telemetry (no screen), reported, command done.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_HARDWARE_KEY, startHub } from '../../hub/index';
import type { HubHandle } from '../../hub/types';
import { waitFor } from '../../core/agent/fake-clock';
import { createInstallerScript, firmwareBytes, type InstallerScript } from '../../core/upgrade/helpers';
import { spawnHeadlessAgent, type AgentProcess } from './agent-process';

let hub: HubHandle | null = null;
let installer: InstallerScript | null = null;
let dataDir = '';

afterEach(async () => {
  await hub?.close();
  installer?.cleanup();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function runAgent(version: string, sn: string): AgentProcess {
  return spawnHeadlessAgent([
    '--entry-url', hub!.entryUrl,
    '--data-dir', dataDir,
    '--telemetry-interval', '1',
    '--hardware-key', DEMO_HARDWARE_KEY,
    '--sn', sn,
    '--cloud-id', `XKSKupgrade${process.pid}`.padEnd(24, '0').slice(0, 24),
    '--firmware-version', version,
    '--installer', installer!.option,
  ]);
}

describe('headless runner upgrade', () => {
  it('installs, exits 75, runs again as B: confirmed, reported, command done', async () => {
    hub = await startHub({});
    installer = createInstallerScript();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'xk-headless-upgrade-'));
    const sn = `SN-HL-UPGRADE-${process.pid}`;
    const first = runAgent('1.0.0', sn);
    try {
      const device = await waitFor(() => hub!.control.findDevice({ sn }), 'registration', 20_000);
      const published = hub.control.publishFirmware({ version: '1.1.0', data: firmwareBytes('B') });
      const commandId = hub.control.enqueueCommand(device.id, { name: 'update_firmware', parameters: { file_id: published.fileId, version: '1.1.0' } });
      expect(await first.exited).toBe(75);
      expect(installer.installedVersion()).toBe('1.1.0');
      expect(hub.control.commands(device.id).find((c) => c.id === commandId)?.status).toBe('in_progress');

      const second = runAgent('1.1.0', sn);
      try {
        await waitFor(() => hub!.control.commands(device.id).find((c) => c.id === commandId)?.status === 'done', 'command done', 20_000);
        await waitFor(() => hub!.control.device(device.id)?.firmware_version === '1.1.0', 'firmware_version 1.1.0', 20_000);
      } finally {
        await second.stop();
      }
    } finally {
      await first.stop();
    }
  }, 60_000);
});
