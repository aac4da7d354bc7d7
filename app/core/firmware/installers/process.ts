// Runs an install helper with a timeout and a bounded capture of its output.
import { spawn } from 'node:child_process';
import { clampTimerDelay } from '../../util/timer-delay';
import { FirmwareError } from '../errors';

export interface CommandSpec {
  file: string;
  args: string[];
}

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const MAX_CAPTURE = 64 * 1024;

export function runProcess(spec: CommandSpec, timeoutMs: number): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const child = spawn(spec.file, spec.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, clampTimerDelay(timeoutMs));
    child.stdout.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-MAX_CAPTURE)));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-MAX_CAPTURE)));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new FirmwareError('install-failed', `could not start ${spec.file}: ${(error as NodeJS.ErrnoException).code ?? error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) reject(new FirmwareError('install-failed', `${spec.file} did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`));
      else resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The last non-empty line of a helper's stderr: usually the one that says what went wrong. */
export function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}

export function describeExit(spec: CommandSpec, result: ProcessResult): string {
  const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.code}`;
  const why = lastLine(result.stderr);
  return `${spec.file} ${how}${why ? `: ${why}` : ''}`;
}
