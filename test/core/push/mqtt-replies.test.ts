// Command and license reports over MQTT, end to end: the real runtime, the simulator's hub and
// MQTT v5 broker over loopback, the real clock. A pushed item names a reply topic; its reports go
// there while the broker acknowledges them, and over HTTPS when it does not (no PUBACK, a dropped
// connection). Whichever way, the simulator records exactly one result per item.
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../app/core/deps';
import type { ReceivedPublish } from '../../hub/mqtt-broker';
import type { SimCommand, SimRequest } from '../../hub/types';
import { createRig, waitFor, waitForStatus, waitOnline, type Rig, type RuntimeUnderTest } from '../agent/rig';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** The telemetry period is far longer than any wait here: only a push can start a command. */
const SLOW = { clock: systemClock, telemetryIntervalSec: 300 };

async function startConnected(r: Rig): Promise<{ rt: RuntimeUnderTest; id: string }> {
  const rt = await r.start(SLOW);
  const id = await waitOnline(rt);
  await waitForStatus(rt, (s) => s.push === 'connected', 'push connected');
  // The catch-up telemetry after connecting has been answered: from here on only a push (which
  // names the reply route) starts a command, never a poll already in flight.
  await waitFor(
    () => r.hub.control.requestLog(id).some((q) => q.route === 'sendTelemetry' && q.status === 200 && pushKey(q) === 'connected'),
    'catch-up telemetry',
  );
  return { rt, id };
}

const pushKey = (q: SimRequest) => (q.body as { telemetries?: Record<string, unknown> } | null)?.telemetries?.['push'];
const httpsReports = (r: Rig, id: string, route: 'updateCommand' | 'updateLicense', itemId: string): SimRequest[] =>
  r.hub.control.requestLog(id).filter((q) => q.route === route && (q.body as { id?: unknown } | null)?.id === itemId);
const mqttReports = (r: Rig, suffix: string, itemId: string): ReceivedPublish[] =>
  r.hub.mqtt!.received().filter((p) => p.topic.endsWith(`/${suffix}`) && p.correlationData === itemId);
const statusOf = (p: ReceivedPublish) => (JSON.parse(p.payload) as { status?: string }).status;
const statusOfBody = (q: SimRequest) => (q.body as { status?: string } | null)?.status;
const finalResults = (c: SimCommand) => c.history.filter((h) => h.by === 'device' && (h.status === 'done' || h.status === 'failed'));
const finished = (r: Rig, id: string, commandId: string) => {
  const command = r.hub.control.commands(id).find((c) => c.id === commandId);
  return command && (command.status === 'done' || command.status === 'failed') ? command : undefined;
};

