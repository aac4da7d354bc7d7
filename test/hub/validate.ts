// Field validation shared by the route handlers. Every failure throws an HttpError whose body is
// the hub's `{"error": "<text>"}` shape.
import semver from 'semver';
import { HttpError } from './http-util';
import { apiAtLeast, type HubState } from './state';
import type { JsonObject } from './types';

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;
/** Partner short code + 16–36 letters/digits: at least 20 alphanumerics in total. */
export const CLOUD_ID_RE = /^[A-Za-z0-9]{20,64}$/;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const FLOAT32_MAX = 3.4028234663852886e38;

export function bad(message: string): HttpError {
  return new HttpError(400, message);
}

export function requireObject(body: unknown, what = 'Body'): JsonObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad(`${what} must be a JSON object`);
  return body as JsonObject;
}

export function requireString(o: JsonObject, key: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v.trim() === '') throw bad(`${key} is required`);
  return v;
}

export function optionalString(o: JsonObject, key: string, maxBytes = Infinity): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw bad(`${key} must be a string`);
  if (Buffer.byteLength(v) > maxBytes) throw bad(`${key} must be at most ${maxBytes} bytes`);
  return v;
}

export function optionalObject(o: JsonObject, key: string): JsonObject | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  return requireObject(v, key);
}

export function rejectUnknown(o: JsonObject, allowed: readonly string[]): void {
  const unknown = Object.keys(o).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) throw bad(`Unknown parameter: ${unknown.join(', ')}`);
}

/** Firmware versions must be SemVer (no 'v' prefix) from Model API 1.0.4. */
export function checkFirmwareVersion(state: HubState, v: string): void {
  if (apiAtLeast(state, '1.0.4') && (semver.valid(v) !== v || v.startsWith('v'))) {
    throw bad('firmware_version must be a valid SemVer version');
  }
}

export function checkMac(mac: string): void {
  if (!MAC_RE.test(mac)) throw bad('mac must look like 11:22:33:44:55:66');
}

export function isInt32(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX;
}

/** A non-negative integer or a numeric string (Update Device version acks), else a 400. */
export function parseVersionAck(o: JsonObject, key: string): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'string' && /^\d{1,10}$/.test(v)) return Number(v);
  throw bad(`${key} must be an integer or a numeric string`);
}

/** Telemetry map values: flat string (≤1000 bytes) / number (int32 or float32 range) / boolean / null. */
export function checkTelemetries(value: unknown): Record<string, string | number | boolean | null> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('telemetries must be an object');
  for (const [key, v] of Object.entries(value as JsonObject)) {
    if (v === null || typeof v === 'boolean') continue;
    if (typeof v === 'string') {
      if (Buffer.byteLength(v) > 1000) throw bad(`Common telemetries.${key} must be at most 1000 bytes`);
      continue;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || Math.abs(v) > FLOAT32_MAX) throw bad(`Common telemetries.${key} is out of range`);
      continue;
    }
    throw bad(`Common telemetries.${key} must be string, number or boolean`);
  }
  return value as Record<string, string | number | boolean | null>;
}

export function checkIsoTime(o: JsonObject, key: string): string | undefined {
  const v = optionalString(o, key);
  if (v !== undefined && (!/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(Date.parse(v)))) {
    throw bad(`${key} must be an ISO-8601 date-time`);
  }
  return v;
}
