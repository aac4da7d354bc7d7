// Command and license reports over MQTT, end to end: the real runtime, the simulator's hub and
// MQTT v5 broker over loopback, the real clock. A pushed item names a reply topic; its reports go
// there while the broker acknowledges them, and over HTTPS when it does not (no PUBACK, a dropped
// connection). Whichever way, the simulator records exactly one result per item.
//
// Each item's reply route is announced (pushed, and seen noted by the kiosk) before the item is
// queued: otherwise a poll already in flight could fetch it first, and its first report would
// rightly go over HTTPS — correct, but not what a test of the MQTT path can assert on.
import { randomUUID } from 'node:crypto';
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

interface Connected {
  r: Rig;
  rt: RuntimeUnderTest;
  id: string;
}

async function startConnected(r: Rig, options: Parameters<Rig['start']>[0] = {}): Promise<Connected> {
  const rt = await r.start({ ...SLOW, ...options });
  const id = await waitOnline(rt);
  await waitForStatus(rt, (s) => s.push === 'connected', 'push connected');
  return { r, rt, id };
}

/** Pushes the reply route for an item that is not queued yet; resolves once the kiosk noted it. */
async function announce(c: Connected, kind: 'command' | 'license', itemId: string): Promise<void> {
  const [suffix, replySuffix] = kind === 'command' ? ['command', 'commands/update'] : ['license', 'license/update'];
  const noted = () => c.rt.logLines.some((line) => line.includes('reply route noted') && line.includes(itemId));
  expect(c.r.hub.mqtt!.publish(c.id, suffix, { id: itemId }, { responseSuffix: replySuffix, correlationId: itemId })).toBe(1);
  await waitFor(noted, `route for ${itemId} noted`);
}

