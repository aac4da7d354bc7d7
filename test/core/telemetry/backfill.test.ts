// Store-and-forward end to end: the real runtime against the real simulator over loopback; the
// fake clock makes every wait instant. Samples the hub could not take come back oldest first, each
// with its own timestamp, before the live sample, and no sample reaches the hub twice.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKLOG_FILE } from '../../../app/core/telemetry/backlog-file';
import type { SimRequest } from '../../hub/types';
import { createRig, waitFor, waitOnline, type Rig } from '../agent/rig';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** Recovered: the newest sample reached the hub without any kept sample left behind. */
function settled(sent: Sent[], dataDir: string): boolean {
  const ok = sent.filter((s) => s.status === 200);
  const newest = sent.reduce((max, s) => (s.timestamp > max ? s.timestamp : max), '');
  const last = ok.at(-1);
  return !!last && last.timestamp === newest && last.kept === undefined && !existsSync(path.join(dataDir, BACKLOG_FILE));
}

interface Sent {
  timestamp: string;
  status: number;
  kept: number | undefined;
}

function telemetrySent(rig: Rig, deviceId: string, after = 0): Sent[] {
  return rig.hub.control
    .requestLog(deviceId)
    .slice(after)
    .filter((q: SimRequest) => q.route === 'sendTelemetry')
    .map((q) => {
      const body = q.body as { timestamp: string; telemetries?: Record<string, unknown> };
      return { timestamp: body.timestamp, status: q.status, kept: body.telemetries?.['telemetry_backlog'] as number | undefined };
    });
}

describe('store-and-forward telemetry', () => {
  it('sends what an outage kept, oldest first with its own timestamp, before the live sample, once', async () => {
    rig = await createRig();
    const rt = await rig.start();
    const id = await waitOnline(rt);
    const mark = rig.hub.control.requestLog(id).length;
    rig.hub.control.injectFault({ route: 'sendTelemetry', status: 503, times: 12 });
    rig.hub.control.enqueueCommand(id, { name: 'reload' });

    const done = await waitFor(() => {
      const sent = telemetrySent(rig!, id, mark);
      return sent.filter((s) => s.status === 503).length === 12 && settled(sent, rig!.dataDir) ? sent : undefined;
    }, 'backlog delivered', 20_000);

    const failed = done.filter((s) => s.status === 503).map((s) => s.timestamp);
    const delivered = done.filter((s) => s.status === 200).map((s) => s.timestamp);
    const replayed = delivered.filter((t) => failed.includes(t));
    expect(replayed.length).toBeGreaterThanOrEqual(2); // the outage spanned several intervals
    // No kept sample reached the hub twice. (Two live samples may share a fake-clock instant.)
    for (const t of failed) expect(delivered.filter((d) => d === t).length).toBeLessThanOrEqual(1);
    expect([...replayed].sort()).toEqual(replayed); // oldest first
    // Every replayed sample went out before the newest live sample of its tick.
    const lastReplay = delivered.lastIndexOf(replayed.at(-1)!);
    expect(delivered.length).toBeGreaterThan(lastReplay + 1);
    expect(Date.parse(delivered[lastReplay + 1]!)).toBeGreaterThan(Date.parse(replayed.at(-1)!));
    // A command waiting at recovery is fetched before any history is replayed.
    const log = rig.hub.control.requestLog(id).slice(mark);
    const firstCommandFetch = log.findIndex((q) => q.route === 'getCommand');
    const firstReplay = log.findIndex((q) => q.route === 'sendTelemetry' && q.status === 200 && failed.includes((q.body as { timestamp: string }).timestamp));
    expect(firstCommandFetch).toBeGreaterThan(-1);
    expect(firstCommandFetch).toBeLessThan(firstReplay);
    // The cloud ends on the newest sample, and the sample file is gone once everything was taken.
    expect(existsSync(path.join(rig.dataDir, BACKLOG_FILE))).toBe(false);
  });

  it('a 429 during backfill keeps the rest for later and still loses nothing', async () => {
    rig = await createRig();
    const rt = await rig.start();
    const id = await waitOnline(rt);
    const mark = rig.hub.control.requestLog(id).length;
    // Outage; then the live probe passes (a 1 ms delay is not a refusal); then the first replayed
    // sample is refused with 429.
    rig.hub.control.injectFault({ route: 'sendTelemetry', status: 503, times: 12 });
    rig.hub.control.injectFault({ route: 'sendTelemetry', delayMs: 1, times: 1 });
    rig.hub.control.injectFault({ route: 'sendTelemetry', status: 429, retryAfterSec: 40, times: 1 });

    const done = await waitFor(() => {
      const sent = telemetrySent(rig!, id, mark);
      return sent.some((s) => s.status === 429) && settled(sent, rig!.dataDir) ? sent : undefined;
    }, 'backlog delivered after 429', 20_000);

    const failed = new Set(done.filter((s) => s.status !== 200).map((s) => s.timestamp));
    const delivered = done.filter((s) => s.status === 200).map((s) => s.timestamp);
    for (const t of failed) expect(delivered.filter((d) => d === t).length).toBeLessThanOrEqual(1);
    expect(delivered.filter((t) => failed.has(t)).length).toBeGreaterThanOrEqual(2);
    const refused = done.find((s) => s.status === 429)!;
    expect(done.filter((s) => s.status === 503).map((s) => s.timestamp)).toContain(refused.timestamp); // it was a kept one
    expect(delivered.filter((t) => t === refused.timestamp)).toHaveLength(1); // and got through later, once
    // The rate-limit wait was honoured (≥ Retry-After), on the fake clock.
    expect(rt.clock.sleeps.some((ms) => ms >= 40_000)).toBe(true);
  });
});
