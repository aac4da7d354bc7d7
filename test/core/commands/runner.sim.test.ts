// The command runner against the hub simulator: queue drain, unsupported commands, and a reboot
// that survives a "restart" (new runner, state reopened from disk, new boot id).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDumpHandler } from '../../../app/core/commands/handlers/dump';
import { createRebootHandler } from '../../../app/core/commands/handlers/reboot';
import { createReloadHandler } from '../../../app/core/commands/handlers/reload';
import { startSimDevice, type SimDevice } from '../config/sim-device';
import { makeRunner, openState, recordingPlatform, tempDir } from './helpers';

let device: SimDevice;
let tmp: ReturnType<typeof tempDir>;
beforeEach(async () => {
  device = await startSimDevice();
  tmp = tempDir('commands-sim-');
});
afterEach(async () => {
  await device.close();
  tmp.cleanup();
});

const statuses = (device: SimDevice) => device.sim.control.commands(device.deviceId).map((c) => [c.name, c.status, c.message]);

describe('command runner against the simulator', () => {
  it('drains the queue: known commands done, unknown ones failed, dump uploaded without the key', async () => {
    const { control } = device.sim;
    control.enqueueCommand(device.deviceId, { name: 'reload' });
    control.enqueueCommand(device.deviceId, { name: 'self_destruct' });
    control.enqueueCommand(device.deviceId, { name: 'dump' });
    const platform = recordingPlatform();
    const { runner } = makeRunner({
      hub: device.hub,
      state: openState(tmp.dir),
      handlers: [createReloadHandler(), createDumpHandler()],
      platform,
      secrets: [device.accessKey],
      collectDump: async () => ({ identity: { deviceId: device.deviceId, accessKey: device.accessKey }, note: `key ${device.accessKey}` }),
    });

    await runner.drain();

    expect(statuses(device)).toEqual([
      ['reload', 'done', null],
      ['self_destruct', 'failed', 'unsupported command self_destruct'],
      ['dump', 'done', expect.stringMatching(/^dump .+ uploaded$/)],
    ]);
    expect(platform.calls).toEqual(['reload', 'screenshot']);
    const dumps = control.dumps(device.deviceId);
    expect(dumps).toHaveLength(1);
    expect(dumps[0]!.mime).toBe('application/json');
    expect(dumps[0]!.body.toString('utf8')).not.toContain(device.accessKey);
    expect(JSON.parse(dumps[0]!.body.toString('utf8')).identity.deviceId).toBe(device.deviceId);
  });

  it('a reboot is reported done exactly once after the restart and never re-run', async () => {
    const { control } = device.sim;
    control.enqueueCommand(device.deviceId, { name: 'reboot' });
    const first = makeRunner({ hub: device.hub, state: openState(tmp.dir), handlers: [createRebootHandler()], bootId: 'boot-A' });
    await first.runner.drain();
    expect(statuses(device)).toEqual([['reboot', 'in_progress', null]]);

    const platform = recordingPlatform();
    const second = makeRunner({ hub: device.hub, state: openState(tmp.dir), handlers: [createRebootHandler()], bootId: 'boot-B', platform });
    await second.runner.reportInterrupted();
    await second.runner.drain();

    expect(platform.calls).toEqual([]);
    const [command] = control.commands(device.deviceId);
    expect(command?.status).toBe('done');
    expect(command?.history.filter((h) => h.by === 'device').map((h) => h.status)).toEqual(['in_progress', 'done']);
  });

  it('a reboot found in_progress by Get Command after restart is decided by the record', async () => {
    const { control } = device.sim;
    control.enqueueCommand(device.deviceId, { name: 'reboot' });
    await makeRunner({ hub: device.hub, state: openState(tmp.dir), handlers: [createRebootHandler()], bootId: 'boot-A' }).runner.drain();
    const platform = recordingPlatform();
    await makeRunner({ hub: device.hub, state: openState(tmp.dir), handlers: [createRebootHandler()], bootId: 'boot-B', platform }).runner.drain();
    expect(platform.calls).toEqual([]);
    expect(statuses(device)).toEqual([['reboot', 'done', null]]);
  });

  it('survives a hub error on the result and reports exactly once on the next drain', async () => {
    const { control } = device.sim;
    control.enqueueCommand(device.deviceId, { name: 'reload' });
    const platform = recordingPlatform();
    const { runner } = makeRunner({ hub: device.hub, state: openState(tmp.dir), handlers: [createReloadHandler()], platform });
    // First updateCommand (in_progress) passes; the second (done) hits a 503.
    const original = device.hub.updateCommand.bind(device.hub);
    let calls = 0;
    device.hub.updateCommand = async (body) => {
      if (++calls === 2) control.injectFault({ route: 'updateCommand', status: 503, times: 1 });
      return original(body);
    };
    await expect(runner.drain()).rejects.toMatchObject({ kind: 'transient' });
    await runner.drain();
    expect(platform.calls).toEqual(['reload']);
    expect(statuses(device)).toEqual([['reload', 'done', null]]);
  });
});
