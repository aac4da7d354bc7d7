// Recovery after an outage: a device that was online retries at most one telemetry interval
// apart, so it is back within an interval of the hub's return; a device that never reached the
// hub keeps the long back-off. Real simulator over loopback, fake clock (no real waiting).
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { backoffCeiling, HUB_BACKOFF } from '../../../app/core/agent/backoff';
import { createRecoveryBackoff, nextTickDelay, recoveryBackoffPolicy } from '../../../app/core/agent/recovery';
import { createRig, waitFor, waitOnline, type Rig } from './rig';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('recoveryBackoffPolicy', () => {
  it('caps a healthy device at its interval and leaves the others on the hub cap', () => {
    let healthy = false;
    const policy = recoveryBackoffPolicy(() => 30_000, () => healthy);
    expect(backoffCeiling(policy, 20)).toBe(HUB_BACKOFF.capMs);
    healthy = true;
    expect(backoffCeiling(policy, 20)).toBe(30_000);
    expect(backoffCeiling(policy, 0)).toBe(HUB_BACKOFF.startMs); // still starts small
  });

  it('property: every ceiling is finite, at least 1 s and at most the hub cap, whatever the interval', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer()), fc.nat(1_000), fc.boolean(), (interval, failures, healthy) => {
        const ceiling = backoffCeiling(recoveryBackoffPolicy(() => interval, () => healthy), failures);
        expect(Number.isFinite(ceiling)).toBe(true);
        expect(ceiling).toBeGreaterThanOrEqual(HUB_BACKOFF.startMs);
        expect(ceiling).toBeLessThanOrEqual(HUB_BACKOFF.capMs);
      }),
    );
  });
});

describe('createRecoveryBackoff', () => {
  it('a healthy device: full jitter up to its interval, one draw for its phase, then exactly one interval apart', () => {
    const draws = [0.5, 0.5, 0.5, 0.25, 0.999, 0.999];
    const backoff = createRecoveryBackoff(() => 5_000, () => true, () => draws.shift() ?? 0.999);
    // Ceilings 1 s, 2 s, 4 s, then the 5 s interval: one jittered draw there, then the interval.
    expect([1, 2, 3, 4, 5, 6].map(() => backoff.next())).toEqual([500, 1_000, 2_000, 1_250, 5_000, 5_000]);
    backoff.reset();
    expect(backoff.next()).toBe(999); // after a success it starts small again, jittered
  });

  it('a device that never reached the hub keeps full jitter under the 5 min cap', () => {
    const backoff = createRecoveryBackoff(() => 5_000, () => false, () => 0.5);
    const delays = Array.from({ length: 20 }, () => backoff.next());
    expect(delays.at(-1)).toBe(HUB_BACKOFF.capMs / 2);
  });

  it('property: every delay is finite, within [0, ceiling], and after the phase draw gaps equal the interval', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer()), fc.array(fc.double({ min: 0, max: 0.999_999, noNaN: true }), { minLength: 1, maxLength: 60 }), (interval, randoms) => {
        let i = 0;
        const backoff = createRecoveryBackoff(() => interval, () => true, () => randoms[i++ % randoms.length]!);
        const cap = backoffCeiling(recoveryBackoffPolicy(() => interval, () => true), 1_000);
        const delays = Array.from({ length: 30 }, () => backoff.next());
        for (const delay of delays) {
          expect(Number.isFinite(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(cap);
        }
        // 1 s doubling reaches any cap ≤ 5 min within 9 failures; the 10th is the phase draw.
        expect(delays.slice(10)).toEqual(delays.slice(10).map(() => cap));
      }),
    );
  });
});

describe('nextTickDelay', () => {
  it('keeps a fixed rate: the wait shrinks by the time the tick took, down to half an interval', () => {
    expect(nextTickDelay(30_000, 0)).toBe(30_000);
    expect(nextTickDelay(30_000, 1_200)).toBe(28_800);
    expect(nextTickDelay(30_000, 90_000)).toBe(15_000);
    expect(nextTickDelay(30_000, -5)).toBe(30_000); // a clock stepped back never lengthens it
  });

  it('property: for a valid interval the wait is finite and within [interval/2, interval]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.oneof(fc.double(), fc.integer()), (interval, elapsed) => {
        const wait = nextTickDelay(interval, elapsed);
        expect(Number.isFinite(wait)).toBe(true);
        expect(wait).toBeGreaterThanOrEqual(interval / 2);
        expect(wait).toBeLessThanOrEqual(interval);
      }),
    );
  });
});

describe('recovery after an outage', () => {
  it('a device that was online notices the hub is back within one interval', async () => {
    rig = await createRig();
    // The largest jitter every time: the worst case of full jitter.
    const rt = await rig.start({ random: () => 0.999 });
    const id = await waitOnline(rt);
    const sleepsBefore = rt.clock.sleeps.length;
    const sendsBefore = rig.hub.control.requestLog(id).filter((q) => q.route === 'sendTelemetry').length;
    rig.hub.control.injectFault({ route: 'sendTelemetry', reset: true, times: 15 });
    await waitFor(() => rig!.hub.control.requestLog(id).filter((q) => q.route === 'sendTelemetry' && q.status === 200).length > sendsBefore, 'back online', 20_000);
    await waitOnline(rt);
    const outageWaits = rt.clock.sleeps.slice(sleepsBefore);
    expect(outageWaits.length).toBeGreaterThanOrEqual(15);
    // Fifteen failures would reach the 5 min cap; a device that was healthy never waits past 30 s.
    expect(Math.max(...outageWaits)).toBeLessThanOrEqual(30_000);
  });

  it('a device that never reached the hub keeps the long back-off', async () => {
    rig = await createRig();
    rig.hub.control.injectFault({ route: 'sendTelemetry', reset: true, times: 10 });
    const rt = await rig.start({ random: () => 0.999 });
    await waitOnline(rt, 20_000);
    expect(Math.max(...rt.clock.sleeps)).toBeGreaterThan(30_000);
  });
});
