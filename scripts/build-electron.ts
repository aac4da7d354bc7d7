// Bundles the Electron main process and the preload with esbuild (npm run build:electron):
//   app/electron/main.ts    → dist/electron/main.cjs    (every dependency inlined: the packaged app
//                                                        ships no node_modules; only electron external)
//   app/electron/preload.ts → dist/electron/preload.cjs (ONE file: a sandboxed preload cannot require
//                                                        anything but electron)
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type BuildOptions, type Metafile } from 'esbuild';

export interface BuildElectronOptions {
  /** Repository root (where app/electron lives). */
  projectRoot: string;
  /** Output directory; default <projectRoot>/dist/electron. */
  outDir?: string;
  /** Entry of the main bundle (tests may bundle another entry with the same settings). */
  mainEntry?: string;
}

export interface BuildElectronResult {
  mainFile: string;
  preloadFile: string;
  /** Input files per bundle, to check what got inlined. */
  mainInputs: string[];
  preloadInputs: string[];
}

// Optional native speed-ups of ws: required inside try/catch, absent here; ws falls back to JS.
export const OPTIONAL_NATIVE = ['bufferutil', 'utf-8-validate'];

/** The settings every Node-side bundle shares (Electron main, headless runner). */
export const nodeBundleOptions: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  metafile: true,
  legalComments: 'none',
  // Readable stack traces in the device logs matter more than a few hundred KB.
  minify: false,
};

// ESM sources read import.meta.url (the package version, dependencies); in a CJS bundle it must
// come from __filename. The banner goes before esbuild's own "use strict", which then no longer
// opens the file and would leave the ES modules (strict in the tests) running sloppy: it repeats it.
export const IMPORT_META_URL_DEFINE = { 'import.meta.url': '__kioskImportMetaUrl' };
export const IMPORT_META_URL_BANNER = "'use strict';\nvar __kioskImportMetaUrl = require('node:url').pathToFileURL(__filename).href;";

export async function buildElectron(options: BuildElectronOptions): Promise<BuildElectronResult> {
  const root = options.projectRoot;
  const outDir = options.outDir ?? path.join(root, 'dist', 'electron');
  const mainFile = path.join(outDir, 'main.cjs');
  const preloadFile = path.join(outDir, 'preload.cjs');
  const main = await build({
    ...nodeBundleOptions,
    entryPoints: [options.mainEntry ?? path.join(root, 'app', 'electron', 'main.ts')],
    outfile: mainFile,
    external: ['electron', ...OPTIONAL_NATIVE],
    define: IMPORT_META_URL_DEFINE,
    banner: { js: IMPORT_META_URL_BANNER },
  });
  const preloadInputs = await buildPreload(root, preloadFile);
  return { mainFile, preloadFile, mainInputs: inputsOf(main.metafile), preloadInputs };
}

/** Bundles app/electron/preload.ts alone into `outfile`; returns its input files. */
export async function buildPreload(projectRoot: string, outfile: string): Promise<string[]> {
  const preload = await build({
    ...nodeBundleOptions,
    // Sandboxed preloads run in a renderer with a browser-like global, not Node.
    platform: 'browser',
    entryPoints: [path.join(projectRoot, 'app', 'electron', 'preload.ts')],
    outfile,
    external: ['electron'],
  });
  return inputsOf(preload.metafile);
}

function inputsOf(metafile: Metafile | undefined): string[] {
  return Object.keys(metafile?.inputs ?? {});
}

async function runFromCli(): Promise<void> {
  const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const result = await buildElectron({ projectRoot });
  console.log(`built ${path.relative(projectRoot, result.mainFile)} (${result.mainInputs.length} inputs) and ${path.relative(projectRoot, result.preloadFile)} (${result.preloadInputs.length} inputs)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runFromCli().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
