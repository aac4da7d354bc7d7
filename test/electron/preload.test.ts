// The sandboxed preload is bundled on its own (scripts/build-electron.ts): its channel list must
// come from the one zod-free table in app/ipc/channels.ts — not from the zod contract (which would
// bloat the bundle) and not from a second hand-kept copy (which could drift).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPreload } from '../../scripts/build-electron';
import { eventChannelNames, invokeChannelNames } from '../../app/ipc/channels';

const repo = path.resolve(import.meta.dirname, '..', '..');
let work: string;
let inputs: string[];
let bundle: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'xk-preload-'));
  const outfile = path.join(work, 'preload.cjs');
  inputs = await buildPreload(repo, outfile);
  bundle = await readFile(outfile, 'utf8');
}, 60_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('preload bundle', () => {
  it('takes its channel names from app/ipc/channels.ts and carries neither the contract nor zod', () => {
    expect(inputs).toContain('app/ipc/channels.ts');
    expect(inputs.filter((f) => /^app\/ipc\/(contract|schemas|dispatch)\.ts$/.test(f) || f.includes('node_modules/zod/'))).toEqual([]);
  });

  it('holds every channel of the table exactly once, and no other channel', () => {
    const table = [...Object.values(invokeChannelNames), ...Object.values(eventChannelNames)];
    const found = bundle.match(/["']kiosk:[a-z-]+["']/g)?.map((s) => s.slice(1, -1)) ?? [];
    expect([...found].sort()).toEqual([...table].sort());
  });
});
