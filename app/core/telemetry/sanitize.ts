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
  for (const [key, raw] of Object.entries(values)) {
    if (raw === undefined) continue;
    if (!key || key.length > TELEMETRY_KEY_MAX_LENGTH) {
      onDrop?.(key, 'bad-key');
      continue;
    }
    const value = sanitizeValue(raw);
    if (!value.ok) {
      onDrop?.(key, value.reason);
      continue;
    }
    const entryBytes = Buffer.byteLength(JSON.stringify(key)) + Buffer.byteLength(JSON.stringify(value.value)) + 2;
    if (bytes + entryBytes > TELEMETRY_BUDGET_BYTES) {
      onDrop?.(key, 'over-budget');
      continue;
    }
    bytes += entryBytes;
    out[key] = value.value;
  }
  return out;
}

type Sanitized = { ok: true; value: TelemetryValue } | { ok: false; reason: DropReason };

function sanitizeValue(raw: unknown): Sanitized {
  if (raw === null || typeof raw === 'boolean') return { ok: true, value: raw };
  if (typeof raw === 'string') return { ok: true, value: clipUtf8(raw, TELEMETRY_STRING_MAX_BYTES) };
  if (typeof raw === 'number') return sanitizeNumber(raw);
  return { ok: false, reason: 'not-scalar' };
}

function sanitizeNumber(raw: number): Sanitized {
  if (!Number.isFinite(raw)) return { ok: false, reason: 'not-finite' };
  // Integers are clipped into int32 rather than dropped: a saturated counter is still a reading.
  // Beyond 2^53 a number is only nominally integral (JSON writes 1e+300): treat it as a float.
  if (Number.isSafeInteger(raw)) return { ok: true, value: Math.min(INT32_MAX, Math.max(INT32_MIN, raw)) };
  return { ok: true, value: Math.min(FLOAT32_MAX, Math.max(-FLOAT32_MAX, raw)) };
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
