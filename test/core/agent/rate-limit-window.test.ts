// Whatever Retry-After a hostile hub sends (numbers, HTTP dates, junk, hundreds of digits), the
// device never calls it more than once per 30-second window: the real runtime against the hub
// simulator over loopback, both on a fake clock so hours of waiting take milliseconds.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteName } from '../../hub/types';
import { createFakeClock } from './fake-clock';
import { createRig, uniqueHardware, waitFor, type Rig } from './rig';

const WINDOW_MS = 30_000;
const CALLS_PER_RUN = 5;

const clock = createFakeClock();
let rig: Rig;
beforeAll(async () => {
  rig = await createRig({ now: () => clock.now() });
});
afterAll(() => rig.close());

const retryAfterValues = fc.oneof(
  fc.constantFrom('3000000', '9'.repeat(400), 'Fri, 01 Jan 2100 00:00:00 GMT', '0', '-1', 'NaN', 'Infinity', '1e400', '', 'soon', '0.0001'),
  fc.nat().map(String),
  fc.double({ noNaN: true }).map(String),
  fc.stringMatching(/^\d{1,400}$/),
  fc.date({ min: new Date(0), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toUTCString()),
  fc.string({ maxLength: 40 }),
);

/** Starts a fresh device whose `route` calls all get 429 + `retryAfter`; returns the calls' (fake) times. */
async function callTimes(route: RouteName, retryAfter: string, register: boolean): Promise<number[]> {
  rig.hub.control.clearFaults();
  const hardware = uniqueHardware('RA');
  const dataDir = rig.newDataDir();
  if (!register) {
    // registered first, without faults, so the telemetry path is what gets rate-limited
    const warm = await rig.start({ dataDir, hardware, clock });
    await waitFor(() => rig.hub.control.findDevice({ sn: hardware.sn }), 'registered');
    await warm.stop();
  }
  rig.hub.control.injectFault({ route, status: 429, retryAfter, times: 10_000 });
  const before = rig.hub.control.requestLog().length;
  const rt = await rig.start({ dataDir, hardware, clock });
  try {
    const calls = () => rig.hub.control.requestLog().slice(before).filter((r) => r.route === route);
    await waitFor(() => calls().length >= CALLS_PER_RUN, `${CALLS_PER_RUN} ${route} calls`);
    return calls().map((r) => r.at);
  } finally {
    await rt.stop();
    rig.hub.control.clearFaults();
  }
}

function expectOnePerWindow(times: number[]): void {
  for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(WINDOW_MS);
}

describe('Retry-After never makes the device call more than once per 30 s window', () => {
  it('telemetry', async () => {
    await fc.assert(
      fc.asyncProperty(retryAfterValues, async (retryAfter) => expectOnePerWindow(await callTimes('sendTelemetry', retryAfter, false))),
      { numRuns: 15 },
    );
  });

  it('registration', async () => {
    await fc.assert(
      fc.asyncProperty(retryAfterValues, async (retryAfter) => expectOnePerWindow(await callTimes('registerDevice', retryAfter, true))),
      { numRuns: 15 },
    );
  });
});
