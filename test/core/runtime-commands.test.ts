// Commands, IPC handlers and persistence behaviour of the runtime against the REAL simulator.
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../app/core/log/logger';
import { openIdentityStore } from '../../app/core/state/identity-store';
import { statusSnapshotSchema } from '../../app/ipc/contract';
import { createRig, waitFor, waitForStatus, waitOnline, type Rig } from './agent/rig';

let rig: Rig;
afterEach(async () => {
  await rig?.close();
});

const telemetryBodies = (r: Rig, id: string) =>
  r.hub.control.requestLog(id).filter((q) => q.route === 'sendTelemetry').map((q) => q.body as Record<string, unknown>);

describe('commands', () => {
  it('a reboot survives the restart: reported done ONCE after a new boot id, never re-run', async () => {
    rig = await createRig();
    let reboots = 0;
    const first = await rig.start({ bootId: 'boot-A', platform: { reboot: async () => void (reboots += 1) } });
    const id = await waitOnline(first);
    const commandId = rig.hub.control.enqueueCommand(id, { name: 'reboot' });
    await waitFor(() => rig.hub.control.commands(id).find((c) => c.id === commandId)?.status === 'in_progress', 'in progress');
    await waitFor(() => reboots === 1, 'reboot requested');
    await first.stop(); // the machine goes down with the record persisted

    const second = await rig.start({ bootId: 'boot-B', platform: { reboot: async () => void (reboots += 1) } });
    await waitFor(() => rig.hub.control.commands(id).find((c) => c.id === commandId)?.status === 'done', 'reported done');
    await waitOnline(second);
    const ticks = telemetryBodies(rig, id).length;
    await waitFor(() => telemetryBodies(rig, id).length >= ticks + 5, 'more ticks');
    const command = rig.hub.control.commands(id).find((c) => c.id === commandId)!;
    expect(command.history.filter((h) => h.by === 'device' && h.status === 'done')).toHaveLength(1);
    expect(reboots).toBe(1);
    // reported before the override telemetry of the second start
    const routes = rig.hub.control.requestLog(id).map((q) => q.route);
    const secondStart = routes.lastIndexOf('addEvent');
    expect(routes.slice(0, secondStart).filter((r) => r === 'updateCommand').length).toBeGreaterThanOrEqual(2);
    const commandEvents = second.events.filter((e) => e.name === 'onCommand').map((e) => e.payload);
    expect(commandEvents).toContainEqual(expect.objectContaining({ phase: 'finished', id: commandId, ok: true }));
  });

  it('an instant command is executed and reported, and finishing it sends telemetry at once', async () => {
    rig = await createRig();
    let reloads = 0;
    const rt = await rig.start({ platform: { reload: async () => void (reloads += 1) } });
    const id = await waitOnline(rt);
    const commandId = rig.hub.control.enqueueCommand(id, { name: 'reload' });
    await waitFor(() => rig.hub.control.commands(id).find((c) => c.id === commandId)?.status === 'done', 'done');
    expect(reloads).toBe(1);
    const unknown = rig.hub.control.enqueueCommand(id, { name: 'self_destruct' });
    await waitFor(() => rig.hub.control.commands(id).find((c) => c.id === unknown)?.status === 'failed', 'failed');
    expect(rig.hub.control.commands(id).find((c) => c.id === unknown)?.message).toMatch(/unsupported command self_destruct/);
  });
});

describe('handlers, secrets and persistence', () => {
  it('getStatus validates against the contract; heartbeat shows in telemetry; no secret ever leaves', async () => {
    rig = await createRig();
    const rt = await rig.start({ telemetry: undefined });
    const id = await waitOnline(rt);
    const status = await rt.runtime.handlers.getStatus();
    expect(statusSnapshotSchema.safeParse(status).success).toBe(true);
    expect(await rt.runtime.handlers.heartbeat({ screen: 'status', seq: 3 })).toEqual({ ok: true });
    await waitFor(() => telemetryBodies(rig, id).some((b) => (b.telemetries as Record<string, unknown>)?.renderer_screen === 'status'), 'renderer health in telemetry');
    expect(await rt.runtime.handlers.dismissUpgradeResult()).toEqual({ ok: true });

    const accessKey = openIdentityStore({ dir: rig.dataDir, logger: silentLogger }).load()!.accessKey;
    const outgoing = JSON.stringify([rt.events, telemetryBodies(rig, id), rt.logLines, await rt.runtime.handlers.getStatus()]);
    expect(outgoing).not.toContain(accessKey);
  });

  it('writes the device state only on change, never per tick', async () => {
    rig = await createRig();
    const rt = await rig.start();
    const id = await waitOnline(rt);
    const file = path.join(rig.dataDir, 'device-state.json');
    const ticks = telemetryBodies(rig, id).length;
    await waitFor(() => telemetryBodies(rig, id).length >= ticks + 3, 'settled');
    const before = statSync(file).mtimeMs;
    const settled = telemetryBodies(rig, id).length;
    await waitFor(() => telemetryBodies(rig, id).length >= settled + 30, '30 idle ticks');
    expect(statSync(file).mtimeMs).toBe(before);
    rig.hub.control.claim(id);
    await waitForStatus(rt, (s) => s.claim.claimed, 'claimed');
    expect(statSync(file).mtimeMs).toBeGreaterThan(before);
  });
});
