// Shared set-up for browser-shell tests: a temp renderer dir, the shell over the fake runtime, and
// a raw HTTP getter (fetch would normalise "/../" away before it reaches the server).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../../app/core/log/logger';
import { startBrowserShell, type BrowserShell } from '../../../app/shells/browser/server';
import { createFakeRuntime, type FakeRuntime } from './fake-runtime';

export interface ShellFixture {
  shell: BrowserShell;
  fake: FakeRuntime;
  /** The temp dir holding `site/` (the renderer root) and a secret file beside it. */
  dir: string;
  close(): Promise<void>;
}

export async function startTestShell(): Promise<ShellFixture> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kiosk-shell-'));
  const site = path.join(dir, 'site');
  await mkdir(path.join(site, 'assets'), { recursive: true });
  await writeFile(path.join(site, 'index.html'), '<!doctype html><title>kiosk</title>');
  await writeFile(path.join(site, 'assets', 'app-1234.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'secret.txt'), 'TOP SECRET');
  const fake = createFakeRuntime();
  const shell = await startBrowserShell({ runtime: fake, rendererDir: site, logger: silentLogger });
  return {
    shell,
    fake,
    dir,
    async close() {
      await shell.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function rawGet(port: number, rawPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    req.end();
  });
}
