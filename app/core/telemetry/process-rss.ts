// The process's resident set size, read every tick for the `rss_mb` telemetry key.
// process.memoryUsage.rss() opens, reads and closes /proc/self/stat on every call; /proc/self/statm
// kept open and read again from offset 0 gives the same figure (both are the kernel's count of
// resident pages) for one read call. Where statm cannot be read (not Linux, an odd file) the
// reader falls back to process.memoryUsage.rss().
import { closeSync, openSync, readSync } from 'node:fs';

export interface RssReaderOptions {
  statmPath?: string;
  /** The RSS in bytes by other means: the page size is calibrated against it, and it is the fallback. */
  fallback?: () => number;
}

const MIN_PAGE = 1024;
const MAX_PAGE = 1024 * 1024;

export function createRssReader(options: RssReaderOptions = {}): () => number {
  const fallback = options.fallback ?? (() => process.memoryUsage.rss());
  const buffer = Buffer.alloc(160);
  let fd: number | null = null;
  let pageSize = 0;

  /** statm is "size resident shared text lib data dt", in pages. */
  const residentPages = (from: number): number => {
    const n = readSync(from, buffer, 0, buffer.length, 0);
    const text = buffer.toString('latin1', 0, n);
    const start = text.indexOf(' ') + 1;
    const end = text.indexOf(' ', start);
    const pages = start > 0 && end > start ? Number(text.slice(start, end)) : Number.NaN;
    if (!Number.isSafeInteger(pages) || pages <= 0) throw new Error('unreadable statm');
    return pages;
  };

  try {
    fd = openSync(options.statmPath ?? '/proc/self/statm', 'r');
    // Pages are a power of two bytes (4 KiB on x86, 4, 16 or 64 KiB on ARM): the nearest one to
    // what the other source says (a few pages that changed in between cannot move it).
    const size = 2 ** Math.round(Math.log2(fallback() / residentPages(fd)));
    if (!(size >= MIN_PAGE && size <= MAX_PAGE)) throw new Error('implausible page size');
    pageSize = size;
  } catch {
    if (fd !== null) closeSync(fd);
    fd = null;
  }

  return () => {
    if (fd === null) return fallback();
    try {
      return residentPages(fd) * pageSize;
    } catch {
      return fallback();
    }
  };
}

let shared: (() => number) | null = null;

/** This process's RSS in bytes: one statm file descriptor for the whole process, opened at first use. */
export function readProcessRss(): number {
  shared ??= createRssReader();
  return shared();
}
