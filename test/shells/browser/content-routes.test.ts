import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../app/core/log/logger';
import { parseRange, sniffMediaType, webFramePage } from '../../../app/shells/browser/content-routes';
import { startBrowserShell, type BrowserShell } from '../../../app/shells/browser/server';
import { playPlan } from '../../ipc/fixtures';
import { createFakeRuntime } from './fake-runtime';

describe('content routes (pure parts)', () => {
  it.each([
    [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'image/png'],
    [Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg'],
    [Buffer.from('GIF89a'), 'image/gif'],
    [Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBP')]), 'image/webp'],
    [Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 1]), 'video/webm'],
    [Buffer.concat([Buffer.alloc(4), Buffer.from('ftypisom')]), 'video/mp4'],
    [Buffer.from('<?xml version="1.0"?><svg xmlns="x">'), 'image/svg+xml'],
    [Buffer.from('<html><script>'), 'application/octet-stream'],
  ])('sniffs %s as %s', (head, type) => {
    expect(sniffMediaType(head)).toBe(type);
  });

  it.each([
    ['bytes=0-', 100, { start: 0, end: 99 }],
    ['bytes=10-19', 100, { start: 10, end: 19 }],
    ['bytes=90-200', 100, { start: 90, end: 99 }],
    ['bytes=-10', 100, { start: 90, end: 99 }],
    ['bytes=100-', 100, null],
    ['bytes=5-1', 100, null],
    ['bytes=-', 100, null],
    ['items=0-1', 100, null],
    ['bytes=0-1,5-6', 100, null],
  ])('range %s of %i → %j', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });

  it('builds a wrapper page only for a web item of the plan, with the URL escaped', () => {
    expect(webFramePage(playPlan, 'lobby/1')).toBeNull(); // an image
    expect(webFramePage(playPlan, 'nope')).toBeNull();
    const page = webFramePage(playPlan, 'lobby/3');
    expect(page?.html).toContain('src="https://menu.example/today"');
    expect(page?.csp).toContain('frame-src https://menu.example https://cdn.example');
    const tricky = structuredClone(playPlan);
    if (tricky.screen.kind === 'content') tricky.screen.items[2] = { type: 'web', id: 'lobby/3', url: 'https://x.example/"><script>alert(1)</script>', durationMs: 1000, reloadMs: null };
    expect(webFramePage(tricky, 'lobby/3')?.html).not.toContain('"><script>');
  });
});

describe('content routes over HTTP', () => {
  let dir: string;
  let shell: BrowserShell;
  const body = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]);
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xk-routes-'));
    await writeFile(join(dir, 'f.media'), body);
    const fake = createFakeRuntime();
    fake.setPlayPlan(playPlan);
    shell = await startBrowserShell({ runtime: { ...fake, contentFile: (key) => (key === 'a'.repeat(40) ? join(dir, 'f.media') : null) }, rendererDir: dir, logger: silentLogger });
  });
  afterEach(async () => {
    await shell.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves a cached file with its sniffed type, a no-script CSP and Range; 404 for anything else', async () => {
    const whole = await fetch(`${shell.url}content/${'a'.repeat(40)}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('image/png');
    expect(whole.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(body);
    const part = await fetch(`${shell.url}content/${'a'.repeat(40)}`, { headers: { range: 'bytes=8-9' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 8-9/${body.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(Buffer.from([7, 7]));
    expect((await fetch(`${shell.url}content/${'a'.repeat(40)}`, { headers: { range: 'bytes=999-' } })).status).toBe(416);
    expect((await fetch(`${shell.url}content/${'b'.repeat(40)}`)).status).toBe(404);
    expect((await fetch(`${shell.url}content/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });

  it('serves the wrapper of a planned web item with its CSP and permissions policy', async () => {
    const res = await fetch(`${shell.url}content-web?item=lobby%2F3`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain('frame-src https://menu.example https://cdn.example');
    expect(res.headers.get('permissions-policy')).toContain('camera=()');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect((await fetch(`${shell.url}content-web?item=lobby%2F1`)).status).toBe(404);
  });
});
