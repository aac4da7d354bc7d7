// `npm run bench` part: the fleet herd. N agent cores in ONE process (no module-level singletons:
// each has its own stores, clock use and back-off) against one simulator; a 60 s outage (every
// connection reset); then: the peak 1-second request rate after the hub returns vs the steady
// rate, whether every device was back within two telemetry intervals, and the process's CPU/RSS.
import { systemClock } from '../../app/core/deps';
import { startHub } from '../../test/hub/index';
import type { BenchContext } from '../bench';
import { seededRandom, startCore, until, type Core } from './push-rig';

type Figures = Record<string, number | string>;

export async function benchHerd(context: BenchContext): Promise<Figures> {
  const devices = context.quick ? 50 : 300;
  const intervalSec = 5;
  const outageMs = context.quick ? 20_000 : 60_000;
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
    await sleep(2 * intervalSec * 1000 + 2_000);
    const log = hub.control.requestLog();
    const steadyRate = log.filter((q) => q.at >= steadyFrom && q.at < steadyTo).length / ((steadyTo - steadyFrom) / 1000);
    const bins = new Map<number, number>();
    for (const q of log) if (q.at >= back && q.at < back + 2 * intervalSec * 1000) bins.set(Math.floor((q.at - back) / 1000), (bins.get(Math.floor((q.at - back) / 1000)) ?? 0) + 1);
    const peak = Math.max(0, ...bins.values());
    const backBy = new Map<string, number>();
    for (const q of log) {
      if (q.route === 'sendTelemetry' && q.status === 200 && q.at >= back && q.device_id && !backBy.has(q.device_id)) backBy.set(q.device_id, q.at - back);
    }
    const within = [...backBy.values()].filter((ms) => ms <= 2 * intervalSec * 1000).length;
    const cpu = process.cpuUsage(cpuStart);
    const figures: Figures = {
      herdDevices: devices,
      herdIntervalSec: intervalSec,
      herdOutageSec: outageMs / 1000,
      herdSteadyRatePerSec: Math.round(steadyRate * 10) / 10,
      herdPeakRatePerSec: peak,
      herdPeakOverSteady: Math.round((peak / steadyRate) * 100) / 100,
      herdBackWithin2Intervals: within,
      herdLastBackMs: Math.max(0, ...backBy.values()),
      herdCpuSec: Math.round((cpu.user + cpu.system) / 1e5) / 10,
      herdRssMb: Math.round(process.memoryUsage.rss() / 1e5) / 10,
    };
    context.print(`  herd: ${devices} cores, steady ${figures.herdSteadyRatePerSec}/s, peak after a ${outageMs / 1000} s outage ${peak}/s, ${within}/${devices} back within 2 intervals`);
    return figures;
  } finally {
    for (const core of cores) await core.close();
    await hub.close();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
