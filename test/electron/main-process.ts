// Runs the BUNDLED main process (dist/electron/main.cjs, built by scripts/build-electron.ts) in a
// plain `node` child with require('electron') pointed at fake-electron/, and reads the fake's call
// trace. Used by main-smoke.test.ts; every wait here is bounded.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const FAKE_ELECTRON_REGISTER = path.join(import.meta.dirname, 'fake-electron', 'register.cjs');

export interface TraceEntry {
  n: number;
  call: string;
  ready: boolean;
  args: unknown[];
}

export interface MainProcess {
  child: ChildProcess;
  /** Exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  trace(): TraceEntry[];
  stderr(): string;
  /** SIGKILL if still running (test clean-up). */
  kill(): void;
}

export interface BootOptions {
  /** The bundle to run: main.cjs (or preload.cjs with FAKE_ELECTRON_ROLE=renderer). */
  script: string;
  appPath: string;
  traceFile: string;
  home: string;
  env: Record<string, string>;
}

export function bootMain({ script, appPath, traceFile, home, env }: BootOptions): MainProcess {
  const child = spawn(process.execPath, ['--require', FAKE_ELECTRON_REGISTER, script], {
    cwd: appPath,
    env: {
      PATH: process.env.PATH ?? '',
      FAKE_ELECTRON_TRACE: traceFile,
      FAKE_ELECTRON_APP_PATH: appPath,
      FAKE_ELECTRON_HOME: home,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    trace: () => readTrace(traceFile),
    stderr: () => err,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

export function readTrace(file: string): TraceEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as TraceEntry);
}

/** The entries of one call name, in order. */
export function callsOf(trace: readonly TraceEntry[], call: string): TraceEntry[] {
  return trace.filter((entry) => entry.call === call);
}

/** Resolves with the exit code, or rejects after `ms` (the child is then killed by the caller). */
export function exitWithin(main: MainProcess, ms: number): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`main process did not exit within ${ms} ms\n${main.stderr().slice(-3000)}`)), ms);
  });
  return Promise.race([main.exited, timeout]).finally(() => clearTimeout(timer));
}

/** Polls `check` every 25 ms until it returns something truthy; fails after `ms` with the child's log. */
export async function waitUntil<T>(main: MainProcess, check: () => T, what: string, ms = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value as NonNullable<T>;
    if (main.child.exitCode !== null || main.child.signalCode !== null) throw new Error(`main process exited while waiting for ${what}\n${main.stderr().slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${main.stderr().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