async function queueCommand(c: Connected, name = 'reload'): Promise<string> {
  const commandId = randomUUID();
  await announce(c, 'command', commandId);
  return c.r.hub.control.enqueueCommand(c.id, { name, commandId });
}

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
  it('a pushed command reports in_progress and its result on its reply topic, not over HTTPS', async () => {
    rig = await createRig({ mqtt: true });
    const c = await startConnected(rig);
    const { id } = c;
    const commandId = await queueCommand(c);
    const command = await waitFor(() => finished(rig!, id, commandId), 'command finished');
    expect(finalResults(command)).toHaveLength(1);

    const replies = mqttReports(rig, 'commands/update', commandId);
    expect(replies.map(statusOf)).toEqual(['in_progress', command.status]);
    expect(replies.every((p) => p.topic === `v1/device/${id}/commands/update` && p.reasonCode === 0)).toBe(true);
    expect(httpsReports(rig, id, 'updateCommand', commandId)).toEqual([]);

    const key = rig.hub.control.device(id)!.access_key;
    for (const reply of replies) {
      expect(reply.payload).not.toContain(key);
      expect(reply.userProperties).toEqual({ device_id: id });
    }
    expect(c.rt.logLines.join('\n')).not.toContain(key);
  });

  it('a pushed license change reports its state on the reply topic', async () => {
    rig = await createRig({ mqtt: true });
    const c = await startConnected(rig);
    const licenseId = randomUUID();
    await announce(c, 'license', licenseId);
    rig.hub.control.enqueueLicense(c.id, { action: 'add', data: 'feature=signage', licenseId });
    await waitFor(() => rig!.hub.control.licenses(c.id).find((l) => l.id === licenseId && l.state === 'inuse'), 'license in use');
    expect(mqttReports(rig, 'license/update', licenseId).map((p) => JSON.parse(p.payload) as unknown)).toEqual([{ id: licenseId, state: 'inuse' }]);
    expect(httpsReports(rig, c.id, 'updateLicense', licenseId)).toEqual([]);
  });

  it('no PUBACK (the publish is lost): HTTPS takes over for that command, one result', async () => {
    rig = await createRig({ mqtt: true });
    const c = await startConnected(rig);
    rig.hub.mqtt!.withholdPubacks('discard');
    const commandId = await queueCommand(c);
    const command = await waitFor(() => finished(rig!, c.id, commandId), 'command finished over HTTPS', 30_000);
    expect(finalResults(command)).toHaveLength(1);
    // One MQTT attempt (lost, after its 5 s wait); from then on the command stays on HTTPS.
    const attempts = mqttReports(rig, 'commands/update', commandId);
    expect(attempts.map((p) => [statusOf(p), p.reasonCode])).toEqual([['in_progress', null]]);
    expect(httpsReports(rig, c.id, 'updateCommand', commandId).map(statusOfBody)).toEqual(['in_progress', command.status]);
  });

  it('the hub applied a report but its PUBACK was lost: HTTPS repeats it, still one result', async () => {
    rig = await createRig({ mqtt: true });
    const c = await startConnected(rig);
    rig.hub.mqtt!.withholdPubacks('apply');
    const commandId = await queueCommand(c);
    const command = await waitFor(() => finished(rig!, c.id, commandId), 'command finished', 30_000);
    expect(mqttReports(rig, 'commands/update', commandId).map((p) => [statusOf(p), p.reasonCode])).toEqual([['in_progress', null]]);
    // in_progress reached the hub twice (taken again, changes nothing); the result once, over HTTPS.
    expect(command.history.filter((h) => h.by === 'device').map((h) => h.status)).toEqual(['in_progress', 'in_progress', command.status]);
    expect(httpsReports(rig, c.id, 'updateCommand', commandId).map(statusOfBody)).toEqual(['in_progress', command.status]);

    // The kiosk moves on: with PUBACKs back, the next pushed command reports over MQTT again.
    rig.hub.mqtt!.withholdPubacks('normal');
    const next = await queueCommand(c);
    const nextCommand = await waitFor(() => finished(rig!, c.id, next), 'next command finished', 30_000);
    expect(mqttReports(rig, 'commands/update', next).map(statusOf)).toEqual(['in_progress', nextCommand.status]);
    expect(finalResults(nextCommand)).toHaveLength(1);
    expect(c.rt.status()?.push).toBe('connected');
  });

  it('the broker drops the connection while a report waits for its PUBACK: HTTPS reports, once', async () => {
    rig = await createRig({ mqtt: true });
    const c = await startConnected(rig);
    rig.hub.mqtt!.withholdPubacks('discard');
    const commandId = await queueCommand(c);
    await waitFor(() => mqttReports(rig!, 'commands/update', commandId).length > 0, 'in_progress published');
    rig.hub.mqtt!.withholdPubacks('normal');
    expect(rig.hub.mqtt!.dropConnections(c.id)).toBe(1);
    const command = await waitFor(() => finished(rig!, c.id, commandId), 'command finished after the drop', 30_000);
    expect(finalResults(command)).toHaveLength(1);
    expect(mqttReports(rig, 'commands/update', commandId).map(statusOf)).toEqual(['in_progress']);
    expect(httpsReports(rig, c.id, 'updateCommand', commandId).map(statusOfBody)).toEqual(['in_progress', command.status]);
  });

  it('a result decided before a restart is reported once, over HTTPS, by the next process', async () => {
    rig = await createRig({ mqtt: true });
    let restartAsked = false;
    const c = await startConnected(rig, { platform: { restartApp: async () => void (restartAsked = true) } });
    const commandId = await queueCommand(c, 'restart_app');
    await waitFor(() => restartAsked, 'restart asked');
    expect(mqttReports(rig, 'commands/update', commandId).map((p) => [statusOf(p), p.reasonCode])).toEqual([['in_progress', 0]]);
    await c.rt.stop();
    // The new process has no reply routes (they are not persisted); the record on disk carries the command.
    const after = await rig.start(SLOW);
    const command = await waitFor(() => finished(rig!, c.id, commandId), 'result after the restart', 30_000);
    expect(command.status).toBe('done');
    expect(finalResults(command)).toHaveLength(1);
    expect(mqttReports(rig, 'commands/update', commandId)).toHaveLength(1);
    expect(httpsReports(rig, c.id, 'updateCommand', commandId).map(statusOfBody)).toEqual(['done']);
    await after.stop();
  });
});
