import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clipUtf8, jsonBytes, sanitizeTelemetry, TELEMETRY_BUDGET_BYTES, type DropReason } from '../../../app/core/telemetry/sanitize';

const INT32_MAX = 2_147_483_647;
const FLOAT32_MAX = 3.4028234663852886e38;

describe('sanitizeTelemetry', () => {
  it('keeps valid scalars and null (null removes the key on the hub)', () => {
    const values = { cpu: 12.5, disk: 41, on: true, input: 'hdmi', gone: null };
    expect(sanitizeTelemetry(values)).toEqual(values);
  });

  it('drops nested values, non-finite numbers and bad keys, saying why', () => {
    const dropped: Array<[string, DropReason]> = [];
    const out = sanitizeTelemetry(
      { nested: { a: 1 }, list: [1], nan: Number.NaN, inf: Number.POSITIVE_INFINITY, big: 10n, fn: () => 1, '': 1, ['k'.repeat(300)]: 1, ok: 1, skip: undefined },
      (key, reason) => dropped.push([key.length > 20 ? 'long' : key, reason]),
    );
    expect(out).toEqual({ ok: 1 });
    expect(dropped).toEqual([
      ['nested', 'not-scalar'],
      ['list', 'not-scalar'],
      ['nan', 'not-finite'],
      ['inf', 'not-finite'],
      ['big', 'not-scalar'],
      ['fn', 'not-scalar'],
      ['', 'bad-key'],
      ['long', 'bad-key'],
    ]);
  });

  it('clips integers to int32, floats to float32 and strings to 1000 UTF-8 bytes', () => {
    const out = sanitizeTelemetry({ counter: 5_000_000_000, negative: -5_000_000_000, huge: 1e300, text: 'é'.repeat(600) });
    expect(out.counter).toBe(INT32_MAX);
    expect(out.negative).toBe(-2_147_483_648);
    expect(out.huge).toBe(FLOAT32_MAX);
    expect(Buffer.byteLength(out.text as string)).toBe(1000);
    expect(out.text).toBe('é'.repeat(500));
  });

  it('stays under the message size budget', () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 200; i++) many[`key_${i}`] = 'x'.repeat(1000);
    const dropped: string[] = [];
    const out = sanitizeTelemetry(many, (key) => dropped.push(key));
    expect(Buffer.byteLength(JSON.stringify(out))).toBeLessThanOrEqual(TELEMETRY_BUDGET_BYTES);
    expect(Object.keys(out).length + dropped.length).toBe(200);
    expect(dropped.length).toBeGreaterThan(0);
  });

  it('whatever goes in, what comes out satisfies the hub rules', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 300 }), fc.anything()), (input) => {
        for (const [key, value] of Object.entries(sanitizeTelemetry(input))) {
          expect(key.length).toBeGreaterThan(0);
          if (typeof value === 'string') expect(Buffer.byteLength(value)).toBeLessThanOrEqual(1000);
          else if (typeof value === 'number') {
            expect(Number.isFinite(value)).toBe(true);
            if (Number.isSafeInteger(value)) expect(Math.abs(value)).toBeLessThanOrEqual(2_147_483_648);
            else expect(Math.abs(value)).toBeLessThanOrEqual(FLOAT32_MAX);
          } else expect(value === null || typeof value === 'boolean').toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('clipUtf8', () => {
  it('never splits a multi-byte character', () => {
    expect(clipUtf8('a😀b', 3)).toBe('a');
    expect(clipUtf8('a😀b', 5)).toBe('a😀');
    expect(clipUtf8('short', 10)).toBe('short');
  });

  it('counts JSON bytes exactly as JSON.stringify + Buffer.byteLength would, for any scalar', () => {
    const scalar = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 50 }),
      fc.constantFrom('', '"', '\\', '\u007f', '\n', 'plain text', 'caf\u00e9', '\ud800'),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(scalar, (value) => {
        expect(jsonBytes(value)).toBe(Buffer.byteLength(JSON.stringify(value)));
      }),
      { numRuns: 2000 },
    );
  });
});
