// `npm run bench` part: the fleet herd. N agent cores in ONE process (no module-level singletons:
// each has its own stores, clock use and back-off) against one simulator in its own process (so
// the hub's CPU is not the fleet's, and its request times are its own); a 60 s outage (every
// connection reset); then, over the first minute after the hub returns (and at least two
// intervals): the peak 1-second request rate vs the steady rate, where the peak came from, how
// long until every device's first successful telemetry and until every status showed Online,
// and the fleet process's CPU/RSS and event-loop delay (on a loaded machine a stalled event loop
// fires many devices' timers at once: the stalls are printed next to the peak).
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { systemClock } from '../../app/core/deps';
import type { BenchContext } from '../bench';
import { seededRandom, startCore, until, type Core } from './push-rig';
import { startBenchSim, type SimRequestView } from './sim-control';

type Figures = Record<string, number | string>;

export async function benchHerd(context: BenchContext): Promise<Figures> {
  const devices = context.quick ? 50 : 300;
  // Shorter than a kiosk's 30 s: the run stays short, a 60 s outage spans many intervals (so the
  // replay has history to send), and 300 devices make enough requests per second that a 1-second
  // count measures the rate rather than the luck of where 300 random phases fell.
  const intervalSec = 5;
  const outageMs = context.quick ? 20_000 : 60_000;
  const windowMs = Math.max(60_000, 2 * intervalSec * 1000);
  // 300 kiosks have 300 disks; here their synchronous fsyncs (a kept sample, an acknowledgement)
  // would queue on ONE event loop and stall every device's timers at once. tmpfs when there is one.
  const dataRoot = existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  const hub = await startBenchSim(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..'));
  const cores: Core[] = [];
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  try {
    const cpuStart = process.cpuUsage();
    const startedAt = Date.now();
    for (let i = 0; i < devices; i += 1) {
      cores.push(await startCore(hub, { clock: systemClock, random: seededRandom(1000 + i), intervalSec, dataRoot }));
      // A fleet's devices came online at different moments: starts spread over one interval, so
      // the steady rate is measured on spread phases (the ticks keep a fixed rate from their start).
      const due = startedAt + ((i + 1) * intervalSec * 1000) / devices;
      if (Date.now() < due) await sleep(due - Date.now());
    }
    await until(() => cores.every((c) => c.status()?.connection.state === 'online'), 'fleet online', 300_000);
    await sleep(2 * intervalSec * 1000); // settle into the steady rhythm
    const steadyFrom = Date.now();
    await sleep(3 * intervalSec * 1000);
    const steadyTo = Date.now();
    await hub.injectFault({ route: '*', reset: true, times: 100_000_000 });
    await sleep(outageMs);
    await hub.clearFaults();
    const back = Date.now();
    loopDelay.enable();
    await sleep(windowMs + 1_000);
    loopDelay.disable();
    const log = await hub.requests();
    const steadyRate = log.filter((q) => q.at >= steadyFrom && q.at < steadyTo).length / ((steadyTo - steadyFrom) / 1000);
    const after = log.filter((q) => q.at >= back && q.at < back + windowMs);
    const peak = peakSecond(after, back);
    const steadyPeak = peakSecond(log.filter((q) => q.at >= steadyFrom && q.at < steadyTo), steadyFrom);
    const backBy = firstSuccessByDevice(after, back);
    const onlineBy = cores.map((c) => c.onlineAt.find((at) => at >= back)).map((at) => (at === undefined ? Number.POSITIVE_INFINITY : at - back));
    const within = [...backBy.values()].filter((ms) => ms <= 2 * intervalSec * 1000).length;
    const cpu = process.cpuUsage(cpuStart);
    const figures: Figures = {
      herdDevices: devices,
      herdIntervalSec: intervalSec,
      herdOutageSec: outageMs / 1000,
      herdWindowSec: windowMs / 1000,
      herdSteadyRatePerSec: round1(steadyRate),
      herdSteadyPeakPerSec: steadyPeak.count,
      herdPeakRatePerSec: peak.count,
      herdPeakOverSteady: Math.round((peak.count / steadyRate) * 100) / 100,
      herdMeanOverSteady: Math.round((after.length / (windowMs / 1000) / steadyRate) * 100) / 100,
      herdPeakSecond: peak.second,
      herdPeakMix: peak.mix,
      herdBackWithin2Intervals: within,
      herdLastBackMs: backBy.size === devices ? Math.max(0, ...backBy.values()) : Number.POSITIVE_INFINITY,
      herdAllOnlineMs: Math.max(0, ...onlineBy),
      herdLoopDelayMaxMs: Math.round(loopDelay.max / 1e6),
      herdLoopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e6),
      herdCpuSec: Math.round((cpu.user + cpu.system) / 1e5) / 10,
      herdRssMb: round1(process.memoryUsage.rss() / 1e6),
    };
    context.print(
      `  herd: ${devices} cores, steady ${figures.herdSteadyRatePerSec}/s; first ${windowMs / 1000} s after a ${outageMs / 1000} s outage: ` +
        `peak ${peak.count}/s (${figures.herdPeakOverSteady}× steady, second ${peak.second}: ${peak.mix}); ` +
        `${within}/${devices} back within 2 intervals, all Online after ${figures.herdAllOnlineMs} ms`,
    );
    context.print(`  herd: requests per second after the return: ${perSecond(after, back, windowMs).join(' ')}`);
    context.print(`  herd: fleet process event-loop delay in that window: p99 ${figures.herdLoopDelayP99Ms} ms, max ${figures.herdLoopDelayMaxMs} ms`);
    return figures;
  } finally {
    for (const core of cores) await core.close();
    await hub.close();
  }
}

/** The busiest 1-second bin after `back`, and which routes (live/kept telemetry, others) filled it. */
function peakSecond(requests: readonly SimRequestView[], back: number): { count: number; second: number; mix: string } {
  const bins = new Map<number, SimRequestView[]>();
  for (const q of requests) {
    const second = Math.floor((q.at - back) / 1000);
    bins.set(second, [...(bins.get(second) ?? []), q]);
  }
  let best: { second: number; list: SimRequestView[] } = { second: -1, list: [] };
  for (const [second, list] of bins) if (list.length > best.list.length) best = { second, list };
  const mix = new Map<string, number>();
  for (const q of best.list) mix.set(q.route ?? 'other', (mix.get(q.route ?? 'other') ?? 0) + 1);
  return { count: best.list.length, second: best.second, mix: [...mix].map(([route, n]) => `${route} ${n}`).join(', ') || 'none' };
}

function perSecond(requests: readonly SimRequestView[], from: number, windowMs: number): number[] {
  const bins = Array.from({ length: Math.ceil(windowMs / 1000) }, () => 0);
  for (const q of requests) bins[Math.floor((q.at - from) / 1000)]! += 1;
  return bins;
}

function firstSuccessByDevice(requests: readonly SimRequestView[], back: number): Map<string, number> {
  const backBy = new Map<string, number>();
  for (const q of requests) {
    if (q.route === 'sendTelemetry' && q.status === 200 && q.device_id && !backBy.has(q.device_id)) backBy.set(q.device_id, q.at - back);
  }
  return backBy;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
