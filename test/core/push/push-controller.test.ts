// MQTT mixed mode end to end: the real runtime, the simulator's MQTT v5 broker and hub over
// loopback, the real clock with a telemetry period far longer than any wait here — so a command
// that is done proves the push, not the poll, delivered it.
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../app/core/deps';
import type { SimRequest } from '../../hub/types';
import { createRig, waitFor, waitForStatus, waitOnline, type Rig, type RuntimeUnderTest } from '../agent/rig';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const SLOW = { clock: systemClock, telemetryIntervalSec: 300 };

function telemetry(rig: Rig, id: string, after = 0): SimRequest[] {
  return rig.hub.control.requestLog(id).slice(after).filter((q) => q.route === 'sendTelemetry' && q.status === 200);
}
const pushKey = (q: SimRequest) => (q.body as { telemetries?: Record<string, unknown> }).telemetries?.['push'];
const doneOnce = (rig: Rig, id: string, commandId: string) => {
  const command = rig.hub.control.commands(id).find((c) => c.id === commandId);
  return command?.status === 'done' || command?.status === 'failed' ? command : undefined;
};

async function startConnected(rig: Rig): Promise<{ rt: RuntimeUnderTest; id: string }> {
  const rt = await rig.start(SLOW);
  const id = await waitOnline(rt);
  await waitForStatus(rt, (s) => s.push === 'connected', 'push connected');
  return { rt, id };
}

describe('push (MQTT mixed mode)', () => {
  it('runs a pushed command at once, reports it once, and says so in telemetry and on screen', async () => {
    rig = await createRig({ mqtt: true });
    const { rt, id } = await startConnected(rig);
    expect(rig.hub.mqtt!.connectionCount(id)).toBe(1);
    // The catch-up telemetry after connecting already reports the connection.
    await waitFor(() => telemetry(rig!, id).some((q) => pushKey(q) === 'connected'), 'telemetry push: connected');

    const commandId = rig.hub.control.enqueueCommand(id, { name: 'reload' });
    const command = await waitFor(() => doneOnce(rig!, id, commandId), 'pushed command done');
    const byDevice = command.history.filter((h) => h.by === 'device').map((h) => h.status);
    expect(byDevice.filter((s) => s === 'done' || s === 'failed')).toHaveLength(1);
    expect(rt.logLines.join('\n')).not.toContain(rig.hub.control.device(id)!.access_key);
  });

  it('coalesces a burst of pushes into few ticks and still runs every command once', async () => {
    rig = await createRig({ mqtt: true });
    const { id } = await startConnected(rig);
    const mark = rig.hub.control.requestLog(id).length;
    const ids = Array.from({ length: 20 }, () => rig!.hub.control.enqueueCommand(id, { name: 'reload' }));
    await waitFor(() => ids.every((c) => doneOnce(rig!, id, c)), 'all commands done', 20_000);
    expect(telemetry(rig, id, mark).length).toBeLessThan(20);
    for (const c of ids) {
      const history = rig.hub.control.commands(id).find((x) => x.id === c)!.history.filter((h) => h.by === 'device');
      expect(history.filter((h) => h.status === 'done' || h.status === 'failed')).toHaveLength(1);
    }
  });

  it('a dropped connection: polling catches up at once, push reconnects, nothing lost or doubled', async () => {
    rig = await createRig({ mqtt: true });
    const { rt, id } = await startConnected(rig);
    const mark = rig.hub.control.requestLog(id).length;
    // Queue a command while nobody listens: the drop's telemetry (normal period again) finds it.
    rig.hub.mqtt!.refuseAuth(true);
    rig.hub.mqtt!.dropConnections(id);
    const commandId = rig.hub.control.enqueueCommand(id, { name: 'reload' });
    await waitFor(() => doneOnce(rig!, id, commandId), 'command done after the drop');
    await waitFor(() => telemetry(rig!, id, mark).some((q) => pushKey(q) === 'disconnected'), 'telemetry push: disconnected');
    expect(rt.status()?.push).toBe('disconnected');
    rig.hub.mqtt!.refuseAuth(false);
    await waitForStatus(rt, (s) => s.push === 'connected', 'push reconnected', 20_000);
    const history = rig.hub.control.commands(id).find((c) => c.id === commandId)!.history.filter((h) => h.by === 'device');
    expect(history.filter((h) => h.status === 'done' || h.status === 'failed')).toHaveLength(1);
  });

  it('auth refused from the start: polling alone delivers the command', async () => {
    rig = await createRig({ mqtt: true });
    rig.hub.mqtt!.refuseAuth(true);
    const rt = await rig.start({ clock: systemClock, telemetryIntervalSec: 1 });
    const id = await waitOnline(rt);
    const commandId = rig.hub.control.enqueueCommand(id, { name: 'reload' });
    await waitFor(() => doneOnce(rig!, id, commandId), 'command done by polling');
    expect(rt.status()?.push).toBe('disconnected');
    // Its reports went over HTTPS as a matter of course: no route, so no fallback to speak of.
    expect(rig.hub.control.requestLog(id).filter((q) => q.route === 'updateCommand').length).toBeGreaterThan(0);
    expect(rt.logLines.join('\n')).not.toContain('reply not acknowledged');
    expect(rig.hub.mqtt!.connectionCount(id)).toBe(0);
  });

  it('push.enabled = false in the config turns push off', async () => {
    rig = await createRig({ mqtt: true });
    const { rt, id } = await startConnected(rig);
    rig.hub.control.setConfig(id, { push: { enabled: false } });
    await waitForStatus(rt, (s) => s.push === 'off', 'push off');
    await waitFor(() => rig!.hub.mqtt!.connectionCount(id) === 0, 'broker connection closed');
    await waitFor(() => telemetry(rig!, id).some((q) => pushKey(q) === 'off'), 'telemetry push: off');
  });

  it('a hub without a broker: push is off and nothing tries to connect', async () => {
    rig = await createRig();
    const rt = await rig.start(SLOW);
    const id = await waitOnline(rt);
    expect(rt.status()?.push).toBe('off');
    await waitFor(() => telemetry(rig!, id).some((q) => pushKey(q) === 'off'), 'telemetry push: off');
  });
});
