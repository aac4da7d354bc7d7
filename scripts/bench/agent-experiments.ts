// Measured "what if" for a dependency, without touching app/: a comma list of module swaps applied
// to an extra build of the headless runner, which agent-process.ts runs beside the real one (the
// "proposal" row), so the saving of a proposed app change is read off the same table.
// XK_BENCH_EXPERIMENTS chooses the swaps (default: light-conf; "none" skips the row).
//   light-conf    conf → a small ConfLike (agent-shim-conf.ts)
// (Measured and done: axios → node:http is now the hub client itself, app/core/hub/http.ts.
// Measured and dropped: zod's `jitless` config changed nothing.)
import path from 'node:path';

interface Resolver {
  onResolve(options: { filter: RegExp }, callback: (args: { path: string }) => { path: string; namespace?: string } | undefined): void;
}

export const EXPERIMENTS = ['light-conf'] as const;
export type Experiment = (typeof EXPERIMENTS)[number];

export function parseExperiments(value: string | undefined): Experiment[] {
  const names = (value ?? 'light-conf').split(',').map((s) => s.trim()).filter((s) => s && s !== 'none');
  for (const name of names) {
    if (!(EXPERIMENTS as readonly string[]).includes(name)) throw new Error(`unknown XK_BENCH_EXPERIMENTS entry "${name}" (known: ${EXPERIMENTS.join(', ')})`);
  }
  return names as Experiment[];
}

/** An esbuild plugin that applies the module swaps of `experiments`. */
export function experimentPlugin(experiments: readonly Experiment[], benchDir: string) {
  return {
    name: 'xk-agent-experiments',
    setup(build: Resolver) {
      if (experiments.includes('light-conf')) build.onResolve({ filter: /^conf$/ }, () => ({ path: path.join(benchDir, 'agent-shim-conf.ts') }));
    },
  };
}
