// FAULT MATRIX: every simulator fault kind on every endpoint the loop uses. The agent must survive,
// keep its identity and state (except 401's documented wipe + re-registration), never wait longer
// than the back-off cap, resume once the fault clears — and never leave a promise rejection
// unhandled. Real simulator over loopback; the fake clock makes every back-off instant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALREADY_REGISTERED_RETRY_MS, HUB_BACKOFF } from '../../../app/core/agent/backoff';
import { silentLogger } from '../../../app/core/log/logger';
import { openIdentityStore } from '../../../app/core/state/identity-store';
import type { StatusSnapshot } from '../../../app/ipc/contract';
import type { FaultSpec, RouteName } from '../../hub/types';
import { createFakeClock } from './fake-clock';
import { createRig, uniqueHardware, waitFor, waitForStatus, waitOnline, type Rig, type RuntimeUnderTest } from './rig';

const ALREADY_REGISTERED_MIN_MS = ALREADY_REGISTERED_RETRY_MS * 0.9;

const FAULTS: Record<string, Omit<FaultSpec, 'route'>> = {
  '401': { status: 401, times: 1 },
  '403': { status: 403, times: 2 },
  '404': { status: 404, times: 2 },
  '422': { status: 422, times: 2 },
  '429': { status: 429, retryAfterSec: 40, times: 2 },
  '500': { status: 500, times: 2 },
  '503': { status: 503, times: 2 },
  delay: { delayMs: 50, times: 2 },
  reset: { reset: true, times: 2 },
  hang: { hang: true, times: 1 },
  malformedJson: { malformedJson: true, times: 2 },
  schemaViolation: { schemaViolation: true, times: 2 },
  slowDrip: { slowDripBytesPerSec: 20, times: 1 },
  oversized: { oversizedBytes: 9 * 1024 * 1024, times: 1 },
};

interface Endpoint {
  /** Makes the agent call the endpoint; 'restart' = it is only called by the start-up pass. */
  trigger: 'restart' | ((rig: Rig, id: string) => void);
  /** The endpoint's work is visibly done (after the fault). */
  done(rig: Rig, id: string, status: StatusSnapshot, after: number): boolean;
}

const countSince = (rig: Rig, route: RouteName, after: number) =>
  rig.hub.control.requestLog().slice(after).filter((q) => q.route === route).length;
const commandDone = (rig: Rig, id: string) => rig.hub.control.commands(id).some((c) => c.status === 'done' || c.status === 'failed');
const setTitle = (rig: Rig, id: string) => void rig.hub.control.setConfig(id, { display: { title: 'Matrix' } });
const enqueueReload = (rig: Rig, id: string) => void rig.hub.control.enqueueCommand(id, { name: 'reload' });
const enqueueLicense = (rig: Rig, id: string) => void rig.hub.control.enqueueLicense(id, { action: 'add', data: 'lic' });
const licenseInUse = (rig: Rig, id: string) => rig.hub.control.licenses(id).some((l) => l.state === 'inuse');

const ENDPOINTS: Record<string, Endpoint> = {
  sendTelemetry: { trigger: () => undefined, done: (rig, _id, _s, after) => countSince(rig, 'sendTelemetry', after) >= 4 },
  getConfig: { trigger: setTitle, done: (_r, _i, s) => s.display.title === 'Matrix' },
  updateDevice: { trigger: setTitle, done: (rig, _i, s, after) => s.display.title === 'Matrix' && countSince(rig, 'updateDevice', after) >= 1 },
  getCommand: { trigger: enqueueReload, done: (rig, id) => commandDone(rig, id) },
  updateCommand: { trigger: enqueueReload, done: (rig, id) => commandDone(rig, id) },
  getLicense: { trigger: enqueueLicense, done: (rig, id) => licenseInUse(rig, id) },
  updateLicense: { trigger: enqueueLicense, done: (rig, id) => licenseInUse(rig, id) },
  getSpace: { trigger: (rig, id) => rig.hub.control.claim(id, { name: 'Matrix' }), done: (_r, _i, s) => s.claim.claimed && s.space.name === 'Matrix' },
  getDeviceInfo: { trigger: (rig, id) => void rig.hub.control.setInfo(id, { name: 'Matrix' }), done: (_r, _i, s) => s.device.name === 'Matrix' },
  closeIncidents: { trigger: 'restart', done: (rig, _i, _s, after) => countSince(rig, 'addEvent', after) >= 1 },
  addEvent: { trigger: 'restart', done: (rig, _i, _s, after) => countSince(rig, 'sendTelemetry', after) >= 3 && countSince(rig, 'addEvent', after) >= 1 },
};

