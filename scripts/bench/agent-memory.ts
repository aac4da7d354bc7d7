// One memory reading of this process, in MB, taken after a forced full GC (node --expose-gc) so it
// shows what is retained or still committed, not when V8 last happened to collect. Kept to plain
// numbers so a child process can print it as JSON and the parent can tabulate it.
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';

export interface MemorySnapshot {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  /** V8's committed pages: all spaces, and the young generation (semi-spaces) alone. */
  heapPhysicalMb: number;
  newSpaceMb: number;
  codeSpaceMb: number;
  /** The embedder's malloc (not the JS heap): parser, compiler, ICU, libuv… */
  mallocedMb: number;
  /** Resident pages by mapping (Linux /proc/self/smaps; 0 elsewhere): the node executable's own
   * file pages, other files, the brk heap (glibc's main malloc arena), anonymous mappings (V8's
   * pages, other malloc arenas, thread stacks). */
  nodeBinaryMb: number;
  otherFilesMb: number;
  brkHeapMb: number;
  anonMb: number;
}

const MB = 1048576;

/** Set in a child's environment: the bundle runs as the agent worker (agent-worker.ts). */
export const WORKER_FLAG = 'XK_BENCH_AGENT_WORKER';

export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  // Twice: the first full GC can leave weak/finalizable objects that only the second frees.
  gc?.();
  gc?.();
}

export function readMemory(): MemorySnapshot {
  collectGarbage();
  const usage = process.memoryUsage();
  const heap = v8.getHeapStatistics();
  const spaces = new Map(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.physical_space_size]));
  return {
    rssMb: mb(usage.rss),
    heapUsedMb: mb(usage.heapUsed),
    heapTotalMb: mb(usage.heapTotal),
    externalMb: mb(usage.external),
    arrayBuffersMb: mb(usage.arrayBuffers),
    heapPhysicalMb: mb(heap.total_physical_size),
    newSpaceMb: mb(spaces.get('new_space') ?? 0),
    codeSpaceMb: mb(spaces.get('code_space') ?? 0),
    mallocedMb: mb(heap.malloced_memory),
    ...readMappings(),
  };
}

type Mappings = Pick<MemorySnapshot, 'nodeBinaryMb' | 'otherFilesMb' | 'brkHeapMb' | 'anonMb'>;

function readMappings(): Mappings {
  const kb = { nodeBinary: 0, otherFiles: 0, brkHeap: 0, anon: 0 };
  let text: string;
  try {
    text = readFileSync('/proc/self/smaps', 'utf8');
  } catch {
    return { nodeBinaryMb: 0, otherFilesMb: 0, brkHeapMb: 0, anonMb: 0 };
  }
  let bucket: keyof typeof kb = 'anon';
  for (const line of text.split('\n')) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (header) {
      bucket = mappingBucket(header[1]!.trim());
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) kb[bucket] += Number(rss[1]);
  }
  const toMb = (k: number) => Math.round((k / 1024) * 10) / 10;
  return { nodeBinaryMb: toMb(kb.nodeBinary), otherFilesMb: toMb(kb.otherFiles), brkHeapMb: toMb(kb.brkHeap), anonMb: toMb(kb.anon) };
}

function mappingBucket(name: string): 'nodeBinary' | 'otherFiles' | 'brkHeap' | 'anon' {
  if (name === '[heap]') return 'brkHeap';
  if (name === process.execPath) return 'nodeBinary';
  if (name.startsWith('/')) return 'otherFiles';
  return 'anon';
}

function mb(bytes: number): number {
  return Math.round((bytes / MB) * 10) / 10;
}
