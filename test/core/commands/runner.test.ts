import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRebootHandler } from '../../../app/core/commands/handlers/reboot';
import { createReloadHandler } from '../../../app/core/commands/handlers/reload';
import { createRestartAppHandler } from '../../../app/core/commands/handlers/restart-app';
import { createUpdateFirmwareHandler } from '../../../app/core/commands/handlers/update-firmware';
import type { CommandHandler } from '../../../app/core/commands/handler-types';
import { RESTART_GRACE_MS } from '../../../app/core/commands/runner';
import type { DeviceStateStore } from '../../../app/core/state/device-state-store';
import { HubError } from '../../../app/core/hub/types';
import { createFakeHubClient, transientError, type FakeHubClient } from '../support/fake-hub-client';
import { makeRunner, openState, recordingPlatform, tempDir } from './helpers';

let tmp: ReturnType<typeof tempDir>;
let state: DeviceStateStore;
let hub: FakeHubClient;

beforeEach(() => {
  tmp = tempDir('commands-');
  state = openState(tmp.dir);
  hub = createFakeHubClient();
});
afterEach(() => tmp.cleanup());

/** A handler that records what the persisted record looked like while it ran. */
function probeHandler(name = 'probe', run: CommandHandler['run'] = async () => ({ status: 'done' })) {
  const seen: Array<{ phase: string | undefined; reports: number }> = [];
  const handler: CommandHandler = {
    name,
    label: () => `Probing ${name}…`,
    run: async (params, ctx) => {
      seen.push({ phase: state.get().inflightCommand?.phase, reports: hub.commandReports.length });
      return run(params, ctx);
    },
  };
  return { handler, seen };
}

