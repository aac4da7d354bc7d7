// What the headless runner loads only on demand, each built to its own file beside run.cjs.
// V8 keeps the whole source of a script in memory for the script's life and preparses all of it
// at start: code a normal tick never runs (mqtt.js and its ~1 MB of dependencies until the first
// broker connection; the embedded hub simulator, only in demo mode) costs RSS and start-up CPU
// when it sits in run.cjs, and nothing when it sits in a file require()d at that first use.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'esbuild';

export interface LazyChunk {
  /** The file written beside run.cjs (and shipped with it). */
  file: string;
  /** The import specifiers that load it; only ever through a dynamic import(). */
  filter: RegExp;
  /** The module the chunk is built from. */
  entry(root: string): string;
  /** esbuild plugins of this chunk's own build. */
  plugins?: Plugin[];
}

/**
 * mqtt.js builds its transport table at the first connection and require()s its WebSocket
 * transport (the ws package, zlib) with it, although push only ever dials mqtt:// or mqtts://
 * (app/core/push/push-controller.ts refuses any other URL): ~1.2 MB of RSS. The headless chunk
 * gets a ws transport that throws instead.
 */
export const mqttWithoutWebSockets: Plugin = {
  name: 'xk-mqtt-without-ws',
  setup(build) {
    build.onResolve({ filter: /^\.\/ws$/ }, (args) =>
      /[\\/]mqtt[\\/]build[\\/]lib[\\/]connect[\\/]index\.js$/.test(args.importer) ? { path: 'mqtt-ws-transport', namespace: 'xk-mqtt-no-ws' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'xk-mqtt-no-ws' }, () => ({
      loader: 'js',
      contents: 'const refuse = () => { throw new Error("mqtt over WebSocket is not in the headless build (scripts/headless-chunks.ts)"); };\nmodule.exports = { streamBuilder: refuse, browserStreamBuilder: refuse };',
    }));
  },
};

export const LAZY_CHUNKS: readonly LazyChunk[] = [
  // app/core/push/push-client.ts: import('mqtt') at the first broker connection
  { file: 'mqtt.cjs', filter: /^mqtt$/, entry: (root) => createRequire(path.join(root, 'package.json')).resolve('mqtt'), plugins: [mqttWithoutWebSockets] },
  // app/shells/headless/demo.ts: import('../../../test/hub/index') without a provisioning server
  { file: 'demo-hub.cjs', filter: /\/test\/hub\/index$/, entry: (root) => path.join(root, 'test', 'hub', 'index.ts') },
];

const NAMESPACE = 'xk-lazy-chunk';

/**
 * esbuild plugin for the run.cjs build: each LAZY_CHUNKS import becomes a tiny module that
 * require()s `./<chunk file>` (relative to run.cjs, whatever the working directory), so the
 * bundle keeps its lazy `import()` semantics and none of the chunk's source. A static import of
 * a chunk would load it at start and undo the split: the build refuses it.
 */
export function splitLazyChunks(root: string): Plugin {
  return {
    name: 'xk-lazy-chunks',
    setup(build) {
      for (const chunk of LAZY_CHUNKS) {
        build.onResolve({ filter: chunk.filter }, (args) => {
          if (args.namespace === NAMESPACE) return undefined;
          const entry = chunk.entry(root);
          const local = args.path.startsWith('.') ? path.resolve(args.resolveDir, args.path) : null;
          // a relative specifier names the chunk only when it is the chunk's own entry module
          if (local !== null && local !== entry.replace(/\.ts$/, '')) return undefined;
          if (args.kind !== 'dynamic-import') {
            return { errors: [{ text: `${args.path} is split into ${chunk.file} (scripts/headless-chunks.ts): load it with import(), not a static import` }] };
          }
          return { path: chunk.file, namespace: NAMESPACE };
        });
      }
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({ contents: `module.exports = require(${JSON.stringify(`./${args.path}`)});`, loader: 'js' }));
      build.onResolve({ filter: /.*/, namespace: NAMESPACE }, (args) => ({ path: args.path, external: true }));
    },
  };
}

/**
 * The start of run.cjs: a chunk missing beside it (run.cjs copied alone) stops the runner at once
 * with a plain message, instead of push failing at the first broker connection.
 */
export function checkChunksBanner(): string {
  const files = JSON.stringify(LAZY_CHUNKS.map((chunk) => chunk.file));
  return [
    '(function () {',
    "  var missing = " + files + ".filter(function (f) { return !require('node:fs').existsSync(require('node:path').join(__dirname, f)); });",
    '  if (missing.length === 0) return;',
    "  console.error('error: incomplete install: ' + missing.join(', ') + ' missing beside ' + __filename + ' (install the whole dist/headless/ directory)');",
    '  process.exit(1);',
    '})();',
  ].join('\n');
}