describe('command and license reports over MQTT', () => {
  it('a pushed command reports in_progress and done on its reply topic, not over HTTPS', async () => {
    rig = await createRig({ mqtt: true });
    const { rt, id } = await startConnected(rig);
    const commandId = rig.hub.control.enqueueCommand(id, { name: 'reload' });
    const command = await waitFor(() => finished(rig!, id, commandId), 'command finished');
    expect(finalResults(command)).toHaveLength(1);

    const replies = mqttReports(rig, 'commands/update', commandId);
    const https = httpsReports(rig, id, 'updateCommand', commandId).map(statusOfBody);
    expect(replies.every((p) => p.topic === `v1/device/${id}/commands/update` && p.reasonCode === 0)).toBe(true);
    // The result went over MQTT and never over HTTPS. in_progress took exactly one way: MQTT, unless
    // a poll already in flight fetched the command before the push naming the reply topic was read.
    expect(replies.map(statusOf)).toContain(command.status);
    expect(https).not.toContain(command.status);
    expect([...replies.map(statusOf), ...https].sort()).toEqual([command.status, 'in_progress'].sort());

    const key = rig.hub.control.device(id)!.access_key;
    for (const reply of replies) {
      expect(reply.payload).not.toContain(key);
      expect(JSON.stringify(reply.userProperties ?? {})).not.toContain(key);
      expect(reply.userProperties).toEqual({ device_id: id });
    }
    expect(rt.logLines.join('\n')).not.toContain(key);
  });

  it('a pushed license change reports its state on the reply topic', async () => {
    rig = await createRig({ mqtt: true });
    const { id } = await startConnected(rig);
    const licenseId = rig.hub.control.enqueueLicense(id, { action: 'add', data: 'feature=signage' });
    await waitFor(() => rig!.hub.control.licenses(id).find((l) => l.id === licenseId && l.state === 'inuse'), 'license in use');
    expect(mqttReports(rig, 'license/update', licenseId).map((p) => JSON.parse(p.payload) as unknown)).toEqual([{ id: licenseId, state: 'inuse' }]);
    expect(httpsReports(rig, id, 'updateLicense', licenseId)).toEqual([]);
  });

  it('no PUBACK (the publish is lost): HTTPS takes over for that command, one result', async () => {
    rig = await createRig({ mqtt: true });
    const { id } = await startConnected(rig);
    rig.hub.mqtt!.withholdPubacks('discard');
    const commandId = rig.hub.control.enqueueCommand(id, { name: 'reload' });
    const command = await waitFor(() => finished(rig!, id, commandId), 'command finished over HTTPS', 30_000);
    expect(finalResults(command)).toHaveLength(1);
    // One MQTT attempt (lost); after it the command stays on HTTPS, which carries the result.
    const attempts = mqttReports(rig, 'commands/update', commandId);
    expect(attempts.map((p) => p.reasonCode)).toEqual([null]);
    const https = httpsReports(rig, id, 'updateCommand', commandId).map(statusOfBody);
    expect(https.filter((s) => s === command.status)).toHaveLength(1);
    expect([...attempts.map(statusOf), ...https].sort()).toEqual([command.status, 'in_progress', statusOf(attempts[0]!)].sort());
  });

  it('the hub applied a report but its PUBACK was lost: HTTPS repeats it, still one result', async () => {
    rig = await createRig({ mqtt: true });
    const { rt, id } = await startConnected(rig);
    rig.hub.mqtt!.withholdPubacks('apply');
    const commandId = rig.hub.control.enqueueCommand(id, { name: 'reload' });
    const command = await waitFor(() => finished(rig!, id, commandId), 'command finished', 30_000);
    const attempts = mqttReports(rig, 'commands/update', commandId);
    expect(attempts.map((p) => p.reasonCode)).toEqual([null]);
    const repeated = statusOf(attempts[0]!);
    // The repeat over HTTPS: taken again for in_progress, refused for a result the hub already has.
    await waitFor(() => httpsReports(rig!, id, 'updateCommand', commandId).some((q) => q.status !== 0 && statusOfBody(q) === command.status), 'HTTPS result');
    expect(httpsReports(rig, id, 'updateCommand', commandId).map(statusOfBody)).toContain(repeated);
    expect(finalResults(rig.hub.control.commands(id).find((c) => c.id === commandId)!)).toHaveLength(1);
    // The kiosk moves on: with PUBACKs back, the next pushed command reports its result over MQTT again.
    rig.hub.mqtt!.withholdPubacks('normal');
    const next = rig.hub.control.enqueueCommand(id, { name: 'reload' });
    const nextCommand = await waitFor(() => finished(rig!, id, next), 'next command finished', 30_000);
    expect(mqttReports(rig, 'commands/update', next).map(statusOf)).toContain(nextCommand.status);
    expect(finalResults(nextCommand)).toHaveLength(1);
    expect(rt.status()?.push).toBe('connected');
  });

  it('the broker drops the connection while a report waits for its PUBACK: HTTPS reports, once', async () => {
    rig = await createRig({ mqtt: true });
    const { id } = await startConnected(rig);
    rig.hub.mqtt!.withholdPubacks('discard');
    const commandId = rig.hub.control.enqueueCommand(id, { name: 'reload' });
    const [waiting] = await waitFor(() => {
      const seen = mqttReports(rig!, 'commands/update', commandId);
      return seen.length > 0 ? seen : undefined;
    }, 'a report published');
    rig.hub.mqtt!.withholdPubacks('normal');
    expect(rig.hub.mqtt!.dropConnections(id)).toBe(1);
    const command = await waitFor(() => finished(rig!, id, commandId), 'command finished after the drop', 30_000);
    expect(finalResults(command)).toHaveLength(1);
    expect(mqttReports(rig, 'commands/update', commandId)).toHaveLength(1);
    const https = httpsReports(rig, id, 'updateCommand', commandId).map(statusOfBody);
    expect(https.filter((s) => s === command.status)).toHaveLength(1);
    expect(https).toContain(statusOf(waiting!));
  });
});
