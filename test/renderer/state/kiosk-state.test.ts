import { describe, expect, it } from 'vitest';
import { initialKioskState, initKioskState, reduceKiosk, selectScreen, type KioskAction, type KioskState } from '../../../renderer/state/kiosk-state';
import { MAX_DIAGNOSTIC_CHARS, MAX_DIAGNOSTICS } from '../../../renderer/state/diagnostics';
import { commandToast, configToast, MAX_TOASTS, pushToast } from '../../../renderer/state/toasts';
import { sampleProgress, sampleStatus } from '../../shells/browser/fake-runtime';

const run = (...actions: KioskAction[]): KioskState => actions.reduce(reduceKiosk, initialKioskState);
const notice = { kind: 'notice', current: '1.0.0', available: '1.2.0', source: 'notice' } as const;

describe('selectScreen', () => {
  it('waits for the first snapshot, then shows the status screen', () => {
    expect(selectScreen(initialKioskState)).toEqual({ kind: 'connecting' });
    expect(selectScreen(run({ type: 'status', status: sampleStatus() })).kind).toBe('status');
  });

  it('shows the notice dialog until the person answers it for that version', () => {
    const status = { ...sampleStatus(), upgrade: notice };
    const shown = run({ type: 'status', status });
    expect(selectScreen(shown)).toMatchObject({ kind: 'upgrade-dialog', available: '1.2.0', current: '1.0.0', notes: null });
    const later = reduceKiosk(shown, { type: 'decided', version: '1.2.0' });
    expect(selectScreen(later).kind).toBe('status');
    // The same notice again (a re-sent snapshot) stays hidden; a newer version asks again.
    expect(selectScreen(reduceKiosk(later, { type: 'status', status })).kind).toBe('status');
    expect(selectScreen(reduceKiosk(later, { type: 'status', status: { ...status, upgrade: { ...notice, available: '1.3.0' } } })).kind).toBe('upgrade-dialog');
    expect(selectScreen(reduceKiosk(later, { type: 'undecided', version: '1.2.0' })).kind).toBe('upgrade-dialog');
  });

  it('prefers live progress events for the running target, and resets them on a new snapshot', () => {
    const status = { ...sampleStatus(), upgrade: { kind: 'in-progress', current: '1.0.0', target: '1.2.0', progress: sampleProgress({ bytesDone: 10 }) } as const };
    const base = run({ type: 'status', status });
    const live = reduceKiosk(base, { type: 'progress', progress: sampleProgress({ bytesDone: 500 }) });
    expect(selectScreen(live)).toMatchObject({ kind: 'upgrade-progress', progress: { bytesDone: 500 } });
    const other = reduceKiosk(base, { type: 'progress', progress: sampleProgress({ version: '9.9.9', bytesDone: 900 }) });
    expect(selectScreen(other)).toMatchObject({ progress: { bytesDone: 10 } });
    expect(selectScreen(reduceKiosk(live, { type: 'status', status }))).toMatchObject({ progress: { bytesDone: 10 } });
  });

  it('shows the result of an update', () => {
    const ok = run({ type: 'status', status: { ...sampleStatus(), upgrade: { kind: 'succeeded', version: '1.2.0', at: '2025-01-01T00:00:00Z' } } });
    expect(selectScreen(ok)).toMatchObject({ kind: 'upgrade-result', ok: true, version: '1.2.0' });
    const failed = run({ type: 'status', status: { ...sampleStatus(), upgrade: { kind: 'failed', target: '1.2.0', reason: 'checksum mismatch', at: '2025-01-01T00:00:00Z' } } });
    expect(selectScreen(failed)).toMatchObject({ kind: 'upgrade-result', ok: false, reason: 'checksum mismatch' });
  });

  it('tracks the transport', () => {
    expect(run({ type: 'transport', connected: false }).transport).toBe('reconnecting');
    expect(run({ type: 'transport', connected: false }, { type: 'transport', connected: true }).transport).toBe('connected');
  });
});

