// `npm start` decides between the real Electron window and the browser shell. The decision is a
// pure plan (tested in test/electron/start-plan.test.ts); scripts/start.ts only runs its steps.
import path from 'node:path';

export interface StartStep {
  command: string;
  args: string[];
  /** Windows can only spawn npm.cmd through a shell (Node refuses .cmd files without one). */
  shell?: boolean;
}

export type StartPlan =
  | { kind: 'electron'; binary: string; steps: StartStep[] }
  | { kind: 'browser'; reason: string; steps: StartStep[] };

export interface StartInput {
  /** node_modules/electron, or null when the package is not installed at all. */
  electronPackageDir: string | null;
  /** The Electron executable (findElectronBinary), or null when it was never downloaded. */
  electronBinary: string | null;
  /** Arguments after `npm start --`. */
  argv: readonly string[];
  platform: NodeJS.Platform;
  /** The running node (process.execPath). */
  nodePath: string;
  /** npm's own CLI (env npm_execpath, set by `npm start`): run with node, no shell needed. */
  npmExecPath?: string | undefined;
  /** tsx's CLI entry, to run the browser shell's TypeScript. */
  tsxCli: string;
}

export const BROWSER_SHELL_ENTRY = path.join('app', 'shells', 'browser', 'run.ts');

export function startPlan(input: StartInput): StartPlan {
  if (input.electronBinary) {
    return {
      kind: 'electron',
      binary: input.electronBinary,
      // Electron loads dist/ (package.json "main"): build the renderer and both bundles first.
      steps: [npmRun(input, 'build'), { command: input.electronBinary, args: ['.', ...input.argv] }],
    };
  }
  return {
    kind: 'browser',
    reason: input.electronPackageDir
      ? 'the Electron binary is not installed (node_modules/electron has no dist/: it cannot be downloaded here)'
      : 'the electron package is not installed',
    steps: [{ command: input.nodePath, args: [input.tsxCli, BROWSER_SHELL_ENTRY, ...input.argv] }],
  };
}

function npmRun(input: StartInput, script: string): StartStep {
  if (input.npmExecPath) return { command: input.nodePath, args: [input.npmExecPath, 'run', script] };
  return input.platform === 'win32' ? { command: 'npm.cmd', args: ['run', script], shell: true } : { command: 'npm', args: ['run', script] };
}
