// Shared by the power-loss test and its child process (imported by both, runs nothing).

/** The access key written with generation `gen`: lets the parent detect a mix of two writes. */
export function accessKeyFor(gen: number): string {
  return `key-${gen.toString(16).padStart(28, '0')}`;
}

/** mulberry32: small, seeded, deterministic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
