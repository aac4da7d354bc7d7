// Bundles the headless runner (players without a screen) with esbuild (npm run build:headless):
//   app/shells/headless/run.ts → dist/headless/run.cjs, plus the chunks it loads only on demand
//   (LAZY_CHUNKS: mqtt.cjs at the first broker connection, demo-hub.cjs in demo mode) beside it.
// Plain CommonJS files with every dependency inlined, run by `node dist/headless/run.cjs` (the
// README's systemd unit does): no tsx loader, no npm wrapper, no node_modules at run time. The
// bench (`npm run bench`) measures these files.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { IMPORT_META_URL_BANNER, IMPORT_META_URL_DEFINE, nodeBundleOptions, OPTIONAL_NATIVE } from './build-electron';
import { checkChunksBanner, LAZY_CHUNKS, splitLazyChunks } from './headless-chunks';

export interface BuildHeadlessOptions {
  /** Repository root (where app/shells/headless lives). */
  projectRoot: string;
  /** Output file; default <projectRoot>/dist/headless/run.cjs. */
  outFile?: string;
  /** esbuild plugins (a bench may swap a module to measure a proposed replacement). */
  plugins?: Plugin[];
}

export interface BuildHeadlessResult {
  /** run.cjs, the entry. */
  file: string;
  /** The chunks beside it (absolute paths), which must ship with it. */
  chunks: string[];
  /** Input files of run.cjs alone (not of the chunks). */
  inputs: string[];
}

const commonOptions: BuildOptions = {
  ...nodeBundleOptions,
  // non-ASCII in strings and identifiers escaped (esbuild's default, relied on by asciiOnly below)
  charset: 'ascii',
  external: OPTIONAL_NATIVE,
  define: IMPORT_META_URL_DEFINE,
};

export async function buildHeadless(options: BuildHeadlessOptions): Promise<BuildHeadlessResult> {
  const root = options.projectRoot;
  const file = options.outFile ?? path.join(root, 'dist', 'headless', 'run.cjs');
  const plugins = options.plugins ?? [];
  const result = await build({
    ...commonOptions,
    entryPoints: [path.join(root, 'app', 'shells', 'headless', 'run.ts')],
    outfile: file,
    plugins: [splitLazyChunks(root), ...plugins],
    banner: { js: `#!/usr/bin/env node\n${IMPORT_META_URL_BANNER}\n${checkChunksBanner()}` },
  });
  asciiOnly(file);
  const chunks = await Promise.all(
    LAZY_CHUNKS.map(async (chunk) => {
      const chunkFile = path.join(path.dirname(file), chunk.file);
      await build({ ...commonOptions, entryPoints: [chunk.entry(root)], outfile: chunkFile, plugins: [...(chunk.plugins ?? []), ...plugins], banner: { js: IMPORT_META_URL_BANNER } });
      asciiOnly(chunkFile);
      return chunkFile;
    }),
  );
  return { file, chunks, inputs: Object.keys(result.metafile?.inputs ?? {}) };
}

/**
 * V8 keeps a script's source in memory for its whole life, as one byte per character only when
 * every character is Latin-1: one "→" in a comment doubles it (the headless bundle's source took
 * 4.4 MB of a 12.5 MB heap). esbuild escapes non-ASCII in strings, regexes and identifiers
 * (charset ascii), but keeps comments as written, so what is left is in comments and becomes '?'.
 */
export function asciiOnly(file: string): void {
  const text = readFileSync(file, 'utf8');
  // eslint-disable-next-line no-control-regex
  if (/[^\u0000-\u007f]/.test(text)) writeFileSync(file, text.replace(/[^\u0000-\u007f]/g, '?'));
}

async function runFromCli(): Promise<void> {
  const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const result = await buildHeadless({ projectRoot });
  const chunks = result.chunks.map((chunk) => path.basename(chunk)).join(', ');
  console.log(`built ${path.relative(projectRoot, result.file)} (${result.inputs.length} inputs; loaded on demand: ${chunks})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runFromCli().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
