// Shared test helpers: a running simulator with a fake clock, plain-fetch calls, a registered device.
import { afterEach } from 'vitest';
import { startHub } from '../index';
import type { HubHandle, StartHubOptions } from '../types';

export const HW_KEY = '3f2b8a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
export const HW_KEY_2 = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

export interface FakeClock {
  now: () => number;
  advance(ms: number): void;
}

export function fakeClock(start = Date.parse('2024-03-01T10:00:00Z')): FakeClock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

const open: HubHandle[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

/** Starts a simulator (knowing HW_KEY and HW_KEY_2 unless told otherwise), closed after the test. */
export async function hubFor(opts: StartHubOptions = {}): Promise<HubHandle> {
  const hub = await startHub({ hardwareKeys: [HW_KEY, HW_KEY_2], ...opts });
  open.push(hub);
  return hub;
}

export interface Res {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary reply shapes
  headers: Headers;
}

export async function call(base: string, method: string, path: string, body?: unknown, key?: string, headers: Record<string, string> = {}): Promise<Res> {
  const h: Record<string, string> = { ...headers };
  if (body !== undefined && !('content-type' in h)) h['content-type'] = 'application/json';
  if (key !== undefined) h.authorization = key;
  const payload = body === undefined ? undefined
    : typeof body === 'string' ? body : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body);
  const res = await fetch(`${base}${path}`, { method, headers: h, ...(payload !== undefined ? { body: payload } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

export interface Registered {
  id: string;
  key: string;
  hubUrl: string;
  /** Calls a hub route of this device: dev.call('POST', '/telemetry', {...}). */
  call(method: string, sub: string, body?: unknown, headers?: Record<string, string>): Promise<Res>;
}

let serial = 0;
export function registration(over: Record<string, unknown> = {}): Record<string, unknown> {
  serial += 1;
  return {
    hardware_key: HW_KEY, sn: `SN-${serial}`, firmware_version: '1.0.0',
    cloud_id: `5bPj${String(serial).padStart(20, 'x')}`, mac: `11:22:33:44:55:${(serial % 256).toString(16).padStart(2, '0')}`, ...over,
  };
}

export async function register(hub: HubHandle, over: Record<string, unknown> = {}): Promise<Registered> {
  const r = await call(hub.entryUrl, 'POST', '/v1/devices', registration(over));
  if (r.status !== 200) throw new Error(`register failed ${r.status} ${JSON.stringify(r.body)}`);
  const { id, access_key: key, hub_url: hubUrl } = r.body as { id: string; access_key: string; hub_url: string };
  return { id, key, hubUrl, call: (m, sub, b, h) => call(hubUrl, m, `/v1/devices/${id}${sub}`, b, key, h) };
}

export const online = { status: 'online' };

/** Polls `check` (bounded: about 5 s); the caller's next expectation says what was missing. */
export async function waitUntil(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i += 1) await new Promise((r) => setTimeout(r, 10));
}
