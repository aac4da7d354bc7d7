import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEADLESS_NODE_FLAGS } from '../../../app/shells/headless/node-flags';

const readme = readFileSync(path.join(__dirname, '../../../README.md'), 'utf8');

describe('headless node flags', () => {
  it("are the ones the README's systemd unit launches the built runner with", () => {
    const execStart = readme.split('\n').map((line) => line.trim()).find((line) => line.startsWith('ExecStart=') && line.includes('dist/headless/run.cjs'));
    expect(execStart).toBeDefined();
    const beforeFile = execStart!.slice(0, execStart!.indexOf('dist/headless/run.cjs'));
    for (const flag of HEADLESS_NODE_FLAGS) expect(beforeFile).toContain(` ${flag} `);
  });

  it('are well-formed node options', () => {
    expect(HEADLESS_NODE_FLAGS.length).toBeGreaterThan(0);
    for (const flag of HEADLESS_NODE_FLAGS) expect(flag).toMatch(/^--[a-z-]+(=\d+)?$/);
  });
});
