import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWebChecks, WEB_OK_TTL_MS, type WebChecks } from '../../../app/core/content/web-checks';
import type { WebCheckResult } from '../../../app/core/content/web-preflight';
import { createFakeClock, waitFor } from '../agent/fake-clock';

// The verdict memory alone, over a scripted check (the real pre-flight has its own tests).
function rig(answers: Record<string, WebCheckResult>) {
  const clock = createFakeClock({ start: Date.parse('2026-11-30T12:00:00Z'), auto: false });
  const checked: string[] = [];
  const failed: string[] = [];
  let changes = 0;
  const checks: WebChecks = createWebChecks({
    clock,
    check: async (url) => {
      checked.push(url);
      return answers[url] ?? { ok: false, code: 'http-status', reason: 'HTTP 404' };
    },
    onFailed: (url, failure) => failed.push(`${url} ${failure.code}`),
    onChange: () => void (changes += 1),
  });
  return { clock, checks, checked, failed, changes: () => changes };
}

const OK: WebCheckResult = { ok: true, checked: true };

describe('web checks', () => {
  it('lists nothing before its check answers; then ready or failed', async () => {
    const r = rig({ a: OK });
    expect(r.checks.readiness('a', r.clock.now())).toBe('pending');
    r.checks.pump(['a', 'b']);
    await waitFor(() => r.checked.length === 2, 'both checked');
    await waitFor(() => r.changes() === 2, 'both recorded');
    expect(r.checks.readiness('a', r.clock.now())).toBe('ready');
    expect(r.checks.readiness('b', r.clock.now())).toBe('failed');
    expect(r.failed).toEqual(['b http-status']);
    r.checks.stop();
  });

  it('benches a failed page with backoff, then checks it again; a fixed page comes back', async () => {
    const answers: Record<string, WebCheckResult> = {};
    const r = rig(answers);
    r.checks.pump(['b']);
    await waitFor(() => r.failed.length === 1, 'first failure');
    expect(r.checks.nextDueAt(r.clock.now())).toBe(r.clock.now() + 30_000);
    r.checks.pump(['b']); // a re-decision inside the backoff checks nothing
    expect(r.checked).toEqual(['b']);
    await r.clock.advance(30_000);
    expect(r.checks.readiness('b', r.clock.now())).toBe('pending');
    r.checks.pump(['b']);
    await waitFor(() => r.failed.length === 2, 'second failure');
    expect(r.checks.nextDueAt(r.clock.now())).toBe(r.clock.now() + 60_000); // doubled
    answers.b = OK;
    await r.clock.advance(60_000);
    r.checks.pump(['b']);
    await waitFor(() => r.checks.readiness('b', r.clock.now()) === 'ready', 'fixed page back');
    r.checks.stop();
  });

  it('keeps a passed page listed while it is checked again after the TTL; a failure then removes it', async () => {
    const answers: Record<string, WebCheckResult> = { a: OK };
    const r = rig(answers);
    r.checks.pump(['a']);
    await waitFor(() => r.checks.readiness('a', r.clock.now()) === 'ready', 'passed');
    expect(r.checks.nextDueAt(r.clock.now())).toBe(r.clock.now() + WEB_OK_TTL_MS);
    answers.a = { ok: false, code: 'http-status', reason: 'HTTP 500' };
    await r.clock.advance(WEB_OK_TTL_MS);
    expect(r.checks.readiness('a', r.clock.now())).toBe('ready'); // stale but still listed
    r.checks.pump(['a']);
    await waitFor(() => r.checks.readiness('a', r.clock.now()) === 'failed', 'failed on re-check');
    expect(r.checked).toEqual(['a', 'a']);
    r.checks.stop();
  });

  it('recheckAll forgets failures at once and re-checks passes without unlisting them', async () => {
    const answers: Record<string, WebCheckResult> = { a: OK };
    const r = rig(answers);
    r.checks.pump(['a', 'b']);
    await waitFor(() => r.checked.length === 2 && r.changes() === 2, 'both checked');
    answers.b = OK;
    r.checks.recheckAll();
    expect(r.checks.readiness('a', r.clock.now())).toBe('ready');
    await waitFor(() => r.checks.readiness('b', r.clock.now()) === 'ready', 'b passes now');
    expect(r.checked.slice(2).sort()).toEqual(['a', 'b']);
    r.checks.stop();
  });

  it('after stop, no check runs and no verdict is recorded', async () => {
    const r = rig({ a: OK });
    r.checks.stop();
    r.checks.pump(['a']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.checked).toEqual([]);
    expect(r.checks.readiness('a', r.clock.now())).toBe('pending');
  });

  it('always names a next check time within (now, now + 30 min], whatever the answers and the waits (property)', async () => {
    const answer = fc.constantFrom<WebCheckResult>(OK, { ok: true, checked: false }, { ok: false, code: 'timeout', reason: 't' }, { ok: false, code: 'http-status', reason: 'HTTP 503' });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), answer, fc.integer({ min: 0, max: 3 * 3_600_000 })), { minLength: 1, maxLength: 12 }), async (steps) => {
        const answers: Record<string, WebCheckResult> = {};
        const r = rig(answers);
        for (const [url, result, waitMs] of steps) {
          answers[url] = result;
          const before = r.checked.length;
          r.checks.pump(['a', 'b', 'c']);
          await waitFor(() => r.checked.length === before || r.changes() >= r.checked.length, 'checks settled');
          await new Promise((resolve) => setImmediate(resolve));
          const now = r.clock.now();
          const due = r.checks.nextDueAt(now);
          if (due !== null) {
            expect(due).toBeGreaterThan(now);
            expect(due - now).toBeLessThanOrEqual(30 * 60_000);
          }
          await r.clock.advance(waitMs);
        }
        r.checks.stop();
      }),
      { numRuns: 30 },
    );
  });
});
