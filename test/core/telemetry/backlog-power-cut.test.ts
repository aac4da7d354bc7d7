// A power cut in the middle of backfill: the headless runner as a real process, SIGKILLed while
// the hub holds one replayed sample unanswered. After a restart on the same data dir every kept
// sample reaches the hub exactly once: the acknowledged ones never again, the rest once.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKLOG_FILE, openBacklogFiles } from '../../../app/core/telemetry/backlog-file';
import { DEMO_HARDWARE_KEY, startHub } from '../../hub/index';
import type { HubHandle, SimRequest } from '../../hub/types';
import { waitFor } from '../agent/fake-clock';
import { spawnHeadlessAgent, type AgentProcess } from '../../shells/headless/agent-process';

let hub: HubHandle | null = null;
let dataDir = '';
const agents: AgentProcess[] = [];

afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.stop();
  await hub?.close();
  hub = null;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const timestampOf = (q: SimRequest) => (q.body as { timestamp: string }).timestamp;

describe('store-and-forward across a power cut', () => {
  it('SIGKILL mid-backfill: nothing lost, nothing sent twice', async () => {
    hub = await startHub({});
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'xk-backlog-cut-'));
    const sn = `SN-BACKLOG-${process.pid}`;
    const args = [
      '--entry-url', hub.entryUrl,
      '--data-dir', dataDir,
      '--telemetry-interval', '1',
      '--hardware-key', DEMO_HARDWARE_KEY,
      '--sn', sn,
      '--cloud-id', `XKSKbacklog${process.pid}`.padEnd(24, '0'),
      '--firmware-version', '3.1.4',
    ];
    const telemetry = (after: number) => hub!.control.requestLog(device.id).slice(after).filter((q) => q.route === 'sendTelemetry');

    agents.push(spawnHeadlessAgent(args));
    const device = await waitFor(() => hub!.control.findDevice({ sn }), 'registration', 30_000);
    await waitFor(() => telemetry(0).filter((q) => q.status === 200).length >= 2, 'online', 30_000);
    const mark = hub.control.requestLog(device.id).length;
    // Outage (each refusal takes ≥ 0.6 s, so several 1 s samples are kept), then the live probe,
    // the next tick's replayed sample and its live sample pass (one kept sample per tick), then the
    // hub holds the following tick's replayed sample unanswered.
    hub.control.injectFault({ route: 'sendTelemetry', status: 503, delayMs: 600, times: 10 });
    hub.control.injectFault({ route: 'sendTelemetry', delayMs: 1, times: 3 });
    hub.control.injectFault({ route: 'sendTelemetry', hang: true, times: 1 });

    const failed = () => new Set(telemetry(mark).filter((q) => q.status === 503).map(timestampOf));
    // The 14th telemetry request after the outage began is the held one (status 0 = no reply yet).
    const held = await waitFor(() => {
      const sent = telemetry(mark);
      return sent.length >= 14 && sent[13]!.status === 0 ? sent[13] : undefined;
    }, 'the held request', 40_000);
    expect(failed().has(timestampOf(held))).toBe(true); // the held one is a replayed sample
    await agents[0]!.stop(); // power cut while the reply is outstanding

    const deliveredByFirst = telemetry(mark).filter((q) => q.status === 200).map(timestampOf);
    const left = openBacklogFiles(dataDir).load();
    const owed = left.entries.filter((e) => e.seq > left.ack.acked).map((e) => e.body.timestamp as string);
    expect(owed).toContain(timestampOf(held));
    for (const t of owed) expect(deliveredByFirst).not.toContain(t);
    expect(deliveredByFirst.filter((t) => failed().has(t)).length).toBeGreaterThanOrEqual(1);

    hub.control.clearFaults();
    const restartMark = hub.control.requestLog(device.id).length;
    agents.push(spawnHeadlessAgent(args));
    await waitFor(() => !existsSync(path.join(dataDir, BACKLOG_FILE)) && telemetry(restartMark).filter((q) => q.status === 200).length > owed.length + 1, 'backlog delivered after restart', 30_000);

    const delivered = telemetry(mark).filter((q) => q.status === 200).map(timestampOf);
    for (const t of owed) expect(delivered.filter((d) => d === t)).toHaveLength(1);
    for (const t of failed()) expect(delivered.filter((d) => d === t).length).toBeLessThanOrEqual(1);
  }, 90_000);
});
