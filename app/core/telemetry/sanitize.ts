// The hub refuses a whole telemetry message when one value breaks its rules (docs/PROTOCOL.md#telemetry:
// flat scalars, strings ≤ 1000 bytes, int32 / float32, message ≤ 128 KB). Everything we send
// passes through here first so one odd reading (NaN, a huge counter, a long string) is clipped or
// dropped instead of costing the whole sample.
import type { TelemetryValue } from '../hub';

export const TELEMETRY_STRING_MAX_BYTES = 1000;
export const TELEMETRY_KEY_MAX_LENGTH = 255;
/** Leaves headroom under the hub's 128 KB message limit for the envelope (status, timestamp…). */
export const TELEMETRY_BUDGET_BYTES = 120 * 1024;
const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
const FLOAT32_MAX = 3.4028234663852886e38;

export type DropReason = 'not-scalar' | 'not-finite' | 'bad-key' | 'over-budget';

export function sanitizeTelemetry(
  values: Record<string, unknown>,
  onDrop?: (key: string, reason: DropReason) => void,
): Record<string, TelemetryValue> {
  const out: Record<string, TelemetryValue> = {};
  let bytes = 2; // "{}"
  for (const key of Object.keys(values)) {
    const raw = values[key];
    if (raw === undefined) continue;
    if (!key || key.length > TELEMETRY_KEY_MAX_LENGTH) {
      onDrop?.(key, 'bad-key');
      continue;
    }
    const value = sanitizeValue(raw);
    if (typeof value === 'object' && value !== null) {
      onDrop?.(key, value.drop);
      continue;
    }
    const entryBytes = jsonBytes(key) + jsonBytes(value) + 2;
    if (bytes + entryBytes > TELEMETRY_BUDGET_BYTES) {
      onDrop?.(key, 'over-budget');
      continue;
    }
    bytes += entryBytes;
    out[key] = value;
  }
  return out;
}

// Runs every tick: a kept value comes back as itself, a dropped one as one of these (no result
// object per value).
const NOT_SCALAR = { drop: 'not-scalar' } as const;
const NOT_FINITE = { drop: 'not-finite' } as const;
type Dropped = typeof NOT_SCALAR | typeof NOT_FINITE;

function sanitizeValue(raw: unknown): TelemetryValue | Dropped {
  if (raw === null || typeof raw === 'boolean') return raw;
  if (typeof raw === 'string') return clipUtf8(raw, TELEMETRY_STRING_MAX_BYTES);
  if (typeof raw === 'number') return sanitizeNumber(raw);
  return NOT_SCALAR;
}

function sanitizeNumber(raw: number): number | Dropped {
  if (!Number.isFinite(raw)) return NOT_FINITE;
  // Integers are clipped into int32 rather than dropped: a saturated counter is still a reading.
  // Beyond 2^53 a number is only nominally integral (JSON writes 1e+300): treat it as a float.
  if (Number.isSafeInteger(raw)) return Math.min(INT32_MAX, Math.max(INT32_MIN, raw));
  return Math.min(FLOAT32_MAX, Math.max(-FLOAT32_MAX, raw));
}

/** Printable ASCII without `"` and `\`: JSON writes it as is, one byte per character. */
const PLAIN_ASCII = /^[ !#-[\]-~]*$/;

/**
 * `Buffer.byteLength(JSON.stringify(value))` for a telemetry key or value, without building the
 * JSON for the common cases: numbers, booleans, null and plain ASCII strings.
 */
export function jsonBytes(value: TelemetryValue): number {
  if (value === null) return 4;
  if (typeof value === 'boolean') return value ? 4 : 5;
  // A finite number's JSON is its ASCII String() form.
  if (typeof value === 'number') return String(value).length;
  if (PLAIN_ASCII.test(value)) return value.length + 2;
  return Buffer.byteLength(JSON.stringify(value));
}

/** Cuts `text` to at most `maxBytes` of UTF-8 without splitting a character. */
export function clipUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const bytes = Buffer.from(text, 'utf8');
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) so the cut lands on a character boundary.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}
