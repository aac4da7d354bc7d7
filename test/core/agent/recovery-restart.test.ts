// A kiosk restarted while the hub is down: it remembers (in the device state) that it had reached
// the hub, so it keeps the fast recovery; and what it measures while its start-up pass keeps
// failing is kept and sent after the pass got through — oldest first, with the original
// timestamps, once. Real simulator over loopback, real data dir, fake clock.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEVICE_STATE_CONFIG_NAME } from '../../../app/core/state/device-state-store';
import { BACKLOG_FILE } from '../../../app/core/telemetry/backlog-file';
import { createRig, waitFor, waitOnline, type Rig } from './rig';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

function storedState(dataDir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(dataDir, `${DEVICE_STATE_CONFIG_NAME}.json`), 'utf8')) as Record<string, unknown>;
}

describe('restart during an outage', () => {
  it('a kiosk that had reached the hub keeps the capped back-off after a restart', async () => {
    rig = await createRig();
    const first = await rig.start();
    await waitOnline(first);
    await first.stop();
    expect(storedState(rig.dataDir).reachedHub).toBe(true);

    rig.hub.control.injectFault({ route: 'sendTelemetry', reset: true, times: 12 });
    // The largest jitter every time: without the flag, twelve failures would wait minutes.
    const rt = await rig.start({ random: () => 0.999 });
    await waitOnline(rt, 20_000);
    expect(rt.clock.sleeps.length).toBeGreaterThanOrEqual(12);
    expect(Math.max(...rt.clock.sleeps)).toBeLessThanOrEqual(30_000);
  });

  it('keeps the samples of a failing start-up pass and sends them after it, oldest first, once', async () => {
    rig = await createRig();
    const first = await rig.start();
    const id = await waitOnline(first);
    await first.stop();
    const mark = rig.hub.control.requestLog(id).length;
    rig.hub.control.injectFault({ route: 'sendTelemetry', status: 503, times: 10 });
    const rt = await rig.start();

    const sent = await waitFor(() => {
      const log = rig!.hub.control.requestLog(id).slice(mark).filter((q) => q.route === 'sendTelemetry');
      const failed = log.filter((q) => q.status === 503).map((q) => (q.body as { timestamp: string }).timestamp);
      const last = log.filter((q) => q.status === 200).at(-1);
      // Settled: all failures seen, nothing kept on disk, and the newest send is a live one.
      const settled = failed.length === 10 && last !== undefined && !failed.includes((last.body as { timestamp: string }).timestamp);
      return settled && !existsSync(path.join(rig!.dataDir, BACKLOG_FILE)) ? log : undefined;
    }, 'kept start-up samples delivered', 20_000);

    const body = (q: (typeof sent)[number]) => q.body as { timestamp: string; override?: boolean };
    const failed = sent.filter((q) => q.status === 503).map((q) => body(q).timestamp);
    const delivered = sent.filter((q) => q.status === 200);
    // The start-up pass's own send (override) got through first; history followed it.
    expect(body(delivered[0]!).override).toBe(true);
    const replayed = delivered.filter((q) => failed.includes(body(q).timestamp) && body(q).override === undefined).map((q) => body(q).timestamp);
    expect(replayed.length).toBeGreaterThanOrEqual(2); // one kept per interval of the outage
    expect([...replayed].sort()).toEqual(replayed); // oldest first
    expect(new Set(replayed).size).toBe(replayed.length); // never twice
    // Every kept sample left before a newer live sample: the cloud ends on the newest values.
    const lastReplay = delivered.findIndex((q) => body(q).timestamp === replayed.at(-1));
    expect(delivered.length).toBeGreaterThan(lastReplay + 1);
    expect(body(delivered.at(-1)!).timestamp > replayed.at(-1)!).toBe(true);
    expect(rt.status()?.connection.state).toBe('online');
  });
});
