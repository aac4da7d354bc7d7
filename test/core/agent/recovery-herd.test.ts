// A fleet that lost the hub together comes back politely: many agent cores in one process against
// the real simulator over loopback, all on ONE manual fake clock (nothing real is waited for; the
// clock moves in 100 ms steps once every core is parked in its sleep), so the hub's request log
// holds exact simulated times. Per simulated second after the hub returns the fleet stays within
// three times its steady rate while kept samples are replayed, and every device is back within
// one interval. Deterministic: seeded random sources, one clock.
import { afterEach, describe, expect, it } from 'vitest';
import type { SimRequest } from '../../hub/types';
import { seededRandom } from '../support/seeded-random';
import { createFakeClock, type FakeClock } from './fake-clock';
import { createRig, uniqueHardware, type Rig, type RuntimeUnderTest } from './rig';

const DEVICES = 40;
const INTERVAL_MS = 2_000;
const STEP_MS = 100;
const OUTAGE_MS = 20_000;
const AFTER_MS = 20_000;

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** Waits (bounded) until every started core sleeps again: the fleet is idle at this instant. */
async function settle(clock: FakeClock, cores: number): Promise<void> {
  for (let i = 0; i < 20_000; i += 1) {
    if (clock.waiting() >= cores) return;
    await new Promise((r) => setTimeout(r, 1));
  }
  throw new Error(`fleet did not settle: ${clock.waiting()} of ${cores} asleep`);
}

async function run(clock: FakeClock, cores: number, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += STEP_MS) {
    await clock.advance(STEP_MS);
    await settle(clock, cores);
  }
}

function perSecond(log: readonly SimRequest[], from: number, to: number): number[] {
  const bins = Array.from({ length: Math.ceil((to - from) / 1000) }, () => 0);
  for (const q of log) if (q.at >= from && q.at < to) bins[Math.floor((q.at - from) / 1000)]! += 1;
  return bins;
}

describe('fleet recovery (herd)', () => {
  it(`${DEVICES} cores after a shared outage: peak per second ≤ 3× steady, all back within one interval`, async () => {
    const clock = createFakeClock({ auto: false });
    rig = await createRig({ now: clock.now });
    const fleet: RuntimeUnderTest[] = [];
    for (let i = 0; i < DEVICES; i += 1) {
      // Started spread over one interval, as a real fleet's phases are.
      fleet.push(
        await rig.start({ clock, random: seededRandom(500 + i), dataDir: rig.newDataDir(), hardware: uniqueHardware('H'), telemetryIntervalSec: INTERVAL_MS / 1000 }),
      );
      await settle(clock, fleet.length);
      await run(clock, fleet.length, INTERVAL_MS / DEVICES);
    }
    await run(clock, DEVICES, 3 * INTERVAL_MS);
    const steadyFrom = clock.now();
    await run(clock, DEVICES, 5 * INTERVAL_MS);
    const steadyTo = clock.now();

    rig.hub.control.injectFault({ route: '*', reset: true, times: 10_000_000 });
    await run(clock, DEVICES, OUTAGE_MS);
    rig.hub.control.clearFaults();
    const back = clock.now();
    await run(clock, DEVICES, AFTER_MS);

    const log = rig.hub.control.requestLog();
    const steady = log.filter((q) => q.at >= steadyFrom && q.at < steadyTo).length / ((steadyTo - steadyFrom) / 1000);
    expect(steady).toBeCloseTo(DEVICES / (INTERVAL_MS / 1000), 0);

    // Late in the outage every device retries exactly once per interval: the steady rate.
    const lateOutage = log.filter((q) => q.at >= back - 4 * INTERVAL_MS && q.at < back).length;
    expect(lateOutage).toBeLessThanOrEqual(4 * DEVICES);

    const after = perSecond(log, back, back + AFTER_MS);
    expect(Math.max(...after)).toBeLessThanOrEqual(3 * steady);
    // Kept samples were replayed in that window (the peak was measured under load).
    const replayed = log.filter((q) => q.at >= back && q.route === 'sendTelemetry' && Date.parse((q.body as { timestamp: string }).timestamp) < back);
    expect(replayed.length).toBeGreaterThanOrEqual(DEVICES);

    for (const rt of fleet) {
      const id = rt.status()!.device.deviceId!;
      const first = log.find((q) => q.device_id === id && q.route === 'sendTelemetry' && q.status === 200 && q.at >= back);
      expect(first!.at - back).toBeLessThanOrEqual(INTERVAL_MS);
      expect(rt.status()!.connection.state).toBe('online');
    }
  }, 120_000);
});
