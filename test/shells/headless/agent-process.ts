// Starts the headless runner as one real Node process. Not through `node_modules/.bin/tsx`: that
// CLI runs the script in a second, child process, and a SIGKILL to the wrapper orphans the agent,
// which then keeps writing into a data dir the test is deleting (ENOTEMPTY on cleanup).
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import path from 'node:path';

export const projectRoot = path.resolve(import.meta.dirname, '../../..');

export interface AgentProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** SIGKILLs the process if it still runs and waits until it is gone. */
  stop(): Promise<void>;
}

export function spawnHeadlessAgent(args: readonly string[], stdio: StdioOptions = 'ignore'): AgentProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/shells/headless/run.ts', ...args], { cwd: projectRoot, stdio });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
