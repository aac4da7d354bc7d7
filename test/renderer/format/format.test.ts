import { describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../../app/ipc/contract';
import { formatBytes, formatRate, percentOf } from '../../../renderer/format/bytes';
import { idChunks } from '../../../renderer/components/id-text';
import { formatClock } from '../../../renderer/format/clock';
import { connectionDiagnostic, describeConnection } from '../../../renderer/format/connection';
import { loadQrModule } from '../../../renderer/format/qr-loader';
import { buildQrPath } from '../../../renderer/format/qr-path';
import { formatAgo, formatDate, formatDuration, formatEta, formatUntil } from '../../../renderer/format/time';
import { PROGRESS_STEPS, phaseWord, stepIndex } from '../../../renderer/format/upgrade';
import { upgradePhaseSchema } from '../../../app/ipc/schemas';

const NOW = Date.parse('2025-06-01T12:00:00.000Z');
const ago = (sec: number) => new Date(NOW - sec * 1000).toISOString();

describe('formatAgo', () => {
  it.each([
    [0, 'just now'],
    [1.5, 'just now'],
    [12, '12 s ago'],
    [59, '59 s ago'],
    [60, '1 min ago'],
    [3599, '59 min ago'],
    [7200, '2 h ago'],
    [3 * 86_400, '3 d ago'],
  ])('%s s → %s', (sec, text) => expect(formatAgo(ago(sec), NOW)).toBe(text));

  it('says "never" for no time or an unreadable one, and clamps a future time', () => {
    expect(formatAgo(null, NOW)).toBe('never');
    expect(formatAgo('yesterday-ish', NOW)).toBe('never');
    expect(formatAgo(ago(-30), NOW)).toBe('just now');
  });
});

describe('durations', () => {
  it('formats retry times, durations and ETAs coarsely', () => {
    expect(formatUntil(ago(-12), NOW)).toBe('in 12 s');
    expect(formatUntil(ago(-240), NOW)).toBe('in 4 min');
    expect(formatUntil(ago(5), NOW)).toBe('now');
    expect(formatUntil(undefined, NOW)).toBeNull();
    expect(formatDuration(3900)).toBe('1 h 5 min');
    expect(formatDuration(7200)).toBe('2 h');
    expect(formatEta(20)).toBe('about 20 s left');
    expect(formatEta(0.2)).toBe('almost done');
    expect(formatEta(null)).toBeNull();
    expect(formatDate('2027-01-31T00:00:00.000Z')).toBe('31 Jan 2027');
    expect(formatDate('soon')).toBe('soon');
  });
});

describe('bytes', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1500, '1.5 KB'],
    [83_886_080, '84 MB'],
    [2_621_440, '2.6 MB'],
    [5e12, '5.0 TB'],
    [-1, '—'],
    [Number.NaN, '—'],
  ])('%s → %s', (n, text) => expect(formatBytes(n)).toBe(text));

  it('formats a rate and a clamped whole percent', () => {
    expect(formatRate(2_621_440)).toBe('2.6 MB/s');
    expect(percentOf(31_457_280, 83_886_080)).toBe(37);
    expect(percentOf(10, 5)).toBe(100);
    expect(percentOf(10, null)).toBeNull();
    expect(percentOf(10, 0)).toBeNull();
  });
});

describe('upgrade phases', () => {
  it('has a word and a step for every phase of the contract', () => {
    for (const phase of upgradePhaseSchema.options) {
      expect(phaseWord(phase)).toMatch(/^[A-Z]/);
      expect(PROGRESS_STEPS[stepIndex(phase)]).toBeDefined();
    }
    expect(phaseWord('download')).toBe('Downloading');
    expect(phaseWord('verify')).toBe('Verifying');
    expect(phaseWord('install')).toBe('Installing');
    expect(phaseWord('restart')).toBe('Restarting…');
  });
});

