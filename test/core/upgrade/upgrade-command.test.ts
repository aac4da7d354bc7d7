// A → B by `update_firmware` (the customer's consent) against the REAL simulator, a real installer
// script and a real restart (stop, then a new runtime as B on the same data dir).
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor, waitForSeenStatus, waitForStatus } from '../agent/rig';
import {
  deviceReports,
  firmwareBytes,
  readState,
  stagingFiles,
  startAs,
  startOnlineAsA,
  telemetryBodies,
  waitForCommand,
  type UpgradeScene,
} from './helpers';

let scene: UpgradeScene | undefined;
afterEach(async () => {
  await scene?.close();
  scene = undefined;
});

describe('update_firmware command', () => {
  it('A → B: installs, restarts, B confirms, reported via Update Device, command done exactly once', async () => {
    const { rig, installer, restarts, a, id } = (scene = await startOnlineAsA());
    const data = firmwareBytes('B');
    const published = rig.hub.control.publishFirmware({ version: '1.1.0', data });
    // A slow first byte keeps the run visible to the telemetry loop for a moment.
    rig.hub.control.injectFault({ route: 'download', delayMs: 300, times: 1 });
    const commandId = rig.hub.control.enqueueCommand(id, {
      name: 'update_firmware',
      parameters: { url: published.url, version: '1.1.0', checksum: published.checksum },
    });

    await waitFor(() => restarts.count === 1, 'restart requested');
    expect(installer.installedVersion()).toBe('1.1.0');
    expect(installer.installedBytes()?.equals(data)).toBe(true);
    expect(installer.log()).toEqual([expect.stringMatching(/^install .*\/staging\/\S+ 1\.1\.0$/)]);
    expect(stagingFiles(rig.dataDir)).toEqual([]);
    await waitForSeenStatus(a, (s) => s.upgrade.kind === 'in-progress' && s.upgrade.progress.phase === 'restart', 'restart view');
    expect(a.events.some((e) => e.name === 'onUpgradeProgress' && e.payload.phase === 'download')).toBe(true);
    expect(telemetryBodies(rig, id).some((b) => (b.telemetries as Record<string, unknown>).upgrade_phase === 'download')).toBe(true);
    // The command stays in progress across the restart.
    expect((await waitForCommand(rig, id, commandId, 'in_progress')).status).toBe('in_progress');
    await a.stop();
    expect(readState(rig.dataDir).inflightCommand).toMatchObject({ id: commandId, phase: 'awaiting_restart', targetVersion: '1.1.0' });

    const b = await startAs(rig, '1.1.0', installer, restarts);
    await waitForCommand(rig, id, commandId, 'done');
    await waitForStatus(b, (s) => s.upgrade.kind === 'succeeded' && s.upgrade.version === '1.1.0', 'success view');
    await waitFor(() => rig.hub.control.device(id)?.firmware_version === '1.1.0', 'firmware_version reported');
    const ticks = telemetryBodies(rig, id).length;
    await waitFor(() => telemetryBodies(rig, id).length >= ticks + 5, 'more ticks');
    expect(deviceReports(rig, id, commandId, 'done')).toBe(1);
    await b.stop();
    const state = readState(rig.dataDir);
    expect(state.upgrade).toMatchObject({ step: 'commit', toVersion: '1.1.0', reported: true });
    expect(state.inflightCommand).toBeNull();
    expect(state.reportedFirmwareVersion).toBe('1.1.0');
    expect(installer.log()).toHaveLength(1);
    expect(restarts.count).toBe(1);
  });

  it('a tampered file fails with the exact reason: command failed, failure on screen, still A, nothing staged', async () => {
    const { rig, installer, restarts, a, id } = (scene = await startOnlineAsA());
    const data = firmwareBytes('B');
    const tampered = Buffer.from(data);
    tampered[100] = (tampered[100]! + 1) & 0xff;
    const published = rig.hub.control.publishFirmware({ version: '1.1.0', data, servedData: tampered });
    const commandId = rig.hub.control.enqueueCommand(id, { name: 'update_firmware', parameters: { file_id: published.fileId } });

    const command = await waitForCommand(rig, id, commandId, 'failed');
    expect(command.message).toMatch(/^the downloaded file does not match the expected sha256 checksum$/);
    const status = await waitForStatus(a, (s) => s.upgrade.kind === 'failed', 'failure view');
    expect(status.upgrade).toMatchObject({ kind: 'failed', target: '1.1.0', reason: command.message });
    expect(status.versions.app).toBe('1.0.0');
    expect(installer.log()).toEqual([]);
    expect(restarts.count).toBe(0);
    expect(stagingFiles(rig.dataDir)).toEqual([]);
    // Telemetry says error with the reason for one send, then the device is back to online.
    await waitFor(() => telemetryBodies(rig, id).findIndex((b) => b.status === 'error') >= 0, 'error telemetry');
    const bodies = () => telemetryBodies(rig, id);
    const firstError = bodies().findIndex((b) => b.status === 'error');
    expect(bodies()[firstError]?.message).toContain(command.message!);
    await waitFor(() => bodies().length >= firstError + 5, 'more ticks');
    expect(bodies().filter((b) => b.status === 'error')).toHaveLength(1);
    expect(bodies().at(-1)?.status).toBe('online');
    expect(deviceReports(rig, id, commandId, 'failed')).toBe(1);

    await a.stop();
    expect(readState(rig.dataDir).upgrade).toMatchObject({ step: 'failed', code: 'checksum-mismatch', reported: true });
  });

  it('bad parameters fail the command with a clear message and start nothing', async () => {
    const { rig, a, id } = (scene = await startOnlineAsA());
    const commandId = rig.hub.control.enqueueCommand(id, { name: 'update_firmware', parameters: { url: 'http://127.0.0.2:1/x.bin' } });
    const command = await waitForCommand(rig, id, commandId, 'failed');
    expect(command.message).toBe('update_firmware needs "version" together with "url"');
    expect(a.status()?.upgrade.kind).not.toBe('in-progress');
  });
});
