import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEADLESS_NODE_ENV, HEADLESS_NODE_FLAGS } from '../../../app/shells/headless/node-flags';
import { productionLaunch } from '../../../scripts/bench/agent-variants';

const readme = readFileSync(path.join(__dirname, '../../../README.md'), 'utf8');
const lines = readme.split('\n').map((line) => line.trim());
// The agent's unit: from its file-name comment to the end of its code block.
const unitStart = lines.indexOf('# /etc/systemd/system/xyte-kiosk-agent.service');
const unitLines = lines.slice(unitStart, lines.indexOf('```', unitStart));

describe('headless node flags', () => {
  it("are exactly the ones the README's systemd unit launches the built runner with", () => {
    expect(unitStart).toBeGreaterThan(0);
    const execStart = unitLines.find((line) => line.startsWith('ExecStart=') && line.includes('dist/headless/run.cjs'));
    expect(execStart).toBeDefined();
    const beforeFile = execStart!.slice('ExecStart='.length, execStart!.indexOf('dist/headless/run.cjs')).trim().split(/\s+/);
    // node, its flags, then the runner's file
    expect(beforeFile[0]).toBe('/usr/bin/node');
    expect(beforeFile.slice(1, -1)).toEqual([...HEADLESS_NODE_FLAGS]);
  });

  it("set exactly the environment of the unit's Environment= lines", () => {
    const settings = unitLines.filter((line) => line.startsWith('Environment=')).flatMap((line) => line.slice('Environment='.length).split(/\s+/));
    expect(Object.fromEntries(settings.map((s) => [s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)]))).toEqual({ ...HEADLESS_NODE_ENV });
  });

  it('are what the agent bench launches the built runner with', () => {
    expect(productionLaunch()).toEqual({ flags: [...HEADLESS_NODE_FLAGS], env: { ...HEADLESS_NODE_ENV } });
  });

  it('are well-formed node options and environment settings', () => {
    expect(HEADLESS_NODE_FLAGS.length).toBeGreaterThan(0);
    for (const flag of HEADLESS_NODE_FLAGS) expect(flag).toMatch(/^--[a-z0-9-]+(=\d+)?$/);
    for (const [key, value] of Object.entries(HEADLESS_NODE_ENV)) expect(`${key}=${value}`).toMatch(/^[A-Z_][A-Z0-9_]*=[A-Za-z0-9._-]+$/);
  });
});
