// Contract: every fault kind the simulator can inject ends in the right HubError kind, and the
// access key never appears in any of them.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient, describeHubError, HubError, type HubClient } from '../../../app/core/hub';
import type { FaultSpec } from '../../hub/types';
import { rejectionOf, startLocalServer, type LocalServer } from './local-server';
import { startWithDevice, type SimDevice } from './sim';

let ctx: SimDevice;

beforeAll(async () => {
  ctx = await startWithDevice();
});
afterAll(async () => {
  await ctx.sim.close();
});
afterEach(() => {
  ctx.sim.control.clearFaults();
});

function clientWithTimeout(timeoutMs: number): HubClient {
  const { registration } = ctx;
  return createHubClient({ hubUrl: registration.hub_url, deviceId: registration.id, accessKey: registration.access_key, timeoutMs });
}

async function failWith(fault: FaultSpec, run: (hub: HubClient) => Promise<unknown>, hub = ctx.hub): Promise<HubError> {
  ctx.sim.control.injectFault({ times: 1, ...fault });
  const error = await rejectionOf(() => run(hub));
  expect(error).toBeInstanceOf(HubError);
  const hubErr = error as HubError;
  const key = ctx.registration.access_key;
  expect(`${hubErr.message} ${hubErr.details.serverMessage ?? ''} ${describeHubError(hubErr)}`).not.toContain(key);
  expect(Object.keys(hubErr)).not.toContain('config');
  return hubErr;
}

describe('status faults', () => {
  it('401 → unauthorized', async () => {
    const e = await failWith({ route: 'sendTelemetry', status: 401 }, (hub) => hub.sendTelemetry({ status: 'online' }));
    expect([e.kind, e.status]).toEqual(['unauthorized', 401]);
  });

  for (const status of [403, 404, 422]) {
    it(`${status} → rejected with the server text`, async () => {
      const e = await failWith({ route: 'getConfig', status, body: { error: `refused ${status}` } }, (hub) => hub.getConfig());
      expect([e.kind, e.status, e.details.serverMessage]).toEqual(['rejected', status, `refused ${status}`]);
    });
  }

  it('429 with Retry-After → rate-limited with the wait (never under 30 s)', async () => {
    const long = await failWith({ route: 'updateDevice', status: 429, retryAfterSec: 120 }, (hub) => hub.updateDevice({ name: 'x' }));
    expect([long.kind, long.details.retryAfterMs]).toEqual(['rate-limited', 120_000]);
    const short = await failWith({ route: 'sendTelemetry', status: 429, retryAfterSec: 2 }, (hub) => hub.sendTelemetry({ status: 'online' }));
    expect(short.details.retryAfterMs).toBe(30_000);
  });

  for (const status of [500, 502, 503]) {
    it(`${status} → transient`, async () => {
      const e = await failWith({ route: 'getCommand', status }, (hub) => hub.getCommand());
      expect([e.kind, e.status]).toEqual(['transient', status]);
    });
  }

  it('a fault on every route (*) hits hub calls alike', async () => {
    const e = await failWith({ route: '*', status: 503 }, (hub) => hub.getFiles());
    expect(e.kind).toBe('transient');
  });
});

describe('transport faults', () => {
  it('connection reset → transient', async () => {
    expect((await failWith({ route: 'sendTelemetry', reset: true }, (hub) => hub.sendTelemetry({ status: 'online' }))).kind).toBe('transient');
  });

  it('a hanging hub → transient after the timeout', async () => {
    const e = await failWith({ route: 'getLicense', hang: true }, (hub) => hub.getLicense(), clientWithTimeout(300));
    expect(e.kind).toBe('transient');
    expect(e.message).toMatch(/timed out/);
  });

  it('a slow drip past the deadline → transient', async () => {
    const e = await failWith({ route: 'getConfig', slowDripBytesPerSec: 20 }, (hub) => hub.getConfig(), clientWithTimeout(400));
    expect(e.kind).toBe('transient');
  });

  it('a delay within the timeout still succeeds', async () => {
    ctx.sim.control.injectFault({ route: 'getSpace', delayMs: 50, times: 1 });
    await expect(ctx.hub.getSpace()).resolves.toBeTypeOf('object');
  });

  it('malformed JSON and schema violations → invalid-response', async () => {
    expect((await failWith({ route: 'sendTelemetry', malformedJson: true }, (hub) => hub.sendTelemetry({ status: 'online' }))).kind).toBe('invalid-response');
    const e = await failWith({ route: 'sendTelemetry', schemaViolation: true }, (hub) => hub.sendTelemetry({ status: 'online' }));
    expect(e.kind).toBe('invalid-response');
    expect(e.details.field).toBeTruthy();
  });

  it('an oversized body is refused', async () => {
    const e = await failWith({ route: 'getFiles', oversizedBytes: 9 * 1024 * 1024 }, (hub) => hub.getFiles());
    expect([e.kind, e.message]).toEqual(['invalid-response', 'getFiles: response body too large, refused']);
  });
});

describe('redirects', () => {
  let elsewhere: LocalServer;
  beforeAll(async () => {
    elsewhere = await startLocalServer((_q, res) => res.writeHead(200).end('{}'), '127.0.0.2');
  });
  afterAll(async () => {
    await elsewhere.close();
  });

  it('a redirect to another host is refused and never followed', async () => {
    const e = await failWith({ route: 'getConfig', status: 302, redirectTo: `${elsewhere.url}/v1/steal` }, (hub) => hub.getConfig());
    expect([e.kind, e.status]).toEqual(['rejected', 302]);
    expect(elsewhere.seen).toHaveLength(0);
  });
});
