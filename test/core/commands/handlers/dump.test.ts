import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDumpHandler, dumpTimestamp } from '../../../../app/core/commands/handlers/dump';
import { createScreenshotHandler } from '../../../../app/core/commands/handlers/screenshot';
import { createLogger } from '../../../../app/core/log/logger';
import type { DeviceStateStore } from '../../../../app/core/state/device-state-store';
import { createFakeHubClient, type FakeHubClient } from '../../support/fake-hub-client';
import { makeRunner, openState, recordingPlatform, tempDir } from '../helpers';

const ACCESS_KEY = '2300742898f3ddc0e62e087ddc4a368c';
let tmp: ReturnType<typeof tempDir>;
let state: DeviceStateStore;
let hub: FakeHubClient;

beforeEach(() => {
  tmp = tempDir('dump-');
  state = openState(tmp.dir);
  hub = createFakeHubClient();
});
afterEach(() => tmp.cleanup());

function dumpText(index = 0): string {
  return Buffer.concat(hub.dumps[index]!.chunks).toString('utf8');
}

describe('dump command', () => {
  it('uploads a JSON report with recent logs and no access key anywhere', async () => {
    const logger = createLogger({ write: () => {} });
    logger.addSecret(ACCESS_KEY);
    logger.info(`registered with key ${ACCESS_KEY}`, { identity: { access_key: ACCESS_KEY } });
    // Deeper than `redact` descends on its own, and under a harmless-looking key.
    const deep = { a: { b: { c: { d: { e: { f: { g: { h: { note: `k=${ACCESS_KEY}`, access_key: ACCESS_KEY } } } } } } } } };
    hub.enqueueCommand({ id: 'd1', name: 'dump', parameters: {} });
    const { runner } = makeRunner({
      hub,
      state,
      handlers: [createDumpHandler({ recentLogs: () => logger.recent() })],
      secrets: [ACCESS_KEY],
      collectDump: async () => ({ identity: { deviceId: 'dev-1', accessKey: ACCESS_KEY }, deep, headers: { Authorization: ACCESS_KEY } }),
    });

    await runner.drain();

    expect(hub.dumps).toHaveLength(1);
    expect(hub.dumps[0]).toMatchObject({ mime: 'application/json', filename: 'xyte-kiosk-dump-2024-01-01T12-00-00Z.json' });
    const text = dumpText();
    expect(text).not.toContain(ACCESS_KEY);
    const body = JSON.parse(text);
    expect(body.identity).toEqual({ deviceId: 'dev-1', accessKey: '[redacted]' });
    expect(body.appVersion).toBe('1.0.0');
    expect(body.logs[0].message).toBe('registered with key [redacted]');
    expect(hub.commandReports.at(-1)).toEqual({ id: 'd1', status: 'done', message: 'dump dump-1 uploaded' });
  });

  it('redacts secret-named keys at any depth, even values nobody registered as secrets', async () => {
    let nested: Record<string, unknown> = { api_token: 'unregistered-token-value', keep: 'visible' };
    for (let i = 0; i < 14; i++) nested = { level: nested };
    hub.enqueueCommand({ id: 'd2', name: 'dump', parameters: {} });
    const { runner } = makeRunner({ hub, state, handlers: [createDumpHandler({})], collectDump: async () => ({ nested }) });

    await runner.drain();

    const text = dumpText();
    expect(text).not.toContain('unregistered-token-value');
    expect(text).toContain('visible');
  });

  it('redacts api_key / credential / token / password-named keys the status screen also drops', async () => {
    hub.enqueueCommand({ id: 'd3', name: 'dump', parameters: {} });
    const partner = { api_key: 'partner-api-key-1', credential: 'partner-credential-2', credentials: { user: 'u', pass: 'partner-pass-3' }, refresh_token: 'partner-token-4', db_password: 'partner-pw-5', ok: 'visible' };
    const { runner } = makeRunner({ hub, state, handlers: [createDumpHandler({})], collectDump: async () => ({ state: { info: { details: partner } } }) });
    await runner.drain();
    const text = dumpText();
    expect(text).not.toMatch(/partner-/);
    expect(JSON.parse(text).state.info.details).toEqual({ api_key: '[redacted]', credential: '[redacted]', credentials: '[redacted]', refresh_token: '[redacted]', db_password: '[redacted]', ok: 'visible' });
  });

  it('withholds the dump if a secret would still leave (final assertion)', async () => {
    const shortSecret = 'q7z'; // shorter than the masking threshold (app/core/redact.ts)
    hub.enqueueCommand({ id: 'd1', name: 'dump', parameters: {} });
    const { runner } = makeRunner({ hub, state, handlers: [createDumpHandler()], secrets: [shortSecret], collectDump: async () => ({ note: `x${shortSecret}` }) });
    await runner.drain();
    expect(hub.dumps).toEqual([]);
    expect(hub.commandReports.at(-1)).toEqual({ id: 'd1', status: 'failed', message: 'dump withheld: it contained a secret' });
  });

  it('adds a screenshot as a second dump and splits a large report into append chunks', async () => {
    const platform = recordingPlatform();
    platform.screenshotResult = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    hub.enqueueCommand({ id: 'd1', name: 'dump', parameters: {} });
    const { runner } = makeRunner({ hub, state, platform, handlers: [createDumpHandler({ chunkBytes: 100 })], collectDump: async () => ({ big: 'y'.repeat(450) }) });
    await runner.drain();
    expect(hub.dumps.map((d) => [d.mime, d.chunks.length])).toEqual([['application/json', 6], ['image/png', 1]]);
    expect(JSON.parse(dumpText(0)).big).toHaveLength(450);
    expect(hub.commandReports.at(-1)).toEqual({ id: 'd1', status: 'done', message: 'dump dump-1 uploaded; screenshot dump-2' });
  });

  it('a failing screenshot does not fail the dump', async () => {
    const platform = recordingPlatform();
    platform.fail.screenshot = new Error('no display');
    hub.enqueueCommand({ id: 'd1', name: 'dump', parameters: {} });
    await makeRunner({ hub, state, platform, handlers: [createDumpHandler()] }).runner.drain();
    expect(hub.commandReports.at(-1)).toMatchObject({ status: 'done', message: 'dump dump-1 uploaded; no screenshot (no display)' });
  });
});

describe('screenshot command', () => {
  it('uploads a PNG, or fails clearly when there is no screen', async () => {
    const platform = recordingPlatform();
    hub.enqueueCommand({ id: 's1', name: 'screenshot', parameters: {} });
    await makeRunner({ hub, state, platform, handlers: [createScreenshotHandler()] }).runner.drain();
    expect(hub.commandReports.at(-1)).toEqual({ id: 's1', status: 'failed', message: 'no screen to capture on this device' });

    platform.screenshotResult = Buffer.from('png');
    hub.enqueueCommand({ id: 's2', name: 'screenshot', parameters: {} });
    await makeRunner({ hub, state, platform, handlers: [createScreenshotHandler()] }).runner.drain();
    expect(hub.dumps).toEqual([expect.objectContaining({ mime: 'image/png', filename: 'xyte-kiosk-screenshot-2024-01-01T12-00-00Z.png' })]);
  });
});

describe('dumpTimestamp', () => {
  it('is file-name and URL safe', () => {
    expect(dumpTimestamp(Date.UTC(2024, 4, 6, 7, 8, 9, 123))).toBe('2024-05-06T07-08-09Z');
  });
});
