// Shared by the power-loss test and its child process (imported by both, runs nothing).

/** The access key written with generation `gen`: lets the parent detect a mix of two writes. */
export function accessKeyFor(gen: number): string {
  return `key-${gen.toString(16).padStart(28, '0')}`;
}

export { seededRandom } from '../support/seeded-random';
