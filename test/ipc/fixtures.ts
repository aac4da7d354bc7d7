// Realistic payloads for every contract channel, shared by the contract and fuzz tests.
import type { InvokeName, InvokeResult, KioskHandlers, PlayPlan, StatusSnapshot } from '../../app/ipc/contract';

export const statusSnapshot: StatusSnapshot = {
  connection: { state: 'online' },
  device: { name: 'Lobby screen 3', deviceId: 'd7c1c0a2-5f5e-4c8a-9d3b-0a1b2c3d4e5f', cloudId: 'XKSK-7Q2M-9RTA', sn: 'SN-0042-ABCD', details: { location: 'Lobby', floor: 2 } },
  claim: { claimed: true },
  versions: { app: '1.4.2', config: 7, latestKnown: '1.5.0' },
  lastTelemetryAt: '2026-01-05T10:11:12.000Z',
  space: { name: 'HQ Lobby', maintenance: false, utcOffsetMin: 120, temperatureUnits: 'celsius' },
  licenses: { active: 1, items: [{ id: 'lic-1', expiresAt: '2027-01-01T00:00:00.000Z' }] },
  upgrade: { kind: 'notice', current: '1.4.2', available: '1.5.0', notes: 'Faster start-up', source: 'notice' },
  display: { title: 'Welcome', theme: 'dark' },
};

export const unclaimedSnapshot: StatusSnapshot = {
  ...statusSnapshot,
  connection: { state: 'registering', attempt: 3, nextRetryAt: '2026-01-05T10:12:00.000Z', message: 'provisioning server unreachable' },
  device: { sn: 'SN-0042-ABCD', cloudId: 'XKSK-7Q2M-9RTA' },
  claim: { claimed: false, claimUrl: 'https://x.xyte.io/c/XKSK-7Q2M-9RTA' },
  upgrade: {
    kind: 'in-progress',
    current: '1.4.2',
    target: '1.5.0',
    progress: { phase: 'download', version: '1.5.0', bytesDone: 1024, bytesTotal: 4096, rateBytesPerSec: 512, etaSec: 6 },
  },
  licenses: { active: 0, items: [] },
  lastTelemetryAt: null,
};

export const playPlan: PlayPlan = {
  revision: 2,
  skip: 0,
  offlineBadge: true,
  allowOrigins: ['https://cdn.example'],
  screen: {
    kind: 'content',
    playlist: 'lobby',
    items: [
      { type: 'image', id: 'lobby/1', src: `/content/${'a'.repeat(40)}`, durationMs: 10_000, fit: 'contain' },
      { type: 'video', id: 'lobby/2', src: `/content/${'b'.repeat(40)}`, durationMs: null, fit: 'cover', muted: true },
      { type: 'web', id: 'lobby/3', url: 'https://menu.example/today', durationMs: 30_000, reloadMs: null },
    ],
  },
};

/** Valid argument tuples per invoke channel. */
export const validArgs: { [N in InvokeName]: unknown[][] } = {
  getStatus: [[]],
  acceptUpgrade: [[{ version: '1.5.0' }], [{ version: '2.0.0-beta.1' }]],
  postponeUpgrade: [[{ version: '1.5.0' }]],
  dismissUpgradeResult: [[]],
  heartbeat: [[{ screen: 'status', seq: 0 }], [{ screen: 'upgrade-progress', seq: 123456 }]],
  getPlayPlan: [[]],
  reportPlayback: [[{ itemId: 'lobby/1', outcome: 'started' }], [{ itemId: 'lobby/2', outcome: 'failed', reason: 'decode-error' }]],
  controlWebView: [
    [{ op: 'prepare', viewId: 0, itemId: 'lobby/3' }],
    [{ op: 'show', viewId: 0 }],
    [{ op: 'reload', viewId: 2_147_483_647 }],
    [{ op: 'release', viewId: 7 }],
    [{ op: 'layout', layout: { visible: true, bounds: { x: 0, y: 0, width: 1920, height: 1080 } } }],
    [{ op: 'layout', layout: { visible: false, bounds: { x: 0, y: 56, width: 16_384, height: 0 } } }],
  ],
};

