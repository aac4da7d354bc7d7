// Exactly-once final results across a process restart, against the hub simulator (docs/PROTOCOL.md#interrupted-commands):
// the handler finishes, the final Update Command hits a transient fault, the "process" restarts
// (new runner, state reopened from disk, no memory carried over) → the persisted result is what
// gets reported, once; the command is never re-run nor reported "interrupted by restart".
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRebootHandler } from '../../../app/core/commands/handlers/reboot';
import type { CommandHandler, CommandOutcome } from '../../../app/core/commands/handler-types';
import { HubError } from '../../../app/core/hub/types';
import { startSimDevice, type SimDevice } from '../config/sim-device';
import { makeRunner, openState, tempDir } from './helpers';

let device: SimDevice;
let tmp: ReturnType<typeof tempDir>;
beforeEach(async () => {
  device = await startSimDevice();
  tmp = tempDir('commands-results-sim-');
});
afterEach(async () => {
  await device.close();
  tmp.cleanup();
});

/** A handler that returns `outcome`, after arming a one-shot 503 for the final report. */
function handlerFailingItsReport(outcome: CommandOutcome) {
  const runs: string[] = [];
  const handler: CommandHandler = {
    name: 'probe',
    label: () => 'Probing…',
    run: async () => {
      runs.push('probe');
      // in_progress has gone through already: the next Update Command is the final one.
      device.sim.control.injectFault({ route: 'updateCommand', status: 503, times: 1 });
      return outcome;
    },
  };
  return { handler, runs };
}

const deviceReports = (id: string) =>
  device.sim.control
    .commands(device.deviceId)
    .find((c) => c.id === id)!
    .history.filter((h) => h.by === 'device')
    .map((h) => [h.status, h.message]);

/** Update Command requests the hub answered 2xx, as [status, message]. */
const acceptedUpdates = () =>
  device.sim.control
    .requestLog(device.deviceId)
    .filter((r) => r.route === 'updateCommand' && r.status >= 200 && r.status < 300)
    .map((r) => {
      const body = r.body as { status: string; message?: string };
      return [body.status, body.message ?? null];
    });

describe('final result across a restart (simulator)', () => {
  it.each([
    ['done', { status: 'done' } as const, ['done', null]],
    ['failed', { status: 'failed', message: 'disk full' } as const, ['failed', 'disk full']],
  ] as const)('handler %s, final report 503, restart → reported exactly once as decided', async (_name, outcome, expected) => {
    for (const entry of ['reportInterrupted', 'drain'] as const) {
      const id = device.sim.control.enqueueCommand(device.deviceId, { name: 'probe' });
      const { handler, runs } = handlerFailingItsReport(outcome);
      const first = makeRunner({ hub: device.hub, state: openState(tmp.dir), handlers: [handler] });
      await expect(first.runner.drain()).rejects.toMatchObject({ kind: 'transient', status: 503 });
      expect(openState(tmp.dir).get().inflightCommand).toMatchObject({ id, phase: 'finished', outcome });

      // The process dies here. A new one reopens the state from disk and starts at `entry`:
      // reportInterrupted (start-up) or a plain drain (Get Command hands the command back in_progress).
      const state = openState(tmp.dir);
      const second = makeRunner({ hub: device.hub, state, handlers: [handler] });
      await second.runner[entry]();
      await second.runner.drain();
      await second.runner.reportInterrupted();

      expect(runs).toEqual(['probe']);
      expect(deviceReports(id)).toEqual([['in_progress', null], expected]);
      expect(state.get().inflightCommand).toBeNull();
      expect(second.events).toEqual([expect.objectContaining({ phase: 'finished', id, ok: outcome.status === 'done' })]);
    }
    // Across both rounds: one in_progress and one final result per command, nothing else taken.
    expect(acceptedUpdates()).toEqual([['in_progress', null], expected, ['in_progress', null], expected]);
  });

  it('a result the hub took but whose reply was lost is dropped on its 422, not sent twice', async () => {
    const id = device.sim.control.enqueueCommand(device.deviceId, { name: 'probe' });
    const handler: CommandHandler = { name: 'probe', label: () => 'Probing…', run: async () => ({ status: 'done' }) };
    const original = device.hub.updateCommand.bind(device.hub);
    device.hub.updateCommand = async (body) => {
      await original(body);
      if (body.status === 'done') throw new HubError('transient', 'updateCommand', 'network error ECONNRESET: socket hang up');
    };
    await expect(makeRunner({ hub: device.hub, state: openState(tmp.dir), handlers: [handler] }).runner.drain()).rejects.toMatchObject({ kind: 'transient' });
    device.hub.updateCommand = original;

    const state = openState(tmp.dir);
    const restarted = makeRunner({ hub: device.hub, state, handlers: [handler] });
    await restarted.runner.reportInterrupted();

    expect(deviceReports(id)).toEqual([['in_progress', null], ['done', null]]);
    expect(state.get().inflightCommand).toBeNull();
    expect(restarted.events).toEqual([expect.objectContaining({ phase: 'finished', id, ok: true })]);
  });

  it('a record without a result still follows afterRestart, and that decision is persisted too', async () => {
    const id = device.sim.control.enqueueCommand(device.deviceId, { name: 'reboot' });
    await makeRunner({ hub: device.hub, state: openState(tmp.dir), handlers: [createRebootHandler()], bootId: 'boot-A' }).runner.drain();
    expect(openState(tmp.dir).get().inflightCommand).toMatchObject({ id, phase: 'awaiting_restart', bootMarker: 'boot-A' });
    expect(openState(tmp.dir).get().inflightCommand?.outcome).toBeUndefined();

    // Only the application restarted (same boot id): afterRestart says failed; its report hits a 503.
    device.sim.control.injectFault({ route: 'updateCommand', status: 503, times: 1 });
    const sameBoot = makeRunner({ hub: device.hub, state: openState(tmp.dir), handlers: [createRebootHandler()], bootId: 'boot-A' });
    await expect(sameBoot.runner.reportInterrupted()).rejects.toMatchObject({ kind: 'transient' });
    const message = 'the machine did not reboot (the application restarted without a reboot)';
    expect(openState(tmp.dir).get().inflightCommand).toMatchObject({ id, phase: 'finished', outcome: { status: 'failed', message } });

    // A later real reboot does not turn that decided result into done.
    const platformCalls: string[] = [];
    const rebooted = makeRunner({ hub: device.hub, state: openState(tmp.dir), handlers: [createRebootHandler()], bootId: 'boot-B' });
    rebooted.platform.reboot = async () => void platformCalls.push('reboot');
    await rebooted.runner.reportInterrupted();
    await rebooted.runner.drain();

    expect(platformCalls).toEqual([]);
    expect(deviceReports(id)).toEqual([['in_progress', null], ['failed', message]]);
  });
});
