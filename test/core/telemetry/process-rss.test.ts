import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRssReader, readProcessRss } from '../../../app/core/telemetry/process-rss';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xk-rss-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const statm = (resident: number) => `1000 ${resident} 30 1 0 100 0\n`;

describe('process RSS reader', () => {
  it('reads the resident pages at every call and multiplies them by the calibrated page size', () => {
    const file = path.join(dir, 'statm');
    fs.writeFileSync(file, statm(250));
    let fallbacks = 0;
    const read = createRssReader({ statmPath: file, fallback: () => (fallbacks++, 250 * 16384 + 3000) });
    expect(read()).toBe(250 * 16384);
    fs.writeFileSync(file, statm(300));
    expect(read()).toBe(300 * 16384);
    expect(fallbacks).toBe(1); // the calibration only
  });

  it('falls back when statm is missing, unreadable or gives an implausible page size', () => {
    const missing = createRssReader({ statmPath: path.join(dir, 'none'), fallback: () => 123 });
    expect(missing()).toBe(123);
    const junkFile = path.join(dir, 'junk');
    fs.writeFileSync(junkFile, 'not statm');
    expect(createRssReader({ statmPath: junkFile, fallback: () => 456 })()).toBe(456);
    const oddFile = path.join(dir, 'odd');
    fs.writeFileSync(oddFile, statm(10));
    expect(createRssReader({ statmPath: oddFile, fallback: () => 10 })()).toBe(10);
  });

  it('falls back when statm turns unreadable later', () => {
    const file = path.join(dir, 'statm');
    fs.writeFileSync(file, statm(100));
    let rss = 100 * 4096;
    const read = createRssReader({ statmPath: file, fallback: () => rss });
    expect(read()).toBe(100 * 4096);
    fs.writeFileSync(file, '');
    rss = 777;
    expect(read()).toBe(777);
  });

  it('agrees with process.memoryUsage.rss() on this machine', () => {
    const ours = readProcessRss();
    const node = process.memoryUsage.rss();
    expect(ours).toBeGreaterThan(node * 0.8);
    expect(ours).toBeLessThan(node * 1.25);
  });
});
