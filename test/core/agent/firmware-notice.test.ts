import { describe, expect, it } from 'vitest';
import { createEventBus } from '../../../app/core/agent/event-bus';
import { createFirmwareNotice, MAX_NOTES_CHARS } from '../../../app/core/agent/firmware-notice';
import { waitFor } from './fake-clock';
import { createStatusTracker } from '../../../app/core/agent/status';
import { createConfigView } from '../../../app/core/agent/config-view';
import { silentLogger } from '../../../app/core/log/logger';
import type { KioskEvent } from '../../../app/ipc/contract';
import { createMemoryStateStore } from '../support/memory-state-store';
import { createFakeClock } from './fake-clock';

function setup(initial = {}, fetchNotes?: (fileId: string) => Promise<string | null | undefined>) {
  const state = createMemoryStateStore(initial);
  const clock = createFakeClock({ auto: false });
  const bus = createEventBus(silentLogger);
  const events: KioskEvent[] = [];
  bus.onEvent((e) => events.push(e));
  const config = createConfigView(state);
  const status = createStatusTracker(
    {
      appVersion: '1.0.0',
      now: clock.now,
      state: () => state.get(),
      config,
      hardware: () => ({ hardwareKey: 'hk', sn: 'SN1', cloudId: 'XKSKabcdefghijklmnopqrst' }),
      identity: () => null,
      summarizeLicenses: () => ({ active: 0, items: [] }),
    },
    bus,
  );
  const notice = createFirmwareNotice({ appVersion: '1.0.0', state, status, clock, logger: silentLogger, postponeHours: () => config().upgrade.postpone_hours, ...(fetchNotes ? { fetchNotes } : {}) });
  const notices = () => events.filter((e) => e.name === 'onStatus' && e.payload.upgrade.kind === 'notice').length;
  return { state, clock, status, notice, notices };
}

const reply = (version: string | null) => ({ latest_fw_version: version, latest_fw_file_id: version ? `file-${version}` : null });

describe('firmware notice (docs/PROTOCOL.md#firmware-notice)', () => {
  it('refuses a valid but over-long SemVer (76 characters): not shown, not persisted', () => {
    const t = setup();
    const long = `1.1.0-${'a'.repeat(70)}`;
    t.notice.onReply(reply(long));
    expect(t.status.upgrade()).toEqual({ kind: 'idle' });
    expect(t.state.get().latestVer).toBeUndefined();
    expect(t.notices()).toBe(0);
  });

  it('notifies once per newer version and overwrites latestVer', () => {
    const t = setup();
    t.notice.onReply(reply('1.1.0'));
    t.notice.onReply(reply('1.1.0'));
    expect(t.status.upgrade()).toMatchObject({ kind: 'notice', available: '1.1.0', current: '1.0.0' });
    expect(t.state.get().latestVer).toBe('1.1.0');
    expect(t.notices()).toBe(1);
    expect(t.notice.fileIdFor('1.1.0')).toBe('file-1.1.0');
    t.notice.onReply(reply('1.0.5'));
    expect(t.state.get().latestVer).toBe('1.1.0');
    t.notice.onReply(reply('1.2.0'));
    expect(t.status.upgrade()).toMatchObject({ kind: 'notice', available: '1.2.0' });
  });

  it('adds the release notes published with the file to the dialog, bounded, and only to that notice', async () => {
    const asked: string[] = [];
    const t = setup({}, async (fileId) => (asked.push(fileId), fileId === 'file-1.1.0' ? `  Faster start-up.\n${'x'.repeat(5000)}` : null));
    t.notice.onReply(reply('1.1.0'));
    const shown = await waitFor(() => { const u = t.status.upgrade(); return u.kind === 'notice' && u.notes ? u : undefined; }, 'notes');
    expect(asked).toEqual(['file-1.1.0']);
    expect(shown.notes!.startsWith('Faster start-up.')).toBe(true);
    expect(shown.notes).toHaveLength(MAX_NOTES_CHARS);
  });

  it('keeps the dialog without notes when the hub has none or Get File fails', async () => {
    let fail = false;
    const t = setup({}, async () => {
      if (fail) throw new Error('503');
      return null;
    });
    t.notice.onReply(reply('1.1.0'));
    fail = true;
    t.notice.onReply(reply('1.2.0'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.status.upgrade()).toEqual({ kind: 'notice', current: '1.0.0', available: '1.2.0', source: 'notice' });
  });

  it('ignores null, invalid and not-newer versions', () => {
    const t = setup();
    for (const v of [null, 'latest', '0.9.0', '1.0.0']) t.notice.onReply(reply(v));
    expect(t.status.upgrade().kind).toBe('idle');
    expect(t.state.get().latestVer).toBeUndefined();
  });

  it('stays silent during maintenance without moving latestVer, then shows after it ends', () => {
    const t = setup({ space: { maintenance: true } });
    t.notice.onReply(reply('1.1.0'));
    expect(t.status.upgrade().kind).toBe('idle');
    expect(t.state.get().latestVer).toBeUndefined();
    t.state.update({ space: { maintenance: false } });
    t.notice.onReply(reply('1.1.0'));
    expect(t.status.upgrade()).toMatchObject({ kind: 'notice', available: '1.1.0' });
  });

  it('never offers a version that failed before', () => {
    const t = setup({ failedVersions: ['1.1.0'] });
    t.notice.onReply(reply('1.1.0'));
    expect(t.status.upgrade().kind).toBe('idle');
  });

  it('a postponed notice comes back after upgrade.postpone_hours', async () => {
    const t = setup({ config: { upgrade: { postpone_hours: 2 } } });
    t.notice.onReply(reply('1.1.0'));
    const result = t.notice.postpone('1.1.0');
    expect(result.remindAt).toBe(new Date(t.clock.now() + 2 * 3_600_000).toISOString());
    expect(t.status.upgrade().kind).toBe('idle');
    expect(t.state.get().postponed).toEqual({ version: '1.1.0', until: result.remindAt });
    await t.clock.advance(3_600_000);
    t.notice.checkPostponed();
    expect(t.status.upgrade().kind).toBe('idle');
    await t.clock.advance(3_600_000);
    t.notice.checkPostponed();
    expect(t.status.upgrade()).toMatchObject({ kind: 'notice', available: '1.1.0' });
    expect(t.state.get().postponed).toBeNull();
  });
});
