// Bundles the headless runner (players without a screen) with esbuild (npm run build:headless):
//   app/shells/headless/run.ts → dist/headless/run.cjs
// One plain CommonJS file with every dependency inlined, run by `node dist/headless/run.cjs` (the
// README's systemd unit does): no tsx loader, no npm wrapper, no node_modules at run time. The
// bench (`npm run bench`) measures this file.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { nodeBundleOptions, OPTIONAL_NATIVE } from './build-electron';

export interface BuildHeadlessOptions {
  /** Repository root (where app/shells/headless lives). */
  projectRoot: string;
  /** Output file; default <projectRoot>/dist/headless/run.cjs. */
  outFile?: string;
  /** esbuild plugins (a bench may swap a module to measure a proposed replacement). */
  plugins?: Plugin[];
}

export interface BuildHeadlessResult {
  file: string;
  inputs: string[];
}

export async function buildHeadless(options: BuildHeadlessOptions): Promise<BuildHeadlessResult> {
  const root = options.projectRoot;
  const file = options.outFile ?? path.join(root, 'dist', 'headless', 'run.cjs');
  const result = await build({
    entryPoints: [path.join(root, 'app', 'shells', 'headless', 'run.ts')],
    ...nodeBundleOptions,
    outfile: file,
    external: OPTIONAL_NATIVE,
    plugins: options.plugins ?? [],
    // ESM sources read import.meta.url (the package version, dependencies); in a CJS bundle it
    // must come from __filename.
    define: { 'import.meta.url': '__kioskImportMetaUrl' },
    banner: { js: "#!/usr/bin/env node\nvar __kioskImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  return { file, inputs: Object.keys(result.metafile?.inputs ?? {}) };
}

async function runFromCli(): Promise<void> {
  const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const result = await buildHeadless({ projectRoot });
  console.log(`built ${path.relative(projectRoot, result.file)} (${result.inputs.length} inputs)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runFromCli().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
