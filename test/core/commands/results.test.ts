// The result record (app/core/commands/results.ts) with the in-memory hub client: the result is on
// disk before it is sent, which hub answers clear it, and the paths the simulator test does not
// reach (an unsupported command's result, a result whose write to disk failed).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandHandler } from '../../../app/core/commands/handler-types';
import { isRefusedForGood, toFinal } from '../../../app/core/commands/results';
import { HubError } from '../../../app/core/hub/types';
import type { DeviceStateStore } from '../../../app/core/state/device-state-store';
import { createFakeHubClient, rateLimitedError, transientError, type FakeHubClient } from '../support/fake-hub-client';
import { makeRunner, openState, tempDir } from './helpers';

let tmp: ReturnType<typeof tempDir>;
let state: DeviceStateStore;
let hub: FakeHubClient;
beforeEach(() => {
  tmp = tempDir('commands-results-');
  state = openState(tmp.dir);
  hub = createFakeHubClient();
});
afterEach(() => tmp.cleanup());

function countingHandler() {
  const runs: string[] = [];
  const handler: CommandHandler = { name: 'probe', label: () => 'Probing…', run: async () => (runs.push('probe'), { status: 'done' }) };
  return { handler, runs };
}

const finals = () => hub.commandReports.filter((r) => r.status !== 'in_progress');

describe('command results', () => {
  it('the result is on disk, phase finished, before the final Update Command is sent', async () => {
    const { handler } = countingHandler();
    hub.enqueueCommand({ id: 'c1', name: 'probe', parameters: {} });
    const original = hub.updateCommand.bind(hub);
    const onDisk: unknown[] = [];
    hub.updateCommand = async (body) => {
      if (body.status !== 'in_progress') onDisk.push(openState(tmp.dir).get().inflightCommand);
      return original(body);
    };
    await makeRunner({ hub, state, handlers: [handler] }).runner.drain();
    expect(onDisk).toEqual([expect.objectContaining({ id: 'c1', phase: 'finished', outcome: { status: 'done' } })]);
    expect(state.get().inflightCommand).toBeNull();
  });

  it.each([
    ['401 keeps', new HubError('unauthorized', 'updateCommand', 'unauthorized (401)', { status: 401 }), true],
    ['429 keeps', rateLimitedError(30_000, 'updateCommand'), true],
    ['a network error keeps', transientError('updateCommand'), true],
    ['a redirect keeps', new HubError('rejected', 'updateCommand', 'redirect (302) refused', { status: 302 }), true],
    ['404 clears', new HubError('rejected', 'updateCommand', 'rejected (404)', { status: 404 }), false],
    ['422 clears', new HubError('rejected', 'updateCommand', 'rejected (422)', { status: 422 }), false],
  ])('a final report answered with %s the record', async (_name, error, kept) => {
    const { handler } = countingHandler();
    hub.enqueueCommand({ id: 'c1', name: 'probe', parameters: {} });
    const original = hub.updateCommand.bind(hub);
    hub.updateCommand = async (body) => {
      if (body.status !== 'done') return original(body);
      if (!kept) hub.commands.shift(); // refused for good: the hub no longer hands it out
      throw error;
    };
    const { runner, events } = makeRunner({ hub, state, handlers: [handler] });
    if (kept) await expect(runner.drain()).rejects.toBe(error);
    else await runner.drain();
    expect(openState(tmp.dir).get().inflightCommand).toEqual(kept ? expect.objectContaining({ id: 'c1', outcome: { status: 'done' } }) : null);
    expect(events.filter((e) => e.phase === 'finished')).toHaveLength(kept ? 0 : 1);
    expect(isRefusedForGood(error)).toBe(!kept);
  });

  it('an unsupported command whose result was not taken reports that result after a restart', async () => {
    hub.enqueueCommand({ id: 'u1', name: 'format_disk', parameters: {} });
    hub.failNext('updateCommand', transientError('updateCommand'));
    await expect(makeRunner({ hub, state, handlers: [] }).runner.drain()).rejects.toMatchObject({ kind: 'transient' });
    expect(openState(tmp.dir).get().inflightCommand).toMatchObject({ id: 'u1', phase: 'finished' });

    const after = openState(tmp.dir);
    await makeRunner({ hub, state: after, handlers: [] }).runner.reportInterrupted();
    expect(hub.commandReports).toEqual([{ id: 'u1', status: 'failed', message: 'unsupported command format_disk' }]);
    expect(after.get().inflightCommand).toBeNull();
  });

  it('if writing the result fails, this process still reports it (not "interrupted") and runs nothing again', async () => {
    const { handler, runs } = countingHandler();
    hub.enqueueCommand({ id: 'c1', name: 'probe', parameters: {} });
    let failWrites = 1;
    const diskFull: DeviceStateStore = {
      ...state,
      update: (patch) => {
        const changes = typeof patch === 'function' ? patch(state.get()) : patch;
        if (changes.inflightCommand?.outcome && failWrites-- > 0) throw new Error('ENOSPC: no space left on device');
        return state.update(changes);
      },
    };
    const original = hub.updateCommand.bind(hub);
    let failDone = 1;
    hub.updateCommand = async (body) => {
      if (body.status === 'done' && failDone-- > 0) throw transientError('updateCommand');
      return original(body);
    };
    const { runner } = makeRunner({ hub, state: diskFull, handlers: [handler] });
    await expect(runner.drain()).rejects.toMatchObject({ kind: 'transient' });
    expect(state.get().inflightCommand).toMatchObject({ id: 'c1', phase: 'executing' });
    expect(state.get().inflightCommand?.outcome).toBeUndefined();

    await runner.drain();
    expect(runs).toEqual(['probe']);
    expect(finals()).toEqual([{ id: 'c1', status: 'done' }]);
    expect(state.get().inflightCommand).toBeNull();
  });

  it('keeps what the hub gets: long messages are clipped once, on the record too', () => {
    const long = 'x'.repeat(5000);
    const final = toFinal({ status: 'failed', message: long });
    expect(final.message).toHaveLength(1000);
    expect(toFinal({ status: 'done' })).toEqual({ status: 'done' });
  });
});
