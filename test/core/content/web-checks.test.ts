import fc from 'fast-check';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createWebChecks, MAX_CONCURRENT_CHECKS, WEB_OK_TTL_MS, type WebChecks } from '../../../app/core/content/web-checks';
import { preflightWebPage, type WebCheckResult } from '../../../app/core/content/web-preflight';
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

  it('runs at most four checks at once, in playlist order, each page keeping its own verdict', async () => {
    const clock = createFakeClock({ start: Date.parse('2026-11-30T12:00:00Z'), auto: false });
    const pending = new Map<string, (result: WebCheckResult) => void>();
    const started: string[] = [];
    const failed: string[] = [];
    let changes = 0;
    const checks = createWebChecks({
      clock,
      check: (url) => new Promise<WebCheckResult>((resolve) => (started.push(url), pending.set(url, resolve))),
      onFailed: (url, failure) => failed.push(`${url} ${failure.code}`),
      onChange: () => void (changes += 1),
    });
    const urls = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    checks.pump(urls);
    await waitFor(() => pending.size === MAX_CONCURRENT_CHECKS, 'the first four started');
    expect(MAX_CONCURRENT_CHECKS).toBe(4);
    expect(started).toEqual(['p1', 'p2', 'p3', 'p4']);
    checks.pump(urls); // a re-decision while busy starts nothing twice
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toHaveLength(4);
    // p3 answers first: its verdict is recorded and p5 takes its place
    pending.get('p3')!({ ok: false, code: 'timeout', reason: 'no answer within 8000 ms' });
    pending.delete('p3');
    await waitFor(() => started.length === 5, 'p5 started');
    expect(started[4]).toBe('p5');
    expect(checks.readiness('p3', clock.now())).toBe('failed');
    expect(checks.readiness('p1', clock.now())).toBe('pending');
    for (const [url, resolve] of [...pending]) {
      pending.delete(url);
      resolve(url === 'p2' ? { ok: false, code: 'http-status', reason: 'HTTP 404' } : { ok: true, checked: true });
    }
    await waitFor(() => started.length === 6 && pending.size === 1, 'p6 started');
    pending.get('p6')!({ ok: true, checked: true });
    await waitFor(() => changes === 6, 'every verdict recorded');
    expect(urls.map((url) => checks.readiness(url, clock.now()))).toEqual(['ready', 'failed', 'failed', 'ready', 'ready', 'ready']);
    expect(failed.sort()).toEqual(['p2 http-status', 'p3 timeout']);
    checks.stop();
  });

  it('pre-flights pages on a loopback host that hangs four at a time, never more', async () => {
    const held: Array<{ path: string; res: http.ServerResponse }> = [];
    let running = 0;
    let mostRunning = 0;
    const server = http.createServer((req, res) => {
      held.push({ path: req.url ?? '/', res }); // no answer until the test says
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const urls = Array.from({ length: 8 }, (_, i) => `${origin}/page-${i}`);
    const clock = createFakeClock({ start: Date.parse('2026-11-30T12:00:00Z'), auto: false });
    const failed: string[] = [];
    let changes = 0;
    const checks = createWebChecks({
      clock,
      // the longest deadline: the test, not the clock, decides when each page answers
      check: async (url, signal) => {
        mostRunning = Math.max(mostRunning, ++running);
        try {
          return await preflightWebPage({ url, allowOrigins: [], outbound: { allowPrivate: true }, signal, timeoutMs: 60_000 });
        } finally {
          running -= 1;
        }
      },
      onFailed: (url) => failed.push(new URL(url).pathname),
      onChange: () => void (changes += 1),
    });
    try {
      checks.pump(urls);
      for (const batch of [0, 1]) {
        await waitFor(() => held.length === MAX_CONCURRENT_CHECKS, `batch ${batch} held by the server`);
        // the next page cannot start before one of these answers: exactly four are waiting
        expect(held.map((h) => h.path).sort()).toEqual(urls.slice(batch * 4, batch * 4 + 4).map((u) => new URL(u).pathname));
        for (const { path, res } of held.splice(0)) res.writeHead(path.endsWith('-1') || path.endsWith('-6') ? 404 : 200).end();
      }
      await waitFor(() => changes === urls.length, 'every verdict recorded');
      expect(mostRunning).toBe(MAX_CONCURRENT_CHECKS);
      expect(urls.map((url) => checks.readiness(url, clock.now()))).toEqual(['ready', 'failed', 'ready', 'ready', 'ready', 'ready', 'failed', 'ready']);
      expect(failed.sort()).toEqual(['/page-1', '/page-6']);
    } finally {
      checks.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
