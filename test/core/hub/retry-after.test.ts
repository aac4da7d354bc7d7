// Retry-After from an untrusted hub: any header value becomes a finite wait of at most one hour.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rateLimitDelay } from '../../../app/core/agent/backoff';
import { errorFromStatus, MAX_RETRY_AFTER_MS, parseRetryAfterMs } from '../../../app/core/hub/errors';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const now = () => NOW;

describe('parseRetryAfterMs', () => {
  it.each([
    ['120', 120_000],
    ['1.5', 1_500],
    ['3000000', MAX_RETRY_AFTER_MS],
    ['9'.repeat(400), MAX_RETRY_AFTER_MS],
    ['Fri, 01 Jan 2100 00:00:00 GMT', MAX_RETRY_AFTER_MS],
    ['Thu, 01 Jan 2026 00:10:00 GMT', 600_000],
    ['Wed, 31 Dec 2025 23:00:00 GMT', 0],
    ['-5', 0],
    ['Infinity', 0],
    ['NaN', 0],
    ['1e400', 0],
    ['soon', 0],
    ['', 0],
    [' '.repeat(5), 0],
    ['x'.repeat(10_000), 0],
  ])('%j → %d ms', (value, expected) => {
    expect(parseRetryAfterMs(value, undefined, now)).toBe(expected);
  });

  it('measures a date against the reply\'s own Date header when it has one', () => {
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 00:01:00 GMT', 'Thu, 01 Jan 2026 00:00:30 GMT', () => 0)).toBe(30_000);
  });

  it('turns any header text into a finite wait in [0, 1 h], and a 429 into [30 s, 1 h]', () => {
    const headers = fc.oneof(
      fc.string(),
      fc.stringMatching(/^\d{1,500}(\.\d{0,20})?$/),
      fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toUTCString()),
      fc.double().map(String),
      fc.bigInt().map(String),
    );
    fc.assert(
      fc.property(headers, fc.option(fc.string()), (value, serverDate) => {
        const ms = parseRetryAfterMs(value, serverDate ?? undefined, now);
        expect(Number.isFinite(ms) && ms >= 0 && ms <= MAX_RETRY_AFTER_MS).toBe(true);
        const error = errorFromStatus('sendTelemetry', { status: 429, body: '', retryAfter: value, now }, []);
        const wait = error.details.retryAfterMs ?? -1;
        expect(wait >= 30_000 && wait <= MAX_RETRY_AFTER_MS).toBe(true);
        // the message a screen may show is a plain number of seconds, never "Infinity"
        expect(error.message).toMatch(/retry in \d+ s$/);
      }),
    );
  });

  it('rateLimitDelay stays within [30 s, 1 h + 10 %] whatever it is handed', () => {
    fc.assert(
      fc.property(fc.option(fc.double()), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (retry, r) => {
        const delay = rateLimitDelay(retry ?? undefined, () => r);
        expect(delay >= 30_000 && delay <= MAX_RETRY_AFTER_MS * 1.1).toBe(true);
      }),
    );
  });
});
