// `npm run bench` part: the live control path. Command reaction (queued in the simulator →
// `in_progress` received by it, from the simulator's own timestamps) with MQTT push connected and
// with polling only; recovery after a 60 s and a 10 min outage (fake clock: the outage and the
// back-off cost no real time, the figures are in the agent's own time).
import { systemClock } from '../../app/core/deps';
import { startHub } from '../../test/hub/index';
import type { HubHandle } from '../../test/hub/types';
import type { BenchContext } from '../bench';
import { percentile, seededRandom, startCore, until, type Core } from './push-rig';
import { createSkippingClock } from './skipping-clock';

type Figures = Record<string, number | string>;

/** The polling bench's telemetry interval (its target in scripts/bench.ts: this + 200 ms). */
const POLL_INTERVAL_SEC = 1;

export async function benchPush(context: BenchContext): Promise<Figures> {
  const figures: Figures = {};
  Object.assign(figures, await measureReaction('Mqtt', { mqtt: true, intervalSec: 300, count: context.quick ? 40 : 200, spreadMs: 0 }));
  // Polling reacts at the next tick: a short interval keeps 200 commands to a few minutes; the
  // target scales with it (interval + 200 ms).
  const pollSec = POLL_INTERVAL_SEC;
  Object.assign(figures, await measureReaction('Poll', { mqtt: false, intervalSec: pollSec, count: context.quick ? 20 : 200, spreadMs: pollSec * 1000 }));
  figures.pollIntervalMs = pollSec * 1000;
  figures.pollTargetP99Ms = pollSec * 1000 + 200;
  const runs = context.quick ? 5 : 20;
  for (const [label, outageMs] of [['60s', 60_000], ['10min', 600_000]] as const) {
    const results = [];
    for (let seed = 1; seed <= runs; seed += 1) results.push(await measureRecovery(outageMs, seed));
    figures[`recovery${label}TelemetryP50Ms`] = percentile(results.map((r) => r.telemetryMs), 50);
    figures[`recovery${label}TelemetryMaxMs`] = Math.max(...results.map((r) => r.telemetryMs));
    figures[`recovery${label}OnlineP50Ms`] = percentile(results.map((r) => r.onlineMs), 50);
    figures[`recovery${label}OnlineMaxMs`] = Math.max(...results.map((r) => r.onlineMs));
    context.print(
      `  recovery after a ${label} outage (${runs} runs, 30 s interval): first telemetry p50 ${figures[`recovery${label}TelemetryP50Ms`]} ms / max ${figures[`recovery${label}TelemetryMaxMs`]} ms; ` +
        `Online on the status screen p50 ${figures[`recovery${label}OnlineP50Ms`]} ms / max ${figures[`recovery${label}OnlineMaxMs`]} ms`,
    );
  }
  figures.recoveryRuns = runs;
  figures.recoveryIntervalMs = 30_000;
  context.print(`  command reaction: MQTT ${figures.reactionMqttP50Ms}/${figures.reactionMqttP99Ms} ms (p50/p99), polling every ${pollSec} s ${figures.reactionPollP50Ms}/${figures.reactionPollP99Ms} ms over ${figures.reactionPollCount} commands (target p99 ≤ ${figures.pollTargetP99Ms} ms)`);
  return figures;
}

async function measureReaction(
  label: string,
  o: { mqtt: boolean; intervalSec: number; count: number; spreadMs: number },
): Promise<Figures> {
  const hub = await startHub({ mqtt: o.mqtt });
  let core: Core | undefined;
  try {
    core = await startCore(hub, { clock: systemClock, intervalSec: o.intervalSec });
    const id = await until(() => core!.deviceId(), 'registration');
    if (o.mqtt) await until(() => core!.status()?.push === 'connected', 'push connected');
    const random = seededRandom(7);
    const reactions: number[] = [];
    for (let i = 0; i < o.count; i += 1) {
      // Polling: commands arrive at any point of the interval, as they do in life.
      if (o.spreadMs > 0) await new Promise((r) => setTimeout(r, Math.floor(random() * o.spreadMs)));
      const commandId = hub.control.enqueueCommand(id, { name: 'reload' });
      const started = await until(() => startedAt(hub, id, commandId), 'in_progress', o.intervalSec * 1000 + 30_000);
      reactions.push(started.startedMs - started.createdMs);
      await until(() => finished(hub, id, commandId), 'command finished', 30_000);
    }
    return {
      [`reaction${label}P50Ms`]: percentile(reactions, 50),
      [`reaction${label}P99Ms`]: percentile(reactions, 99),
      [`reaction${label}Count`]: reactions.length,
    };
  } finally {
    await core?.close();
    await hub.close();
  }
}

function startedAt(hub: HubHandle, id: string, commandId: string) {
  const command = hub.control.commands(id).find((c) => c.id === commandId);
  const started = command?.history.find((h) => h.by === 'device' && h.status === 'in_progress');
  return command && started ? { createdMs: Date.parse(command.created_at), startedMs: Date.parse(started.at) } : undefined;
}

function finished(hub: HubHandle, id: string, commandId: string): boolean {
  const status = hub.control.commands(id).find((c) => c.id === commandId)?.status;
  return status === 'done' || status === 'failed';
}

/**
 * A device online, then a hub outage of `outageMs` (every connection reset) that ends exactly at
 * `back` in the agent's time (the clock ends it as it jumps past). Measured from `back`: the
 * first telemetry the hub took (its request log) and the first status snapshot showing Online
 * (what the status screen shows). Skipping clock: sleeps cost no real time, the work between them
 * counts.
 */
async function measureRecovery(outageMs: number, seed: number): Promise<{ telemetryMs: number; onlineMs: number }> {
  const clock = createSkippingClock();
  const hub = await startHub({ now: clock.now });
  let back = Number.POSITIVE_INFINITY;
  clock.onJump((now) => {
    if (now >= back) hub.control.clearFaults();
  });
  let core: Core | undefined;
  try {
    core = await startCore(hub, { clock, random: seededRandom(seed), intervalSec: 30 });
    const id = await until(() => core!.deviceId(), 'registration');
    await until(() => core!.status()?.connection.state === 'online', 'online');
    back = clock.now() + outageMs;
    hub.control.injectFault({ route: '*', reset: true, times: 1_000_000 });
    const onlineAt = await until(() => core!.onlineAt.find((at) => at >= back), 'online again', 60_000);
    const first = hub.control.requestLog(id).find((q) => q.route === 'sendTelemetry' && q.status === 200 && q.at >= back);
    if (!first) throw new Error('no telemetry taken after the return');
    return { telemetryMs: first.at - back, onlineMs: onlineAt - back };
  } finally {
    await core?.close();
    await hub.close();
  }
}
