// A → B from the "new version available" notice (docs/PROTOCOL.md#firmware-notice): accepted on screen, started by the
// `auto` policy inside its window, refused during maintenance, silent with policy `off`.
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../app/core/deps';
import { waitFor, waitForStatus, waitOnline } from '../agent/rig';
import { firmwareBytes, readState, startAs, startOnlineAsA, telemetryBodies, waitForCommand, type UpgradeScene } from './helpers';

let scene: UpgradeScene | undefined;
afterEach(async () => {
  await scene?.close();
  scene = undefined;
});

const noticeFor = (version: string) => (s: { upgrade: { kind: string; available?: string } }) => s.upgrade.kind === 'notice' && s.upgrade.available === version;

describe('upgrade from the notice', () => {
  it('A → B: notice, accept, install, restart as B, confirmed after a heartbeat, reported, committed', async () => {
    const { rig, installer, restarts, a, id } = (scene = await startOnlineAsA());
    expect(await a.runtime.handlers.acceptUpgrade({ version: '1.1.0' })).toMatchObject({ ok: false });
    rig.hub.control.publishFirmware({ version: '1.1.0', data: firmwareBytes('B') });
    await waitForStatus(a, noticeFor('1.1.0'), 'notice');
    expect(await a.runtime.handlers.acceptUpgrade({ version: '1.1.0' })).toEqual({ ok: true });
    await waitFor(() => restarts.count === 1, 'restart requested');
    expect(installer.installedVersion()).toBe('1.1.0');
    await a.stop();

    // The screen-backed shell: a new version is healthy only once the renderer beats too.
    const b = await startAs(rig, '1.1.0', installer, restarts, {
      firmware: { installer: installer.option, requireRendererHeartbeat: true, clock: systemClock },
    });
    await waitOnline(b);
    const ticks = telemetryBodies(rig, id).length;
    await waitFor(() => telemetryBodies(rig, id).length >= ticks + 3, 'ticks without a heartbeat');
    expect(b.status()?.upgrade).toMatchObject({ kind: 'in-progress', progress: { phase: 'confirm' } });
    expect(rig.hub.control.device(id)?.firmware_version).toBe('1.0.0');
    await b.runtime.handlers.heartbeat({ screen: 'upgrade-progress', seq: 1 });
    await waitForStatus(b, (s) => s.upgrade.kind === 'succeeded' && s.upgrade.version === '1.1.0', 'success view');
    await waitFor(() => rig.hub.control.device(id)?.firmware_version === '1.1.0', 'firmware_version reported');
    expect(await b.runtime.handlers.dismissUpgradeResult()).toEqual({ ok: true });
    expect((await b.runtime.handlers.getStatus()).upgrade).toEqual({ kind: 'idle' });
    await b.stop();
    const state = readState(rig.dataDir);
    expect(state.upgrade).toMatchObject({ step: 'commit', toVersion: '1.1.0', reported: true, source: { kind: 'notice' } });
    expect(state.latestVer).toBe('1.1.0');
  });

  it('maintenance refuses a notice-initiated upgrade but not a command', async () => {
    const { rig, installer, restarts, a, id } = (scene = await startOnlineAsA());
    rig.hub.control.claim(id, { name: 'Lobby', maintenance: false });
    const published = rig.hub.control.publishFirmware({ version: '1.1.0', data: firmwareBytes('B') });
    await waitForStatus(a, noticeFor('1.1.0'), 'notice');
    rig.hub.control.setSpace(id, { maintenance: true });
    await waitForStatus(a, (s) => s.space.maintenance, 'maintenance');
    const refused = await a.runtime.handlers.acceptUpgrade({ version: '1.1.0' });
    expect(refused).toEqual({ ok: false, message: expect.stringMatching(/maintenance/) });
    expect(installer.log()).toEqual([]);

    const commandId = rig.hub.control.enqueueCommand(id, { name: 'update_firmware', parameters: { file_id: published.fileId, version: '1.1.0' } });
    await waitFor(() => restarts.count === 1, 'restart requested by the command');
    expect(installer.installedVersion()).toBe('1.1.0');
    await waitForCommand(rig, id, commandId, 'in_progress');
  });

  it('policy auto starts by itself inside the window; never during maintenance', async () => {
    const { rig, installer, restarts, a, id } = (scene = await startOnlineAsA());
    rig.hub.control.claim(id, { maintenance: true });
    // The rig's fake clock starts at 12:00 UTC (and runs ~30 s per tick); the space's offset makes
    // it 22:00 local, inside a window that crosses midnight.
    rig.hub.control.setSpace(id, { location: { utc_offset: 600 } });
    rig.hub.control.setConfig(id, { upgrade: { policy: 'auto', window: { start: '21:00', end: '03:00' } } });
    rig.hub.control.publishFirmware({ version: '1.1.0', data: firmwareBytes('B') });
    await waitForStatus(a, (s) => s.space.maintenance && s.space.utcOffsetMin === 600, 'space applied');
    const ticks = telemetryBodies(rig, id).length;
    await waitFor(() => telemetryBodies(rig, id).length >= ticks + 5, 'ticks in maintenance');
    expect(installer.log()).toEqual([]);

    rig.hub.control.setSpace(id, { maintenance: false });
    await waitFor(() => restarts.count === 1, 'automatic install');
    expect(installer.installedVersion()).toBe('1.1.0');
  });

  it('policy off: no notice, no install from notices; a command still installs', async () => {
    const { rig, restarts, a, id } = (scene = await startOnlineAsA());
    rig.hub.control.setConfig(id, { upgrade: { policy: 'off' } });
    await waitForStatus(a, (s) => s.versions.config > 0, 'config applied');
    const published = rig.hub.control.publishFirmware({ version: '1.1.0', data: firmwareBytes('B') });
    const ticks = telemetryBodies(rig, id).length;
    await waitFor(() => telemetryBodies(rig, id).length >= ticks + 5, 'ticks');
    expect(a.events.some((e) => e.name === 'onStatus' && e.payload.upgrade.kind === 'notice')).toBe(false);
    rig.hub.control.enqueueCommand(id, { name: 'update_firmware', parameters: { file_id: published.fileId } });
    await waitFor(() => restarts.count === 1, 'restart requested by the command');
  });

  it('secret-looking keys in the cloud device details never reach the screen', async () => {
    const { rig, a, id } = (scene = await startOnlineAsA());
    rig.hub.control.setInfo(id, { details: { os: 'Debian 13', api_token: 'tok-123456789', nested: { password: 'hunter22', site: 'A' } } });
    const status = await waitForStatus(a, (s) => s.device.details !== undefined, 'details');
    expect(status.device.details).toEqual({ os: 'Debian 13', nested: { site: 'A' } });
    expect(JSON.stringify(a.events)).not.toMatch(/tok-123456789|hunter22/);
  });
});
