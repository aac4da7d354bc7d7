// Measured "what if" for a dependency, without touching app/: a comma list of module swaps applied
// to an extra build of the headless runner, which agent-process.ts runs beside the real one (the
// "proposal" row), so the saving of a proposed app change is read off the same table.
// XK_BENCH_EXPERIMENTS chooses the swaps (default: node-http,light-conf — both dependencies the
// memory target stands on; "none" skips the row).
//   node-http     axios → a node:http/https shim (agent-shim-axios.ts)
//   no-form-data  axios stays, its `form-data` dependency (and mime-db's JSON) is stubbed out
//   light-conf    conf → a small ConfLike (agent-shim-conf.ts)
// (Measured and dropped: zod's `jitless` config changed nothing; node's --jitless breaks axios.)
import path from 'node:path';

interface Resolver {
  onResolve(options: { filter: RegExp }, callback: (args: { path: string }) => { path: string; namespace?: string } | undefined): void;
  onLoad(options: { filter: RegExp; namespace: string }, callback: () => { contents: string; loader: 'js' }): void;
}

export const EXPERIMENTS = ['node-http', 'no-form-data', 'light-conf'] as const;
export type Experiment = (typeof EXPERIMENTS)[number];

export function parseExperiments(value: string | undefined): Experiment[] {
  const names = (value ?? 'node-http,light-conf').split(',').map((s) => s.trim()).filter((s) => s && s !== 'none');
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
      if (experiments.includes('node-http')) build.onResolve({ filter: /^axios$/ }, () => ({ path: path.join(benchDir, 'agent-shim-axios.ts') }));
      if (experiments.includes('light-conf')) build.onResolve({ filter: /^conf$/ }, () => ({ path: path.join(benchDir, 'agent-shim-conf.ts') }));
      if (experiments.includes('no-form-data')) {
        build.onResolve({ filter: /^form-data$/ }, () => ({ path: 'form-data', namespace: 'xk-stub' }));
        build.onLoad({ filter: /.*/, namespace: 'xk-stub' }, () => ({
          contents: "module.exports = class FormData { constructor() { throw new Error('form-data is stubbed out in this bench'); } };",
          loader: 'js',
        }));
      }
    },
  };
}
