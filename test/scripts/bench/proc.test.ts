// The bench's whole-process readings of another process (Linux /proc): CPU of a process and its
// descendants, RSS and its high-water mark. No timing is asserted, only what the kernel reports.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readCpuMs, readMemory, readTreeCpuMs, readTreeRssMb, treeOf } from '../../../scripts/bench/proc';

describe('bench /proc readers', () => {
  it('read CPU and memory of this process', () => {
    // Enough work to pass at least one 10 ms clock tick.
    let x = 0;
    for (let i = 0; i < 5e7; i++) x += i % 7;
    expect(x).toBeGreaterThan(0);
    expect(readCpuMs(process.pid)).toBeGreaterThan(0);
    const memory = readMemory(process.pid);
    expect(memory.rssMb).toBeGreaterThan(1);
    expect(memory.hwmMb).toBeGreaterThanOrEqual(memory.rssMb);
    // RSS = anonymous + file-backed + shared memory pages, read together; each part rounded to 0.1 MB.
    expect(memory.rssAnonMb).toBeGreaterThan(1);
    expect(memory.rssFileMb).toBeGreaterThan(1);
    expect(memory.rssAnonMb + memory.rssFileMb).toBeLessThanOrEqual(memory.rssMb + 0.2);
  });

  it('follow the process tree: a child is counted in the tree figures', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      // Bounded wait until the child shows up under this process.
      for (let i = 0; i < 200 && !treeOf(process.pid).includes(child.pid!); i++) await new Promise((r) => setTimeout(r, 25));
      expect(treeOf(process.pid)).toContain(child.pid);
      // Each comparison reads the smaller side first: CPU only grows, and the tree's RSS holds this
      // test process (tens of MB) on top of the child, far more than the child can grow in between.
      const childRss = readMemory(child.pid!).rssMb;
      expect(readTreeRssMb(process.pid)).toBeGreaterThan(childRss);
      const ownCpu = readCpuMs(process.pid);
      expect(readTreeCpuMs(process.pid)).toBeGreaterThanOrEqual(ownCpu);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
  });
});
