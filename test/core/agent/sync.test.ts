// The per-tick sync steps on their own: the fixed order config → commands → licenses → space →
// info → firmware notice, asserted on one ordered call log; a failing step ends the tick and
// moves no local version; level-triggered flags are simply acted on again by the next reply.
import { describe, expect, it } from 'vitest';
import type { FirmwareNotice } from '../../../app/core/agent/firmware-notice';
import type { ConfigOutcome } from '../../../app/core/agent/agent-session';
import { runSyncSteps, SYNC_ORDER, type SyncDeps } from '../../../app/core/agent/sync';
import type { TelemetryReply } from '../../../app/core/hub/types';
import { createLogger } from '../../../app/core/log/logger';
import { createMemoryStateStore, type MemoryStateStore } from '../support/memory-state-store';
import { createFakeSession, QUIET_REPLY, type FakeSession } from './fake-session';

interface Scene {
  deps: SyncDeps;
  session: FakeSession;
  state: MemoryStateStore;
  outcomes: ConfigOutcome[];
}

function scene(options: { refused?: number } = {}): Scene {
  const state = createMemoryStateStore({ configVersion: 1, spaceDataVersion: 1, infoVersion: 1 });
  const session = createFakeSession(state);
  session.refusedVersion = options.refused ?? null;
  const outcomes: ConfigOutcome[] = [];
  const notice: FirmwareNotice = {
    onReply: (reply) => void session.log.push(`notice.onReply ${reply.latest_fw_version ?? 'none'}`),
    checkPostponed: () => void session.log.push('notice.checkPostponed'),
    postpone: () => ({ ok: true, remindAt: null }),
    fileIdFor: () => undefined,
  };
  const deps: SyncDeps = {
    session,
    state,
    notice,
    logger: createLogger({ level: 'error', write: () => undefined }),
    onConfigOutcome: (outcome) => void outcomes.push(outcome),
    afterFirmwareStep: () => void session.log.push('afterFirmwareStep'),
  };
  return { deps, session, state, outcomes };
}

const everythingNew: TelemetryReply = {
  ...QUIET_REPLY,
  config_version: 2,
  command: true,
  new_licenses: true,
  space_data_version: 2,
  info_version: 2,
  latest_fw_version: '1.1.0',
  latest_fw_file_id: 'f1',
};

describe('sync steps', () => {
  it('declares the fixed order', () => {
    expect(SYNC_ORDER).toEqual(['config', 'commands', 'licenses', 'space', 'info', 'firmware']);
  });

  it('runs config → commands → licenses → space → info → firmware notice when all flags are up', async () => {
    const { deps, session } = scene();
    await runSyncSteps(deps, everythingNew);
    expect(session.log).toEqual([
      'syncConfig',
      'drainCommands',
      'syncLicenses',
      'hub.getSpace',
      'queue {"space_version":"2"}',
      'hub.getDeviceInfo',
      'notice.onReply 1.1.0',
      'notice.checkPostponed',
      'afterFirmwareStep',
    ]);
  });

  it('a quiet reply fetches nothing and still runs the notice rule', async () => {
    const { deps, session } = scene();
    await runSyncSteps(deps, { ...QUIET_REPLY, config_version: 1, space_data_version: 1, info_version: 1 });
    expect(session.log).toEqual(['notice.onReply none', 'notice.checkPostponed', 'afterFirmwareStep']);
  });

  it('persists space and info versions only after their fetch succeeded', async () => {
    const { deps, session, state } = scene();
    await runSyncSteps(deps, everythingNew);
    expect(state.get()).toMatchObject({ spaceDataVersion: 2, infoVersion: 2, space: { name: 'Lobby', maintenance: false }, info: { name: 'Kiosk 1' } });
    expect(session.log.filter((c) => c.startsWith('hub.'))).toEqual(['hub.getSpace', 'hub.getDeviceInfo']);
  });

  it.each([
    ['syncConfig', []],
    ['drainCommands', ['syncConfig']],
    ['syncLicenses', ['syncConfig', 'drainCommands']],
    ['hub.getSpace', ['syncConfig', 'drainCommands', 'syncLicenses']],
    ['hub.getDeviceInfo', ['syncConfig', 'drainCommands', 'syncLicenses', 'hub.getSpace', 'queue {"space_version":"2"}']],
  ])('a failing %s ends the tick: later steps wait for the next reply', async (failing, before) => {
    const { deps, session, state } = scene();
    session.failNext(failing, new Error('boom'));
    await expect(runSyncSteps(deps, everythingNew)).rejects.toThrow('boom');
    expect(session.log).toEqual([...before, failing]);
    if (failing === 'hub.getSpace') expect(state.get().spaceDataVersion).toBe(1);
    if (failing === 'hub.getDeviceInfo') expect(state.get().infoVersion).toBe(1);

    // Level-triggered: the next reply carries the same flags and the tick completes.
    session.log.length = 0;
    await runSyncSteps(deps, everythingNew);
    expect(session.log.at(-1)).toBe('afterFirmwareStep');
  });

  it('hands every config outcome to the agent', async () => {
    const { deps, session, outcomes } = scene();
    session.configOutcome = (version) => ({ kind: 'refused', version, message: 'bad' });
    await runSyncSteps(deps, everythingNew);
    expect(outcomes).toEqual([{ kind: 'refused', version: 2, message: 'bad' }]);
  });

  it('does not fetch a refused config version again', async () => {
    const { deps, session } = scene({ refused: 2 });
    await runSyncSteps(deps, { ...everythingNew, command: false, new_licenses: false, space_data_version: 1, info_version: 1 });
    expect(session.log).not.toContain('syncConfig');
  });

  it('space version 0 means unclaimed: no fetch, maintenance off', async () => {
    const { deps, session, state } = scene();
    state.update({ space: { maintenance: true, name: 'Lobby' } });
    await runSyncSteps(deps, { ...QUIET_REPLY, config_version: 1, info_version: 1, space_data_version: 0 });
    expect(session.log).not.toContain('hub.getSpace');
    expect(state.get()).toMatchObject({ spaceDataVersion: 0, space: { maintenance: false } });
  });
});
