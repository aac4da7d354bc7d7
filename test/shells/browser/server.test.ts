import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../../../app/ipc/csp';
import { allowedHosts, isAllowedOrigin } from '../../../app/shells/browser/server';
import { rawGet, startTestShell, type ShellFixture } from './helpers';

describe('browser shell: static files', () => {
  let fx: ShellFixture;
  beforeEach(async () => {
    fx = await startTestShell();
  });
  afterEach(async () => fx.close());

  it('serves index.html at / with the CSP and no caching', async () => {
    const res = await rawGet(fx.shell.port, '/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>kiosk</title>');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain(RENDERER_CSP);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('serves hashed assets as immutable JavaScript', async () => {
    const res = await rawGet(fx.shell.port, '/assets/app-1234.js?v=1');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('never serves a file outside the renderer directory', async () => {
    for (const bad of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/index.html%00.js', '/%E0%A4%A']) {
      const res = await rawGet(fx.shell.port, bad);
      expect(res.status, bad).toBeGreaterThanOrEqual(400);
      expect(res.body, bad).not.toContain('TOP SECRET');
    }
  });

  it('does not follow a symlink out of the renderer directory', async () => {
    await symlink(path.join(fx.dir, 'secret.txt'), path.join(fx.dir, 'site', 'link.txt'));
    const res = await rawGet(fx.shell.port, '/link.txt');
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('TOP SECRET');
  });

  it('answers 404 for a missing file and 405 for other methods', async () => {
    expect((await rawGet(fx.shell.port, '/nope.js')).status).toBe(404);
    expect((await rawGet(fx.shell.port, '/assets')).status).toBe(404);
    expect((await rawGet(fx.shell.port, '/', {}, 'POST')).status).toBe(405);
  });

  it('refuses a foreign Host header (DNS rebinding guard)', async () => {
    const res = await rawGet(fx.shell.port, '/', { Host: `evil.example:${fx.shell.port}` });
    expect(res.status).toBe(421);
    expect(res.body).not.toContain('kiosk');
  });

  it('binds to 127.0.0.1 only', () => {
    expect(fx.shell.url).toBe(`http://127.0.0.1:${fx.shell.port}/`);
  });
});

describe('browser shell: origin rules', () => {
  it('accepts only its own origins', () => {
    expect(allowedHosts(4800)).toEqual(['127.0.0.1:4800', 'localhost:4800']);
    expect(isAllowedOrigin('http://127.0.0.1:4800', 4800)).toBe(true);
    expect(isAllowedOrigin('http://localhost:4800', 4800)).toBe(true);
    for (const bad of [undefined, 'null', 'http://127.0.0.1:4801', 'https://127.0.0.1:4800', 'http://evil.example', 'http://127.0.0.1:4800.evil.example']) {
      expect(isAllowedOrigin(bad, 4800), String(bad)).toBe(false);
    }
  });
});