describe('describeConnection', () => {
  const cases: [ConnectionState, string, string][] = [
    [{ state: 'unregistered' }, 'Not registered', 'neutral'],
    [{ state: 'registering', attempt: 3, nextRetryAt: ago(-12) }, 'Registering', 'warn'],
    [{ state: 'already-registered', message: 'duplicate' }, 'Already registered', 'error'],
    [{ state: 'online' }, 'Online', 'ok'],
    [{ state: 'offline', message: 'hub unreachable', nextRetryAt: ago(-60) }, 'Offline', 'warn'],
    [{ state: 'error', message: 'HTTP 403' }, 'Error', 'error'],
  ];
  it.each(cases)('%o → %s (%s)', (state, word, tone) => {
    const view = describeConnection(state, NOW);
    expect(view.word).toBe(word);
    expect(view.tone).toBe(tone);
  });

  it('explains in plain words what happens and when the next try is, never the technical message', () => {
    expect(describeConnection({ state: 'registering', attempt: 3, nextRetryAt: ago(-12) }, NOW).detail).toBe("Can't reach Xyte — retrying · Next try in 12 s");
    expect(describeConnection({ state: 'registering', attempt: 0 }, NOW).detail).toBe('Connecting to Xyte');
    expect(describeConnection({ state: 'already-registered', message: 'x' }, NOW).detail).toBe(
      'This device is already registered — delete or replace it in the Xyte portal',
    );
    expect(describeConnection({ state: 'offline', message: 'connect ECONNRESET', nextRetryAt: ago(-60) }, NOW).detail).toBe("Can't reach Xyte — retrying · Next try in 1 min");
    expect(describeConnection({ state: 'error', message: 'HTTP 403', nextRetryAt: ago(1) }, NOW).detail).toBe('Xyte did not accept the connection — retrying · Retrying now');
  });

  it('a standing issue (a refused config) keeps "Online" with a discreet marker; the text is for diagnostics', () => {
    const connection = { state: 'online', issue: 'config version 5 refused: telemetry.interval_sec: must be ≤ 120' } as const;
    expect(describeConnection(connection, NOW)).toEqual({ word: 'Online', tone: 'ok', detail: 'Connected to Xyte', attention: 'Needs attention' });
    expect(connectionDiagnostic(connection)).toBe(connection.issue);
    expect(connectionDiagnostic({ state: 'online' })).toBeNull();
  });
});

describe('formatClock', () => {
  it("shows the space's local time when its utc_offset is known", () => {
    const at = Date.UTC(2026, 0, 1, 23, 30);
    expect(formatClock(at, 120)).toBe('01:30');
    expect(formatClock(at, -300)).toBe('18:30');
    expect(formatClock(at, 0)).toBe('23:30');
    // Out of range offsets are ignored (local time instead): never a wrong-looking clock.
    expect(formatClock(at, 5000)).toMatch(/^\d{2}:\d{2}$/);
  });
});

describe('idChunks', () => {
  it('splits after separators and into groups of four, never leaving one character alone', () => {
    expect(idChunks('CLD-7F3A-91B2')).toEqual(['CLD-', '7F3A-', '91B2']);
    expect(idChunks('5bPjQRzR3322fas2231qqweq')).toEqual(['5bPj', 'QRzR', '3322', 'fas2', '231q', 'qweq']);
    expect(idChunks('XKSK123456789')).toEqual(['XKSK', '1234', '56789']);
    for (const id of ['XKSK1234567890abcdefghij', 'a', 'SN-2024-000317', 'x'.repeat(37), '11:22:33:44:55:66']) {
      const chunks = idChunks(id);
      expect(chunks.join('')).toBe(id);
      if (chunks.length > 1) expect(chunks.every((c) => c.length >= 2)).toBe(true);
    }
  });
});

describe('buildQrPath', () => {
  it('builds a square module path locally, deterministic per text', () => {
    const a = buildQrPath('https://claim.example.test/c/CLD-1');
    expect(a.size).toBeGreaterThanOrEqual(21);
    expect(a.d).toMatch(/^M\d+ \d+h\d+v1h-\d+z/);
    expect(buildQrPath('https://claim.example.test/c/CLD-1')).toEqual(a);
    expect(buildQrPath('https://claim.example.test/c/CLD-2').d).not.toBe(a.d);
  });

  it('is loaded on demand (its own chunk), once', async () => {
    const first = loadQrModule();
    expect(loadQrModule()).toBe(first);
    expect((await first).buildQrPath('https://claim.example.test/c/CLD-1')).toEqual(buildQrPath('https://claim.example.test/c/CLD-1'));
  });
});
