// The core's zod door: English issue texts without classic zod in the process, and a headless
// runner that bundles zod/mini only (classic zod, or any locale but English, would undo the saving).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from '../../app/core/zod-mini';
import { buildHeadless } from '../../scripts/build-headless';

const repo = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'xk-zod-mini-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('zod-mini', () => {
  it('refuses with the English texts classic zod gives', () => {
    const schema = z.looseObject({ version: z.number().check(z.int(), z.nonnegative()), name: z.string().check(z.minLength(1)) });
    const wrongType = schema.safeParse({ version: 'x', name: 'a' });
    expect(wrongType.error?.issues[0]).toMatchObject({ path: ['version'], message: 'Invalid input: expected number, received string' });
    const tooShort = schema.safeParse({ version: 1, name: '' });
    expect(tooShort.error?.issues[0]).toMatchObject({ path: ['name'], message: 'Too small: expected string to have >=1 characters' });
    const negative = schema.safeParse({ version: -1, name: 'a' });
    expect(negative.error?.issues[0]?.message).toBe('Too small: expected number to be >=0');
  });

  it('is the only zod in the headless runner: no classic zod, no locale but English', async () => {
    const built = await buildHeadless({ projectRoot: repo, outFile: path.join(dir, 'run.cjs') });
    // The bundle is not minified: esbuild heads each module it kept with a `// <path>` comment
    // (its inputs list also names the modules it parsed and then dropped).
    const kept = [...readFileSync(built.file, 'utf8').matchAll(/^\/\/ \S*node_modules\/zod\/(\S+)$/gm)].map((m) => m[1]!);
    expect(kept.some((file) => file.startsWith('v4/mini/'))).toBe(true);
    expect(kept.filter((file) => file.startsWith('v4/classic/'))).toEqual([]);
    expect(kept.filter((file) => file.startsWith('v4/locales/'))).toEqual(['v4/locales/en.js']);
  }, 60_000);
});