describe('toasts', () => {
  it('turns command events into one toast per command that updates in place', () => {
    const started = run({ type: 'command', event: { phase: 'started', id: 'c1', name: 'reboot', label: 'Rebooting…' } });
    expect(started.toasts).toEqual([{ key: 'command:c1', tone: 'info', text: 'Rebooting…', rev: 0 }]);
    const done = reduceKiosk(started, { type: 'command', event: { phase: 'finished', id: 'c1', name: 'reboot', label: 'Rebooting…', ok: true } });
    expect(done.toasts).toEqual([{ key: 'command:c1', tone: 'ok', text: 'Rebooting: done', rev: 1 }]);
    // An expiry timer from the replaced toast does not remove the new one.
    expect(reduceKiosk(done, { type: 'toast-expired', key: 'command:c1', rev: 0 }).toasts).toHaveLength(1);
    expect(reduceKiosk(done, { type: 'toast-expired', key: 'command:c1', rev: 1 }).toasts).toHaveLength(0);
  });

  it('words failures and config outcomes plainly (technical detail goes to diagnostics) and caps the stack', () => {
    expect(commandToast({ phase: 'finished', id: 'c', name: 'reload', label: 'Reloading...', ok: false, message: 'EACCES /usr/bin/x' }).text).toBe('Reloading: did not work');
    expect(commandToast({ phase: 'finished', id: 'c', name: 'dump', label: 'Uploading…', ok: true, message: 'uploaded as dump 0b0b0b0b-1c2d-4e5f-8a9b-0c1d2e3f4a5b' }).text).toBe('Uploading: done');
    expect(configToast({ outcome: 'applied', version: 4, changed: ['display', 'telemetry'] }).text).toBe('Settings updated');
    expect(configToast({ outcome: 'refused', version: 5, changed: [], message: 'telemetry.interval must be ≤ 120' })).toMatchObject({
      tone: 'warn',
      text: 'New settings not applied — keeping the current ones',
    });
    let toasts = pushToast([], { key: 'a', tone: 'ok', text: 'a' });
    for (const key of ['b', 'c', 'd']) toasts = pushToast(toasts, { key, tone: 'ok', text: key });
    expect(toasts.map((t) => t.key)).toEqual(['b', 'c', 'd']);
    expect(toasts).toHaveLength(MAX_TOASTS);
  });
});

describe('diagnostics', () => {
  it('collects the technical side of what the screen words plainly, bounded and without repeats', () => {
    const status = sampleStatus();
    const state = run(
      { type: 'status', status: { ...status, connection: { state: 'offline', message: 'HTTP 503 from hub' } } },
      { type: 'status', status: { ...status, connection: { state: 'offline', message: 'HTTP 503 from hub' }, lastTelemetryAt: null } },
      { type: 'config', event: { outcome: 'refused', version: 5, changed: [], message: 'telemetry.interval_sec: must be ≤ 120' } },
      { type: 'command', event: { phase: 'finished', id: 'c', name: 'screenshot', label: 'Taking a screenshot…', ok: false, message: 'no screen' } },
      { type: 'status', status: { ...status, upgrade: { kind: 'failed', target: '1.2.0', reason: 'checksum mismatch', at: 'x' } } },
    );
    expect(state.diagnostics.map((d) => [d.topic, d.text])).toEqual([
      ['connection', 'HTTP 503 from hub'],
      ['settings', 'version 5 refused: telemetry.interval_sec: must be ≤ 120'],
      ['command screenshot', 'failed: no screen'],
      ['update', '1.2.0: checksum mismatch'],
    ]);
    let many = initialKioskState;
    for (let i = 0; i < MAX_DIAGNOSTICS + 5; i += 1) many = reduceKiosk(many, { type: 'config', event: { outcome: 'refused', version: i, changed: [], message: 'x'.repeat(900) } });
    expect(many.diagnostics).toHaveLength(MAX_DIAGNOSTICS);
    expect(many.diagnostics.every((d) => d.text.length <= MAX_DIAGNOSTIC_CHARS)).toBe(true);
  });
});

describe('first state and re-sent snapshots', () => {
  it('starts from the snapshot that arrived before the first render, or from nothing', () => {
    const status = sampleStatus();
    expect(initKioskState(null)).toBe(initialKioskState);
    expect(selectScreen(initKioskState(status))).toEqual({ kind: 'status', status });
  });

  it('keeps the same state object for an identical snapshot, so React skips the re-render', () => {
    const shown = run({ type: 'status', status: sampleStatus(0) });
    expect(reduceKiosk(shown, { type: 'status', status: sampleStatus(0) })).toBe(shown);
    expect(reduceKiosk(shown, { type: 'status', status: { ...sampleStatus(0), claim: { claimed: true } } })).not.toBe(shown);
    expect(reduceKiosk(shown, { type: 'transport', connected: true })).toBe(shown);
    expect(reduceKiosk(shown, { type: 'transport', connected: false }).transport).toBe('reconnecting');
  });

  it('still applies an identical snapshot that replaces live progress events', () => {
    const status = { ...sampleStatus(0), upgrade: { kind: 'in-progress', current: '1.0.0', target: '1.2.0', progress: sampleProgress({ bytesDone: 10 }) } as const };
    const live = run({ type: 'status', status }, { type: 'progress', progress: sampleProgress({ bytesDone: 500 }) });
    const next = reduceKiosk(live, { type: 'status', status: structuredClone(status) });
    expect(next.liveProgress).toBeNull();
  });
});