describe('command runner: drain', () => {
  it('persists the record, reports in_progress, runs, reports done, clears the record, in queue order', async () => {
    const { handler, seen } = probeHandler();
    hub.enqueueCommand({ id: 'c1', name: 'probe', parameters: {} });
    hub.enqueueCommand({ id: 'c2', name: 'probe', parameters: {} });
    const { runner, events } = makeRunner({ hub, state, handlers: [handler] });

    await runner.drain();

    expect(hub.commandReports).toEqual([
      { id: 'c1', status: 'in_progress' },
      { id: 'c1', status: 'done' },
      { id: 'c2', status: 'in_progress' },
      { id: 'c2', status: 'done' },
    ]);
    expect(seen).toEqual([{ phase: 'executing', reports: 1 }, { phase: 'executing', reports: 3 }]);
    expect(state.get().inflightCommand).toBeNull();
    expect(events.map((e) => `${e.phase}:${e.id}:${e.label}${e.ok === undefined ? '' : `:${e.ok}`}`)).toEqual([
      'started:c1:Probing probe…',
      'finished:c1:Probing probe…:true',
      'started:c2:Probing probe…',
      'finished:c2:Probing probe…:true',
    ]);
  });

  it('the record is on disk before the hub hears in_progress', async () => {
    const { handler } = probeHandler();
    hub.enqueueCommand({ id: 'c1', name: 'probe', parameters: { a: 1 } });
    const original = hub.updateCommand.bind(hub);
    const onDisk: unknown[] = [];
    hub.updateCommand = async (body) => {
      if (body.status === 'in_progress') onDisk.push(openState(tmp.dir).get().inflightCommand);
      return original(body);
    };
    await makeRunner({ hub, state, handlers: [handler] }).runner.drain();
    expect(onDisk).toEqual([expect.objectContaining({ id: 'c1', name: 'probe', phase: 'received', parameters: { a: 1 } })]);
  });

  it('reports an unknown command as failed: unsupported command <name>', async () => {
    hub.enqueueCommand({ id: 'c1', name: 'format_disk', parameters: {} });
    const { runner, events } = makeRunner({ hub, state, handlers: [] });
    await runner.drain();
    expect(hub.commandReports).toEqual([{ id: 'c1', status: 'failed', message: 'unsupported command format_disk' }]);
    expect(events.at(-1)).toMatchObject({ phase: 'finished', ok: false, message: 'unsupported command format_disk' });
    expect(state.get().inflightCommand).toBeNull();
  });

  it('reports a throwing handler as failed with its message', async () => {
    const { handler } = probeHandler('probe', async () => {
      throw new Error('disk full');
    });
    hub.enqueueCommand({ id: 'c1', name: 'probe', parameters: {} });
    await makeRunner({ hub, state, handlers: [handler] }).runner.drain();
    expect(hub.commandReports.at(-1)).toEqual({ id: 'c1', status: 'failed', message: 'disk full' });
  });

  it('runs reload immediately and reports done', async () => {
    hub.enqueueCommand({ id: 'c1', name: 'reload', parameters: {} });
    const platform = recordingPlatform();
    await makeRunner({ hub, state, handlers: [createReloadHandler()], platform }).runner.drain();
    expect(platform.calls).toEqual(['reload']);
    expect(hub.commandReports.at(-1)).toEqual({ id: 'c1', status: 'done' });
  });

  it('if in_progress cannot be sent, nothing runs and the command runs on the next drain', async () => {
    const { handler, seen } = probeHandler();
    hub.enqueueCommand({ id: 'c1', name: 'probe', parameters: {} });
    hub.failNext('updateCommand', transientError('updateCommand'));
    const { runner } = makeRunner({ hub, state, handlers: [handler] });
    await expect(runner.drain()).rejects.toMatchObject({ kind: 'transient' });
    expect(seen).toHaveLength(0);
    expect(state.get().inflightCommand?.phase).toBe('received');

    await runner.drain();
    expect(seen).toHaveLength(1);
    expect(hub.commandReports).toEqual([{ id: 'c1', status: 'in_progress' }, { id: 'c1', status: 'done' }]);
  });

  it('a result the hub did not take is kept and sent once later, without re-running the command', async () => {
    const { handler, seen } = probeHandler();
    hub.enqueueCommand({ id: 'c1', name: 'probe', parameters: {} });
    const original = hub.updateCommand.bind(hub);
    let failDone = true;
    hub.updateCommand = async (body) => {
      if (body.status === 'done' && failDone) {
        failDone = false;
        throw transientError('updateCommand');
      }
      return original(body);
    };
    const { runner } = makeRunner({ hub, state, handlers: [handler] });
    await expect(runner.drain()).rejects.toMatchObject({ kind: 'transient' });
    expect(state.get().inflightCommand?.id).toBe('c1');

    await runner.drain();
    expect(seen).toHaveLength(1);
    expect(hub.commandReports.filter((r) => r.status === 'done')).toEqual([{ id: 'c1', status: 'done' }]);
    expect(state.get().inflightCommand).toBeNull();
  });

  it('skips a command the hub refuses to start (e.g. already timed out) and goes on', async () => {
    const { handler, seen } = probeHandler();
    hub.enqueueCommand({ id: 'c1', name: 'probe', parameters: {} });
    hub.enqueueCommand({ id: 'c2', name: 'probe', parameters: {} });
    const original = hub.updateCommand.bind(hub);
    hub.updateCommand = async (body) => {
      if (body.id === 'c1') {
        hub.commands.shift(); // the hub failed it on its own
        throw new HubError('rejected', 'updateCommand', 'Command already failed', { status: 422 });
      }
      return original(body);
    };
    const { runner, events } = makeRunner({ hub, state, handlers: [handler] });
    await runner.drain();
    expect(seen).toHaveLength(1);
    expect(hub.commandReports).toEqual([{ id: 'c2', status: 'in_progress' }, { id: 'c2', status: 'done' }]);
    expect(events.map((e) => `${e.phase}:${e.id}`)).toEqual(['started:c2', 'finished:c2']);
    expect(state.get().inflightCommand).toBeNull();
  });

  it('never re-runs a command the hub says is in_progress when there is no local record', async () => {
    const { handler, seen } = probeHandler();
    hub.enqueueCommand({ id: 'c9', name: 'probe', parameters: {}, status: 'in_progress' });
    await makeRunner({ hub, state, handlers: [handler] }).runner.drain();
    expect(seen).toHaveLength(0);
    expect(hub.commandReports).toEqual([{ id: 'c9', status: 'failed', message: 'interrupted by restart (no local record)' }]);
  });

  it('stops after its per-call limit', async () => {
    const { handler, seen } = probeHandler();
    let n = 0;
    hub.getCommand = async () => ({ id: `c${++n}`, name: 'probe', status: 'pending', parameters: {} });
    hub.updateCommand = async () => {};
    await makeRunner({ hub, state, handlers: [handler], maxPerDrain: 5 }).runner.drain();
    expect(seen).toHaveLength(5);
  });
});

