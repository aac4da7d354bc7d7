import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../../../app/ipc/csp';
import { isRendererStale, rendererDirOf } from '../../../app/shells/browser/renderer-build';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('renderer page', () => {
  it('carries the same CSP in its meta tag as the shell sends, and no inline script or style', async () => {
    const html = await readFile(path.join(root, 'renderer', 'index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(RENDERER_CSP);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|style=/);
  });

});

describe('isRendererStale', () => {
  it('is stale when the build is missing or older than any renderer source, fresh otherwise', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kiosk-build-'));
    try {
      for (const f of ['renderer/main.tsx', 'app/ipc/contract.ts', 'app/ipc/channels.ts']) {
        await mkdir(path.dirname(path.join(dir, f)), { recursive: true });
        await writeFile(path.join(dir, f), '//');
      }
      const old = new Date(Date.now() - 60_000);
      for (const f of ['renderer/main.tsx', 'app/ipc/contract.ts', 'app/ipc/channels.ts']) await utimes(path.join(dir, f), old, old);
      expect(await isRendererStale(dir)).toBe(true);
      await mkdir(rendererDirOf(dir), { recursive: true });
      await writeFile(path.join(rendererDirOf(dir), 'index.html'), '<!doctype html>');
      expect(await isRendererStale(dir)).toBe(false);
      await writeFile(path.join(dir, 'app/ipc/contract.ts'), '// changed');
      const future = new Date(Date.now() + 60_000);
      await utimes(path.join(dir, 'app/ipc/contract.ts'), future, future);
      expect(await isRendererStale(dir)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
