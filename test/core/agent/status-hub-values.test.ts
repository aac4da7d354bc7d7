// Values from the hub, of any length and type, never stop the screen: whatever ends up in the
// stores (from the hub, or persisted by an older build before entry checks existed), the status
// snapshot always fits the IPC schema, so the renderer never drops every status and stays on
// "Starting…" — also right after a restart with the odd value already on disk.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createConfigView } from '../../../app/core/agent/config-view';
import { buildSnapshot, type StatusSources } from '../../../app/core/agent/status';
import { summarizeLicenses } from '../../../app/core/licenses';
import { normalizeExpiry } from '../../../app/core/licenses/license-sync';
import { defaultDeviceState } from '../../../app/core/state/device-state-store';
import type { DeviceState } from '../../../app/core/state/schema';
import { statusSnapshotSchema } from '../../../app/ipc/schemas';

const anyText = fc.oneof(fc.string(), fc.string({ minLength: 60, maxLength: 3000 }), fc.constant(''), fc.constant('1.0.0-' + 'a'.repeat(70)));
const anyNumber = fc.oneof(fc.integer(), fc.double(), fc.constant(Number.MAX_SAFE_INTEGER * 4));

function sourcesFor(state: DeviceState, ids: { deviceId: string; sn: string; cloudId: string }): StatusSources {
  return {
    appVersion: '1.0.0',
    now: () => Date.parse('2026-06-01T00:00:00Z'),
    state: () => state,
    config: createConfigView({ get: () => state }),
    hardware: () => ({ hardwareKey: '11111111-2222-4333-8444-555555555555', sn: ids.sn, cloudId: ids.cloudId }),
    identity: () => ({ deviceId: ids.deviceId, accessKey: 'k'.repeat(32), hubUrl: 'http://127.0.0.1:1', registeredAt: '2026-01-01T00:00:00Z' }),
    summarizeLicenses: (s, now) => summarizeLicenses(s.licenses, now, null),
  };
}

describe('status from arbitrary hub values', () => {
  it('always fits the IPC schema the renderer validates', () => {
    fc.assert(
      fc.property(
        fc.record({
          latestVer: anyText,
          name: anyText,
          spaceName: anyText,
          units: anyText,
          utcOffset: anyNumber,
          configVersion: anyNumber,
          title: anyText,
          deviceId: anyText.filter((s) => s.length > 0),
          sn: anyText,
          cloudId: anyText,
          licenses: fc.array(fc.record({ id: anyText, expiresAt: fc.option(anyText) }), { maxLength: 600 }),
          details: fc.dictionary(fc.string(), fc.jsonValue()),
        }),
        (hub) => {
          const state = {
            ...defaultDeviceState(),
            latestVer: hub.latestVer,
            configVersion: hub.configVersion,
            config: { display: { title: hub.title } },
            info: { name: hub.name, details: hub.details },
            space: { name: hub.spaceName, maintenance: false, utcOffsetMin: hub.utcOffset, temperatureUnits: hub.units },
            licenses: hub.licenses.map((l) => ({ id: l.id, data: 'x', expiresAt: l.expiresAt, addedAt: '2026-01-01T00:00:00Z' })),
          } as DeviceState;
          const snapshot = buildSnapshot(sourcesFor(state, hub), { connection: { state: 'online' }, lastTelemetryAt: null, upgrade: { kind: 'idle' } });
          const parsed = statusSnapshotSchema.safeParse(snapshot);
          expect(parsed.success ? 'valid' : parsed.error.issues[0]).toBe('valid');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the cases seen in the field: a 76-character SemVer, a 92-character expires_at, a 124-character device id', () => {
    const state = {
      ...defaultDeviceState(),
      latestVer: `1.0.0-${'a'.repeat(70)}`,
      licenses: [{ id: 'lic-1', data: 'x', expiresAt: `2030-01-01T00:00:00.${'0'.repeat(70)}Z`, addedAt: '2026-01-01T00:00:00Z' }],
    } as DeviceState;
    const snapshot = buildSnapshot(sourcesFor(state, { deviceId: 'd'.repeat(124), sn: 'SN-1', cloudId: 'XKSK' + 'c'.repeat(20) }), {
      connection: { state: 'online' },
      lastTelemetryAt: null,
      upgrade: { kind: 'idle' },
    });
    expect(statusSnapshotSchema.safeParse(snapshot).success).toBe(true);
    expect(snapshot.versions.latestKnown).toBe('1.0.0');
  });

  it('license expiry is bounded where it enters: a long readable date becomes a short ISO string, anything unreadable is refused', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const out = normalizeExpiry(text);
        if (out.ok) expect(out.value === null || out.value.length <= 64).toBe(true);
      }),
    );
    expect(normalizeExpiry('2030-01-01T00:00:00+02:00')).toEqual({ ok: true, value: '2030-01-01T00:00:00+02:00' });
    expect(normalizeExpiry(`2030-01-01T00:00:00.${'0'.repeat(70)}Z`)).toEqual({ ok: true, value: '2030-01-01T00:00:00.000Z' });
    expect(normalizeExpiry('soon')).toEqual({ ok: false });
    expect(normalizeExpiry(null)).toEqual({ ok: true, value: null });
  });
});
