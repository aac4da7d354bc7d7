// The agent-process bench's arithmetic and output: CPU per tick in a start-up and a steady window
// at 1 s, the peer's windows and the ratios, RSS split into anonymous and file-backed pages, and
// the figure keys `npm run bench` checks its targets against. Readings are made up here; the
// processes they come from are the bench's business.
import { describe, expect, it } from 'vitest';
import { flatRate, rssGrowth, settledRssGrowth, summarizeAgentProcess, windowRates, type Measurements, type Plan } from '../../../scripts/bench/agent-process-summary';
import { growthMarks, planFor } from '../../../scripts/bench/agent-process';
import type { ClientRun, Reading } from '../../../scripts/bench/client-run';

const reading = (ticks: number, cpuMs: number, rssMb = 60): Reading => ({ ticks, atMs: ticks * 1000, cpuMs, rssMb, hwmMb: rssMb + 2, rssAnonMb: rssMb - 40, rssFileMb: 40, treeRssMb: rssMb });
const run = (label: string, readings: Reading[], firstTelemetryMs = 400): ClientRun => ({ label, firstTelemetryMs, readings });
const plan: Plan = { warmTicks: 5, slowTicks: 120, flatFrom: 1_000, flatSettled: 10_000, flatTo: 20_000, withDev: false };

function measurements(): Measurements {
  return {
    // ours: 240 ms over the start-up window, 120 ms over the steady one; 4,000 ticks per CPU-s flat out
    ours: { slow: run('ours', [reading(5, 100), reading(125, 340), reading(245, 460, 58)]), flat: run('ours flat', [reading(1000, 0, 80), reading(1950, 10, 82), reading(2900, 20, 81), reading(18100, 30, 84), reading(19050, 40, 83), reading(20000, 4750, 82)]) },
    // peer: 3 ms and 2.5 ms per tick, 1,600 ticks per CPU-s
    peer: { slow: run('peer', [reading(5, 50), reading(125, 410), reading(245, 710, 62)]), flat: run('peer flat', [reading(1000, 0), reading(5000, 2500)]) },
    dev: null,
    before: null,
    variants: [],
    bareNodeStartMs: 55,
  };
}

describe('agent-process bench summary', () => {
  it('gives each 1 s window at least 120 ticks in the full plan, the steady one right after start-up', () => {
    const full = planFor(false);
    expect(full.slowTicks).toBeGreaterThanOrEqual(120);
    expect(full.warmTicks).toBe(5);
  });

  it('divides CPU by ticks per window, and ticks by CPU-seconds flat out', () => {
    const m = measurements();
    expect(windowRates(m.ours.slow)).toEqual({ startUp: 2, steady: 1 });
    expect(flatRate(m.ours.flat)).toBeCloseTo(4000, 6);
    // medians of the first three (81) and the last three (83) readings
    expect(rssGrowth(m.ours.flat)).toEqual({ early: 81, late: 83, pct: 2.47 });
    // a run without readings from tick 10,000 on has no settled figure
    expect(settledRssGrowth(m.ours.flat, plan.flatSettled)).toBeNull();
    expect(() => windowRates(run('short', [reading(5, 0), reading(125, 10)]))).toThrow(/two windows need 3/);
  });

  it('prints both windows with the peer and the ratios, RSS anon/file, and keeps the figure keys', () => {
    const lines: string[] = [];
    const figures = summarizeAgentProcess((line) => lines.push(line), plan, measurements());
    expect(figures).toMatchObject({
      processCpuMsPerTick1s: 2,
      processCpuMsPerTick1sSteady: 1,
      processTicksPerCpuSecFlat: 4000,
      processRssEndMb: 58,
      processRssAnonMb: 18,
      processRssFileMb: 40,
      processRssHwmMb: 60,
      processRssGrowthPct: 2.47,
      processFirstTelemetryMs: 400,
      peerCpuMsPerTick1s: 3,
      peerCpuMsPerTick1sSteady: 2.5,
      peerRssAnonMb: 22,
      peerRssFileMb: 40,
      ratioCpuPerTick1s: 0.667,
      ratioCpuPerTick1sSteady: 0.4,
      ratioTicksPerCpuSecFlat: 2.5,
      bareNodeStartMs: 55,
    });
    const text = lines.join('\n');
    expect(text).toContain('ticks 5→125');
    expect(text).toContain('125→245 (steady)');
    expect(text).toMatch(/ours \/ peer: CPU per tick 0\.67× \(start-up window\), 0\.40× \(steady window\); ticks per CPU-second flat out 2\.50×/);
    expect(lines.find((line) => line.startsWith('ours: node dist/headless'))).toMatch(/2\.00\s+1\.00\s+4000\s+58\.0\s+18\.0\s+40\.0\s+60\.0/);
  });

  it('prints each launch variant next to ours as launched, with its ratios to the peer', () => {
    const lines: string[] = [];
    const m = measurements();
    m.variants = [{ name: 'noopt', adds: '--no-opt', slow: run('v', [reading(5, 0), reading(125, 180), reading(245, 300)]), flat: m.ours.flat }];
    const figures = summarizeAgentProcess((line) => lines.push(line), plan, m);
    const row = lines.find((line) => line.startsWith('noopt'));
    expect(row).toMatch(/1\.50\s+1\.00\s+4000\s+2\.47/);
    expect(row).toContain('0.50 / 0.40 / 2.50');
    expect(row).toMatch(/--no-opt$/);
    expect(lines.some((line) => line.startsWith('as launched'))).toBe(true);
    // variants are for reading, the figures of record stay ours as launched
    expect(figures.processCpuMsPerTick1s).toBe(2);
  });

  it('reads three more flat-out marks once the heap has settled, between the early and the late ones', () => {
    const full = planFor(false);
    expect(growthMarks(full)).toEqual([1000, 1950, 2900, 10000, 10950, 11900, 18100, 19050, 20000]);
    const quick = planFor(true);
    const marks = growthMarks(quick);
    expect([...marks].sort((a, b) => a - b)).toEqual(marks);
    expect(marks[3]).toBe(quick.flatSettled);
  });

  it('prints growth from tick 1,000 and from the settled mark, keeping the target figure from tick 1,000', () => {
    const lines: string[] = [];
    const m = measurements();
    // RSS climbs while the heap warms up (60 → 64 MB), then stays within the young generation's swing
    const rss = [60, 62, 61, 64, 65, 64, 64, 65, 64];
    m.ours.flat = run('ours flat', growthMarks(plan).map((ticks, i) => reading(ticks, i * 500, rss[i])));
    const figures = summarizeAgentProcess((line) => lines.push(line), plan, m);
    expect(figures).toMatchObject({ processRssGrowthPct: 4.92, processRssGrowthSettledPct: 0, processRssSettledMedianMb: 64 });
    expect(lines.join('\n')).toContain("from tick 1,000: 4.92 % (61.0 → 64.0 MB); from tick 10,000 (after the heap's warm-up in a full run): 0.00 % (64.0 → 64.0 MB)");
  });
});
