// @ts-check
// Where code may run is enforced here (docs/ARCHITECTURE.md#layers) and pinned by
// test/meta/lint-rules.test.ts. ESLint replaces (does not merge) a rule's options when two config
// blocks match one file, so each zone below lists ALL of its import bans in one block.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const electronFree = {
  paths: [{ name: 'electron', message: 'app/core, app/ipc, app/shells and renderer must stay Electron-free: inject what you need.' }],
  patterns: [{ group: ['electron/*', 'electron-store'], message: 'Electron-free zone: inject what you need.' }],
};

// The renderer and the IPC contract also run in a browser (the sandboxed preload bundles
// app/ipc/channels.ts): no Node built-ins, with or without the `node:` prefix.
const nodeFree = {
  paths: builtinModules.map((name) => ({ name, message: 'renderer/ and app/ipc/ run in a browser: no Node built-ins.' })),
  patterns: [{ group: ['node:*'], message: 'renderer/ and app/ipc/ run in a browser: no Node built-ins.' }],
};

// app/core/hub/index.ts is the Device API client's public face: nothing outside app/core/hub
// reaches past it (the tests may, to test a part).
const hubFace = {
  regex: String.raw`(^|/)core/hub/(?!index$)[^/]+$|^(\.\./)+hub/(?!index$)[^/]+$`,
  message: 'Import the Device API client from app/core/hub (its index), not from its files.',
};

// The renderer talks to main only through the contract: never to the shells' or the core's code.
const rendererOnlyIpc = {
  group: ['**/app/shells/**', '**/app/core/**', '**/app/electron/**'],
  message: 'renderer/ imports only app/ipc (the contract); the transport is behind window.kiosk.',
};

// The core and the shells use zod/mini through app/core/zod-mini.ts, which installs the English
// issue texts (docs/ARCHITECTURE.md#schemas); classic zod would come back into the headless runner.
const zodThroughCore = {
  paths: ['zod', 'zod/mini', 'zod/v4', 'zod/v4/mini', 'zod/v4/core'].map((name) => ({
    name,
    message: "app/core and app/shells import zod from app/core/zod-mini.ts (import * as z from '…/zod-mini').",
  })),
};

/** @param {{ electron?: boolean, node?: boolean, hub?: boolean, renderer?: boolean, zod?: boolean }} bans */
function importBans(bans) {
  const paths = [
    ...(bans.electron ? electronFree.paths : []),
    ...(bans.node ? nodeFree.paths : []),
    ...(bans.zod ? zodThroughCore.paths : []),
  ];
  const patterns = [
    ...(bans.electron ? electronFree.patterns : []),
    ...(bans.node ? nodeFree.patterns : []),
    ...(bans.hub ? [hubFace] : []),
    ...(bans.renderer ? [rendererOnlyIpc] : []),
  ];
  return { 'no-restricted-imports': ['error', { paths, patterns }] };
}

// Only the main-side IPC wiring and the preload may touch ipcMain / ipcRenderer.
const ipcAllowed = ['app/electron/ipc-main.ts', 'app/electron/preload.ts'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'test-results/**', 'playwright-report/**', '.reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'off',
      'no-console': 'off',
    },
  },
  {
    // Plain JS helpers run by Node (CI summary, electron-builder hooks): TypeScript files get
    // their globals from @types/node instead.
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', exports: 'writable',
        __dirname: 'readonly', __filename: 'readonly', Buffer: 'readonly',
        setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly',
      },
    },
  },
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  { files: ['app/core/**', 'app/shells/**'], ignores: ['app/core/hub/**', 'app/core/zod-mini.ts'], rules: importBans({ electron: true, hub: true, zod: true }) },
  { files: ['app/core/zod-mini.ts'], rules: importBans({ electron: true, hub: true }) },
  { files: ['app/core/hub/**'], rules: importBans({ electron: true, zod: true }) },
  { files: ['app/ipc/**'], rules: importBans({ electron: true, node: true }) },
  // vite.config.ts is the renderer's build script, run by Node.
  { files: ['renderer/**'], ignores: ['renderer/vite.config.ts'], rules: importBans({ electron: true, node: true, renderer: true }) },
  { files: ['app/electron/**', 'scripts/**'], rules: importBans({ hub: true }) },
  {
    files: ['app/**/*.ts', 'app/**/*.tsx', 'renderer/**'],
    ignores: ipcAllowed,
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "Identifier[name='ipcMain']", message: 'Only app/electron/ipc-main.ts may use ipcMain.' },
        { selector: "Identifier[name='ipcRenderer']", message: 'Only app/electron/preload.ts may use ipcRenderer.' },
        // `import { z } from 'zod'` hands the bundler zod's whole namespace object, every locale
        // included (550 KB more source in the headless runner, ~7 MB more RSS); `import * as z`
        // lets esbuild keep only what the schemas use.
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z'][parent.importKind!='type'][importKind!='type']",
          message: "import * as z from 'zod': a named `z` import bundles every zod locale.",
        },
      ],
    },
  },
);