describe('command runner: restarts (docs/PROTOCOL.md#interrupted-commands)', () => {
  it('reboot: record persisted, new process with a different boot id reports done once, never re-runs', async () => {
    hub.enqueueCommand({ id: 'r1', name: 'reboot', parameters: {} });
    hub.enqueueCommand({ id: 'c2', name: 'reload', parameters: {} });
    const before = makeRunner({ hub, state, handlers: [createRebootHandler(), createReloadHandler()], bootId: 'boot-A' });
    await before.runner.drain();

    expect(before.platform).toBeDefined();
    expect(hub.commandReports).toEqual([{ id: 'r1', status: 'in_progress' }]);
    // The drain stopped: the machine is going down, the queued reload waits for the next boot.
    expect(hub.commands.map((c) => c.id)).toEqual(['r1', 'c2']);
    expect(state.get().inflightCommand).toMatchObject({ id: 'r1', phase: 'awaiting_restart', bootMarker: 'boot-A' });

    // "Reboot": a new process, state reopened from disk, a new boot id.
    const afterState = openState(tmp.dir);
    const platform = recordingPlatform();
    const after = makeRunner({ hub, state: afterState, handlers: [createRebootHandler(), createReloadHandler()], bootId: 'boot-B', platform });
    await after.runner.reportInterrupted();
    await after.runner.drain();
    await after.runner.reportInterrupted();

    expect(hub.commandReports).toEqual([
      { id: 'r1', status: 'in_progress' },
      { id: 'r1', status: 'done' },
      { id: 'c2', status: 'in_progress' },
      { id: 'c2', status: 'done' },
    ]);
    expect(platform.calls).toEqual(['reload']);
    expect(afterState.get().inflightCommand).toBeNull();
  });

  it('reboot found via Get Command (in_progress, same id) is decided by its record, not re-run', async () => {
    hub.enqueueCommand({ id: 'r1', name: 'reboot', parameters: {} });
    await makeRunner({ hub, state, handlers: [createRebootHandler()], bootId: 'boot-A' }).runner.drain();
    const platform = recordingPlatform();
    await makeRunner({ hub, state: openState(tmp.dir), handlers: [createRebootHandler()], bootId: 'boot-B', platform }).runner.drain();
    expect(platform.calls).toEqual([]);
    expect(hub.commandReports.at(-1)).toEqual({ id: 'r1', status: 'done' });
  });

  it('while its own reboot is under way, the same process does not decide the command (until the grace runs out)', async () => {
    let now = Date.UTC(2024, 0, 1, 12);
    hub.enqueueCommand({ id: 'r1', name: 'reboot', parameters: {} });
    const platform = recordingPlatform();
    const { runner } = makeRunner({ hub, state, handlers: [createRebootHandler()], bootId: 'boot-A', platform, now: () => now });
    await runner.drain();
    expect(platform.calls).toEqual(['reboot']);
    // The machine is shutting down; the telemetry loop still ticks and the hub still says `command`.
    now += 60_000;
    await runner.drain();
    expect(hub.commandReports).toEqual([{ id: 'r1', status: 'in_progress' }]);
    // The reboot never came: after the grace period the record decides (same boot → failed), once.
    now += RESTART_GRACE_MS;
    await runner.drain();
    await runner.drain();
    expect(hub.commandReports.slice(1)).toEqual([expect.objectContaining({ id: 'r1', status: 'failed' })]);
    expect(platform.calls).toEqual(['reboot']);
  });

  it('reboot that did not happen (same boot id after restart) is reported failed', async () => {
    hub.enqueueCommand({ id: 'r1', name: 'reboot', parameters: {} });
    await makeRunner({ hub, state, handlers: [createRebootHandler()], bootId: 'boot-A' }).runner.drain();
    await makeRunner({ hub, state: openState(tmp.dir), handlers: [createRebootHandler()], bootId: 'boot-A' }).runner.reportInterrupted();
    expect(hub.commandReports.at(-1)).toMatchObject({ id: 'r1', status: 'failed' });
  });

  it('a failing reboot request is reported failed and the record cleared', async () => {
    hub.enqueueCommand({ id: 'r1', name: 'reboot', parameters: {} });
    const platform = recordingPlatform();
    platform.fail.reboot = new Error('permission denied');
    await makeRunner({ hub, state, handlers: [createRebootHandler()], platform }).runner.drain();
    expect(hub.commandReports.at(-1)).toEqual({ id: 'r1', status: 'failed', message: 'reboot failed: permission denied' });
    expect(state.get().inflightCommand).toBeNull();
  });

  it('restart_app is done after the restart', async () => {
    hub.enqueueCommand({ id: 'a1', name: 'restart_app', parameters: {} });
    const platform = recordingPlatform();
    await makeRunner({ hub, state, handlers: [createRestartAppHandler()], platform }).runner.drain();
    expect(platform.calls).toEqual(['restartApp']);
    await makeRunner({ hub, state: openState(tmp.dir), handlers: [createRestartAppHandler()] }).runner.reportInterrupted();
    expect(hub.commandReports).toEqual([{ id: 'a1', status: 'in_progress' }, { id: 'a1', status: 'done' }]);
  });

  it.each([
    ['2.0.0', { id: 'f1', status: 'done' }],
    ['1.0.0', { id: 'f1', status: 'failed', message: 'update to 2.0.0 did not complete: running 1.0.0' }],
  ])('update_firmware after restart running %s', async (runningVersion, expected) => {
    const starts: unknown[] = [];
    const handler = createUpdateFirmwareHandler(async (params, record) => {
      starts.push({ params, record });
      return { status: 'awaiting_restart' };
    });
    hub.enqueueCommand({ id: 'f1', name: 'update_firmware', parameters: { version: '2.0.0', url: 'http://127.0.0.1/fw' } });
    await makeRunner({ hub, state, handlers: [handler], appVersion: '1.0.0' }).runner.drain();
    expect(starts).toEqual([{ params: { version: '2.0.0', url: 'http://127.0.0.1/fw' }, record: expect.objectContaining({ id: 'f1', targetVersion: '2.0.0' }) }]);

    const restarted = makeRunner({ hub, state: openState(tmp.dir), handlers: [handler], appVersion: runningVersion });
    await restarted.runner.reportInterrupted();
    expect(hub.commandReports.at(-1)).toEqual(expected);
    expect(starts).toHaveLength(1);
  });

  it('a command interrupted mid-run without an afterRestart rule is failed "interrupted by restart"', async () => {
    let finish!: () => void;
    const { handler } = probeHandler('slow', () => new Promise((resolve) => (finish = () => resolve({ status: 'done' }))));
    hub.enqueueCommand({ id: 's1', name: 'slow', parameters: {} });
    const draining = makeRunner({ hub, state, handlers: [handler] }).runner.drain();
    await new Promise((resolve) => setImmediate(resolve));
    // The process "dies" here: a new one starts while the record says executing.
    await makeRunner({ hub, state: openState(tmp.dir), handlers: [handler] }).runner.reportInterrupted();
    expect(hub.commandReports).toEqual([{ id: 's1', status: 'in_progress' }, { id: 's1', status: 'failed', message: 'interrupted by restart' }]);
    finish();
    await draining.catch(() => {});
  });

  it('a report that fails at start-up keeps the record and is retried', async () => {
    hub.enqueueCommand({ id: 'r1', name: 'reboot', parameters: {} });
    await makeRunner({ hub, state, handlers: [createRebootHandler()], bootId: 'boot-A' }).runner.drain();
    const after = makeRunner({ hub, state: openState(tmp.dir), handlers: [createRebootHandler()], bootId: 'boot-B' });
    hub.failNext('updateCommand', transientError('updateCommand'));
    await expect(after.runner.reportInterrupted()).rejects.toMatchObject({ kind: 'transient' });
    expect(openState(tmp.dir).get().inflightCommand?.id).toBe('r1');
    await after.runner.reportInterrupted();
    expect(hub.commandReports.filter((r) => r.status !== 'in_progress')).toEqual([{ id: 'r1', status: 'done' }]);
  });

  it('a never-started record is left for the hub to hand out again', async () => {
    state.update({ inflightCommand: { id: 'c1', name: 'reload', parameters: {}, startedAt: '2024-01-01T00:00:00.000Z', phase: 'received' } });
    hub.enqueueCommand({ id: 'c1', name: 'reload', parameters: {} });
    const platform = recordingPlatform();
    const { runner } = makeRunner({ hub, state, handlers: [createReloadHandler()], platform });
    await runner.reportInterrupted();
    expect(hub.commandReports).toEqual([]);
    await runner.drain();
    expect(platform.calls).toEqual(['reload']);
    expect(hub.commandReports.at(-1)).toEqual({ id: 'c1', status: 'done' });
  });
});
