// Bundles a bench worker (a module of scripts/bench started in its own process, so its RSS and CPU
// are its own) into one ESM file with esbuild.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `entry`: the worker's module in scripts/bench, `run`: its exported function, awaited at top level. */
export async function bundleBenchWorker(dir: string, name: string, entry: string, run: string, external: string[] = []): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = join(dir, `${name}.mjs`);
  await build({
    stdin: { contents: `import { ${run} } from './${entry}';\nawait ${run}();\n`, resolveDir: dirname(fileURLToPath(import.meta.url)), loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['esbuild', ...external],
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}