/** Junk argument tuples per invoke channel. */
export const junkArgs: { [N in InvokeName]: unknown[] } = {
  getStatus: [undefined, null, {}, [1], ['x'], 'getStatus'],
  acceptUpgrade: [[], [{}], [{ version: '' }], [{ version: 1 }], [{ version: 'v'.repeat(65) }], [{ version: '1.0.0' }, 'extra'], { version: '1.0.0' }],
  postponeUpgrade: [[], [null], [{ version: null }], ['1.0.0']],
  dismissUpgradeResult: [[true], [{}], null, 'x'],
  heartbeat: [[], [{ screen: '', seq: 1 }], [{ screen: 'status', seq: -1 }], [{ screen: 'status', seq: 1.5 }], [{ screen: 's'.repeat(41), seq: 1 }], [{ seq: 1 }]],
  getPlayPlan: [[1], [{}], null],
  reportPlayback: [[], [{ itemId: '', outcome: 'started' }], [{ itemId: 'a/1', outcome: 'paused' }], [{ itemId: 'a/1', outcome: 'failed', reason: 'x' }], [{ itemId: 'i'.repeat(101), outcome: 'started' }]],
  controlWebView: [
    [],
    [{ op: 'prepare', itemId: 'a/1' }],
    [{ op: 'prepare', viewId: 1, itemId: '' }],
    [{ op: 'navigate', viewId: 1, url: 'https://evil.example/' }],
    [{ op: 'show', viewId: -1 }],
    [{ op: 'show', viewId: 1.5 }],
    [{ op: 'release', viewId: 2_147_483_648 }],
    [{ op: 'layout', layout: { visible: true, bounds: { x: 0, y: 0, width: 16_385, height: 10 } } }],
    [{ op: 'layout', layout: { visible: true, bounds: { x: -1, y: 0, width: 10, height: 10 } } }],
    [{ op: 'layout', layout: { visible: 'yes', bounds: { x: 0, y: 0, width: 10, height: 10 } } }],
    [{ op: 'layout', layout: { visible: true, bounds: { x: 0.5, y: 0, width: 10, height: 10 } } }],
    [{ op: 'layout', layout: { visible: true, bounds: { x: Number.NaN, y: 0, width: 10, height: 10 } } }],
  ],
};

export const results: { [N in InvokeName]: InvokeResult<N> } = {
  getStatus: statusSnapshot,
  acceptUpgrade: { ok: true },
  postponeUpgrade: { ok: true, remindAt: '2026-01-06T10:00:00.000Z' },
  dismissUpgradeResult: { ok: true },
  heartbeat: { ok: true },
  getPlayPlan: playPlan,
  reportPlayback: { ok: true },
  controlWebView: { ok: false, reason: 'timeout' },
};

export interface SpyHandlers {
  handlers: KioskHandlers;
  calls: Array<{ name: InvokeName; args: unknown[] }>;
}

/** Handlers that record their calls and answer with the realistic results above. */
export function spyHandlers(): SpyHandlers {
  const calls: SpyHandlers['calls'] = [];
  const make =
    <N extends InvokeName>(name: N) =>
    async (...args: unknown[]) => {
      calls.push({ name, args });
      return results[name];
    };
  const handlers = {
    getStatus: make('getStatus'),
    acceptUpgrade: make('acceptUpgrade'),
    postponeUpgrade: make('postponeUpgrade'),
    dismissUpgradeResult: make('dismissUpgradeResult'),
    heartbeat: make('heartbeat'),
    getPlayPlan: make('getPlayPlan'),
    reportPlayback: make('reportPlayback'),
    controlWebView: make('controlWebView'),
  } as unknown as KioskHandlers;
  return { handlers, calls };
}
