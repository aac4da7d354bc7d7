// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const electronBan = {
  paths: [{ name: 'electron', message: 'app/core, app/ipc and renderer must stay Electron-free (DESIGN §1).' }],
  patterns: [{ group: ['electron/*', 'electron-store'], message: 'Electron-free zone: inject what you need.' }],
};

// Only the main-side IPC wiring and the preload may touch ipcMain / ipcRenderer (DESIGN §1).
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
  {
    files: ['app/core/**', 'app/ipc/**', 'renderer/**', 'app/shells/**'],
    rules: { 'no-restricted-imports': ['error', electronBan] },
  },
  {
    files: ['app/**/*.ts', 'app/**/*.tsx', 'renderer/**'],
    ignores: ipcAllowed,
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "Identifier[name='ipcMain']", message: 'Only app/electron/ipc-main.ts may use ipcMain.' },
        { selector: "Identifier[name='ipcRenderer']", message: 'Only app/electron/preload.ts may use ipcRenderer.' },
      ],
    },
  },
);
