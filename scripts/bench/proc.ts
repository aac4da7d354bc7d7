// Whole-process readings of ANOTHER process from Linux /proc (process.cpuUsage() only sees the
// calling process): CPU = utime + stime of every thread (V8's GC and compiler threads, libuv's
// pool included), summed over the process and its descendants; memory = VmRSS, the kernel's
// high-water mark VmHWM, and RSS split into anonymous memory (heaps, stacks: what the program
// allocates) and file-backed pages (the node binary's code and data as far as it was touched). Clock ticks are USER_HZ = 100 on Linux (10 ms), so a figure needs a
// window of at least a few hundred ms of CPU to be exact within a few per cent.
import { readFileSync, readdirSync } from 'node:fs';

const TICK_MS = 10;

export interface ProcMemory {
  rssMb: number;
  hwmMb: number;
  /** RssAnon: heaps, stacks, malloc arenas. */
  rssAnonMb: number;
  /** RssFile: mapped files, mostly the node binary's pages that were touched. */
  rssFileMb: number;
}

/** CPU milliseconds (user + system) used so far by `pid` and every live descendant. */
export function readTreeCpuMs(pid: number): number {
  return treeOf(pid).reduce((sum, p) => sum + readCpuMs(p), 0);
}

export function readCpuMs(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses: fields are counted after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) * TICK_MS;
}

/** RSS now, its high-water mark and its anonymous / file-backed parts, for `pid` alone (MB). */
export function readMemory(pid: number): ProcMemory {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
  return { rssMb: round1(kb('VmRSS') / 1024), hwmMb: round1(kb('VmHWM') / 1024), rssAnonMb: round1(kb('RssAnon') / 1024), rssFileMb: round1(kb('RssFile') / 1024) };
}

/** Summed RSS of the process tree (MB): what a wrapper (npm, tsx) costs on top of the agent. */
export function readTreeRssMb(pid: number): number {
  return round1(treeOf(pid).reduce((sum, p) => sum + safe(() => readMemory(p).rssMb, 0), 0));
}

/** `pid` and its live descendants (via /proc/<pid>/task/<tid>/children). */
export function treeOf(pid: number): number[] {
  const out: number[] = [];
  const visit = (p: number) => {
    out.push(p);
    for (const child of childrenOf(p)) visit(child);
  };
  visit(pid);
  return out;
}

function childrenOf(pid: number): number[] {
  return safe(() => readdirSync(`/proc/${pid}/task`), [] as string[]).flatMap((tid) =>
    safe(() => readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8'), '')
      .split(' ')
      .filter(Boolean)
      .map(Number),
  );
}

function safe<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
