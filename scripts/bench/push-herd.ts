// `npm run bench` part: the fleet herd. N agent cores in ONE process (no module-level singletons:
// each has its own stores, clock use and back-off) against one simulator; a 60 s outage (every
// connection reset); then, over the first minute after the hub returns (and at least two
// intervals): the peak 1-second request rate vs the steady rate, where the peak came from, how
// long until every device's first successful telemetry and until every status showed Online,
// and the process's CPU/RSS.
import { systemClock } from '../../app/core/deps';
import { startHub } from '../../test/hub/index';
import type { SimRequest } from '../../test/hub/types';
import type { BenchContext } from '../bench';
import { seededRandom, startCore, until, type Core } from './push-rig';

type Figures = Record<string, number | string>;

export async function benchHerd(context: BenchContext): Promise<Figures> {
  const devices = context.quick ? 50 : 300;
  const intervalSec = 5;
  const outageMs = context.quick ? 20_000 : 60_000;
  const windowMs = Math.max(60_000, 2 * intervalSec * 1000);
  const hub = await startHub({});
  const cores: Core[] = [];
  try {
    const cpuStart = process.cpuUsage();
    for (let i = 0; i < devices; i += 1) cores.push(await startCore(hub, { clock: systemClock, random: seededRandom(1000 + i), intervalSec }));
    await until(() => cores.every((c) => c.status()?.connection.state === 'online'), 'fleet online', 300_000);
    await sleep(3 * intervalSec * 1000); // settle into the steady rhythm
    const steadyFrom = Date.now();
    await sleep(4 * intervalSec * 1000);
    const steadyTo = Date.now();
    hub.control.injectFault({ route: '*', reset: true, times: 100_000_000 });
    await sleep(outageMs);
    hub.control.clearFaults();
    const back = Date.now();
    await sleep(windowMs + 1_000);
    const log = hub.control.requestLog();
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
      herdPeakSecond: peak.second,
      herdPeakMix: peak.mix,
      herdBackWithin2Intervals: within,
      herdLastBackMs: backBy.size === devices ? Math.max(0, ...backBy.values()) : Number.POSITIVE_INFINITY,
      herdAllOnlineMs: Math.max(0, ...onlineBy),
      herdCpuSec: Math.round((cpu.user + cpu.system) / 1e5) / 10,
      herdRssMb: round1(process.memoryUsage.rss() / 1e6),
    };
    context.print(
      `  herd: ${devices} cores, steady ${figures.herdSteadyRatePerSec}/s; first ${windowMs / 1000} s after a ${outageMs / 1000} s outage: ` +
        `peak ${peak.count}/s (${figures.herdPeakOverSteady}× steady, second ${peak.second}: ${peak.mix}); ` +
        `${within}/${devices} back within 2 intervals, all Online after ${figures.herdAllOnlineMs} ms`,
    );
    context.print(`  herd: requests per second after the return: ${perSecond(after, back, windowMs).join(' ')}`);
    return figures;
  } finally {
    for (const core of cores) await core.close();
    await hub.close();
  }
}

/** The busiest 1-second bin after `back`, and which routes (live/kept telemetry, others) filled it. */
function peakSecond(requests: readonly SimRequest[], back: number): { count: number; second: number; mix: string } {
  const bins = new Map<number, SimRequest[]>();
  for (const q of requests) {
    const second = Math.floor((q.at - back) / 1000);
    bins.set(second, [...(bins.get(second) ?? []), q]);
  }
  let best: { second: number; list: SimRequest[] } = { second: -1, list: [] };
  for (const [second, list] of bins) if (list.length > best.list.length) best = { second, list };
  const mix = new Map<string, number>();
  for (const q of best.list) mix.set(q.route ?? 'other', (mix.get(q.route ?? 'other') ?? 0) + 1);
  return { count: best.list.length, second: best.second, mix: [...mix].map(([route, n]) => `${route} ${n}`).join(', ') || 'none' };
}

function perSecond(requests: readonly SimRequest[], from: number, windowMs: number): number[] {
  const bins = Array.from({ length: Math.ceil(windowMs / 1000) }, () => 0);
  for (const q of requests) bins[Math.floor((q.at - from) / 1000)]! += 1;
  return bins;
}

function firstSuccessByDevice(requests: readonly SimRequest[], back: number): Map<string, number> {
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