const endpoints = Object.keys(ENDPOINTS);
const faults = Object.keys(FAULTS);
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);
let casesRun = 0;

beforeAll(() => {
  process.on('unhandledRejection', onRejection);
});
afterAll(() => {
  process.off('unhandledRejection', onRejection);
});

describe.each(endpoints)('fault matrix: %s', (endpoint) => {
  let rig: Rig;
  // One simulator per endpoint keeps its request log short; cases run one at a time, so the
  // hub-wide fault only ever meets the device under test.
  beforeAll(async () => {
    rig = await createRig();
  });
  afterAll(async () => {
    await rig?.close();
  });

  it.each(faults)(`${endpoint} × %s: survives, keeps identity, resumes`, async (faultName) => {
    casesRun += 1;
    const spec = ENDPOINTS[endpoint]!;
    const fault = FAULTS[faultName]!;
    const hardware = uniqueHardware('fm');
    const options = {
      dataDir: rig.newDataDir(),
      hardware,
      hubTimeoutMs: 300,
      platform: { reload: async () => undefined },
    };
    let rt: RuntimeUnderTest = await rig.start({ ...options, clock: createFakeClock({ realPauseMs: 5 }) });
    const id = await waitOnline(rt);
    const after = rig.hub.control.requestLog().length;
    const stored = () => openIdentityStore({ dir: options.dataDir, logger: silentLogger });
    try {
      rig.hub.control.injectFault({ route: endpoint as RouteName, ...fault });
      if (spec.trigger === 'restart') {
        await rt.stop();
        rt = await rig.start({ ...options, clock: createFakeClock({ realPauseMs: 5 }) });
      } else {
        spec.trigger(rig, id);
      }
      if (faultName === '401') {
        // One 401 is not believed: the registration check answers "already registered" (the cloud
        // still holds the record), so the kept credentials are tried again — and they work.
        const log = () => rig.hub.control.requestLog().slice(after);
        await waitFor(() => log().some((r) => r.route === 'registerDevice' && r.status === 422), 'the registration check');
        await waitFor(() => {
          const check = log().findIndex((r) => r.route === 'registerDevice');
          return log().slice(check).some((r) => r.route === 'sendTelemetry' && r.status === 200);
        }, 'a telemetry accepted with the kept credentials');
        expect(stored().load()?.deviceId).toBe(id);
        expect(rt.events.some((e) => e.name === 'onStatus' && e.payload.connection.state === 'already-registered')).toBe(false);
      } else {
        await waitFor(() => countSince(rig, endpoint as RouteName, after) >= 1, `${endpoint} called`);
        await waitForStatus(rt, (s) => s.connection.state === 'online' && spec.done(rig, id, s, after), `${endpoint} recovered`);
        expect(stored().load()?.deviceId).toBe(id);
      }
      expect(stored().loadHardware()).toEqual(hardware);
      // Resumed within the cap: apart from the hourly duplicate retry, no wait exceeded the hub cap.
      const waits = rt.clock.sleeps.filter((ms) => ms < ALREADY_REGISTERED_MIN_MS);
      expect(Math.max(...waits)).toBeLessThanOrEqual(HUB_BACKOFF.capMs);
    } finally {
      rig.hub.control.clearFaults();
      await rt.stop();
    }
  });
});

describe('fault matrix summary', () => {
  it('ran every case and left no promise rejection unhandled', () => {
    console.log(`fault matrix: ${casesRun} cases (${faults.length} faults × ${endpoints.length} endpoints)`);
    expect(casesRun).toBe(faults.length * endpoints.length);
    expect(rejections).toEqual([]);
  });
});
