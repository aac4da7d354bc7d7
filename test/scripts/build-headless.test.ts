// The production entry for players without a screen: one plain CommonJS file that runs on bare
// `node` (no tsx, no node_modules beside it) — built here into a temp dir and started for real.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildHeadless } from '../../scripts/build-headless';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'xk-build-headless-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('buildHeadless', () => {
  it('bundles the runner into one file that runs on plain node without node_modules', async () => {
    const built = await buildHeadless({ projectRoot: repo, outFile: path.join(dir, 'run.cjs') });
    expect(built.file).toBe(path.join(dir, 'run.cjs'));
    expect(built.inputs.some((input) => input.includes('node_modules/zod/'))).toBe(true);
    // cwd = the temp dir: nothing can be resolved from the repository's node_modules.
    const { stdout } = await run(process.execPath, [built.file, '--help'], { cwd: dir, timeout: 30_000 });
    expect(stdout).toMatch(/--entry-url/);
    const refused = await run(process.execPath, [built.file, '--telemetry-interval', '0'], { cwd: dir, timeout: 30_000 }).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 2 });
    expect((refused as { stderr: string }).stderr).toMatch(/telemetry-interval/);
  }, 60_000);
});
