// The robust 401 rule: one 401 is not believed; the rejected credentials are kept and retried
// with backoff while re-registration answers "already registered"; they are wiped for good only
// after 3 401s spanning at least 10 minutes. Real runtime + hub simulator on a fake clock.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRejectionLog, keptCredentialsDelay, UNAUTHORIZED_RULE } from '../../../app/core/agent/unauthorized';
import { silentLogger } from '../../../app/core/log/logger';
import { openIdentityStore } from '../../../app/core/state/identity-store';
import { createFakeClock } from './fake-clock';
import { createRig, uniqueHardware, waitFor, waitForSeenStatus, waitOnline, type Rig } from './rig';

describe('the rejection log', () => {
  it('is final only after 3 rejections whose first and last are >= 10 min apart', () => {
    const log = createRejectionLog();
    log.record(0);
    log.record(60_000);
    log.record(5 * 60_000);
    expect(log.isFinal()).toBe(false); // 3, but within 5 min
    log.record(10 * 60_000 - 1);
    expect(log.isFinal()).toBe(false);
    log.record(10 * 60_000);
    expect(log.isFinal()).toBe(true);
    log.reset();
    log.record(0);
    log.record(20 * 60_000);
    expect(log.isFinal()).toBe(false); // long span, but only 2
  });

  it('retries the kept credentials after 15 s to 5 min, never in a fast loop', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (n, r) => {
        const delay = keptCredentialsDelay(n, () => r);
        expect(delay >= 15_000 && delay <= 5 * 60_000).toBe(true);
      }),
    );
  });
});

describe('401 against a hub that still knows the device', () => {
  const clock = createFakeClock({ realPauseMs: 2 });
  let rig: Rig;
  beforeAll(async () => {
    rig = await createRig({ now: () => clock.now() });
  });
  afterAll(() => rig.close());

  it('keeps and retries the credentials while registration says "already registered"; wipes only after 3 401s over >= 10 min', async () => {
    const hardware = uniqueHardware('401');
    const dataDir = rig.newDataDir();
    const rt = await rig.start({ dataDir, hardware, clock });
    const id = await waitOnline(rt);
    const stored = () => openIdentityStore({ dir: dataDir, logger: silentLogger }).load();
    const after = rig.hub.control.requestLog().length;
    rig.hub.control.injectFault({ route: 'sendTelemetry', status: 401, times: 10_000 });

    await waitFor(() => stored() === null, 'the credentials wiped for good', 20_000);
    const log = rig.hub.control.requestLog().slice(after);
    const rejected = log.filter((r) => r.route === 'sendTelemetry' && r.status === 401);
    const checks = log.filter((r) => r.route === 'registerDevice');
    expect(rejected.length).toBeGreaterThanOrEqual(UNAUTHORIZED_RULE.rejections);
    expect(rejected.at(-1)!.at - rejected[0]!.at).toBeGreaterThanOrEqual(UNAUTHORIZED_RULE.spanMs);
    // every 401 but the last was followed by a registration check answered "already registered"
    expect(checks.length).toBeGreaterThanOrEqual(rejected.length - 1);
    expect(checks.slice(0, rejected.length - 1).every((r) => r.status === 422)).toBe(true);
    // the kept credentials were retried with backoff, never in a fast loop
    for (let i = 1; i < rejected.length; i++) expect(rejected[i]!.at - rejected[i - 1]!.at).toBeGreaterThanOrEqual(15_000);
    // after the wipe the ordinary duplicate rule applies (hourly retry, shown on screen)
    await waitForSeenStatus(rt, (s) => s.connection.state === 'already-registered', 'already-registered after the wipe');
    expect(openIdentityStore({ dir: dataDir, logger: silentLogger }).loadHardware()).toEqual(hardware);
    expect(rt.logLines.some((l) => l.includes('credentials wiped after repeated 401s'))).toBe(true);
    rig.hub.control.clearFaults();
    rig.hub.control.deleteDevice(id);
    await rt.stop();
  });

  it('a success in between forgives earlier 401s', async () => {
    const hardware = uniqueHardware('401b');
    const dataDir = rig.newDataDir();
    const rt = await rig.start({ dataDir, hardware, clock });
    const id = await waitOnline(rt);
    for (let round = 0; round < 4; round++) {
      const after = rig.hub.control.requestLog().length;
      rig.hub.control.injectFault({ route: 'sendTelemetry', status: 401, times: 2 });
      await waitFor(() => rig.hub.control.requestLog().slice(after).some((r) => r.route === 'sendTelemetry' && r.status === 200), `round ${round} recovered`);
    }
    expect(openIdentityStore({ dir: dataDir, logger: silentLogger }).load()?.deviceId).toBe(id);
    await rt.stop();
  });
});
