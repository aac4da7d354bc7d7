import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TelemetryRequest } from '../../../app/core/hub/types';
import { createLogger } from '../../../app/core/log/logger';
import { openTelemetryBacklog, type BacklogOptions } from '../../../app/core/telemetry/backlog';
import { BACKLOG_ACK_FILE, BACKLOG_FILE } from '../../../app/core/telemetry/backlog-file';

const START = Date.parse('2025-06-01T12:00:00.000Z');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(overrides: Partial<BacklogOptions> = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xk-backlog-'));
  dirs.push(dir);
  let now = START;
  const lines: string[] = [];
  const options = (): BacklogOptions => ({
    dir,
    now: () => now,
    logger: createLogger({ level: 'debug', write: (line) => lines.push(line) }),
    ...overrides,
  });
  return {
    dir,
    lines,
    open: () => openTelemetryBacklog(options()),
    setNow: (ms: number) => {
      now = ms;
    },
    file: (name: string) => path.join(dir, name),
  };
}

function sample(at: number, value = at): TelemetryRequest {
  return { status: 'online', timestamp: new Date(at).toISOString(), telemetries: { probe: value % 1000 } };
}

describe('telemetry backlog', () => {
  it('writes nothing until a sample is kept', () => {
    const t = setup();
    const backlog = t.open();
    expect(backlog.size()).toBe(0);
    expect(backlog.telemetry()).toEqual({});
    expect(existsSync(t.file(BACKLOG_FILE))).toBe(false);
    expect(existsSync(t.file(BACKLOG_ACK_FILE))).toBe(false);
  });

  it('keeps samples across a restart, oldest first, without the override flag', () => {
    const t = setup();
    const first = t.open();
    for (let i = 0; i < 5; i += 1) first.keep({ ...sample(START + i * 30_000), override: true }, 30_000);
    const again = t.open();
    const kept = again.oldest(10);
    expect(kept.map((e) => e.body.timestamp)).toEqual([0, 1, 2, 3, 4].map((i) => new Date(START + i * 30_000).toISOString()));
    expect(kept.every((e) => !('override' in e.body))).toBe(true);
    expect(again.telemetry()).toEqual({ telemetry_backlog: 5, telemetry_backlog_dropped: 0 });
  });

  it('keeps at most one sample per spacing (fast retries do not fill the queue)', () => {
    const t = setup();
    const backlog = t.open();
    for (let i = 0; i < 10; i += 1) backlog.keep(sample(START + i * 1_000), 30_000);
    backlog.keep(sample(START + 30_000), 30_000);
    expect(backlog.size()).toBe(2);
  });

  it('never hands back an acknowledged sample, across restarts too', () => {
    const t = setup();
    const backlog = t.open();
    for (let i = 0; i < 4; i += 1) backlog.keep(sample(START + i * 30_000), 30_000);
    const [a, b] = backlog.oldest(2);
    backlog.acknowledge(a!.seq);
    backlog.acknowledge(b!.seq);
    expect(t.open().oldest(10).map((e) => e.seq)).toEqual([b!.seq + 1, b!.seq + 2]);
    backlog.acknowledge(backlog.oldest(10).at(-1)!.seq);
    expect(existsSync(t.file(BACKLOG_FILE))).toBe(false); // delivered: the sample file goes
    const fresh = t.open();
    expect(fresh.size()).toBe(0);
    fresh.keep(sample(START + 10 * 60_000), 30_000);
    expect(fresh.oldest(1)[0]!.seq).toBeGreaterThan(b!.seq + 2); // numbers never repeat
  });

  it('skips a torn last line and junk lines, counts them, keeps the rest', () => {
    const t = setup();
    const backlog = t.open();
    backlog.keep(sample(START), 30_000);
    backlog.keep(sample(START + 30_000), 30_000);
    appendFileSync(t.file(BACKLOG_FILE), 'not json\n{"seq":99,"body":{"status":"online","timestamp":"2025-06-01T12:0');
    const again = t.open();
    expect(again.size()).toBe(2);
    expect(again.telemetry()).toEqual({ telemetry_backlog: 2, telemetry_backlog_dropped: 2 });
  });

  it('refuses entries with nested values, bad times or a sequence going backwards', () => {
    const t = setup();
    const good = (seq: number, at: number) => JSON.stringify({ seq, body: sample(at) });
    writeFileSync(
      t.file(BACKLOG_FILE),
      [
        good(1, START),
        JSON.stringify({ seq: 2, body: { status: 'online', timestamp: new Date(START).toISOString(), telemetries: { x: { nested: 1 } } } }),
        JSON.stringify({ seq: 3, body: { status: 'online', timestamp: 'yesterday' } }),
        good(1, START + 1_000),
        good(4, START + 2_000),
      ].join('\n'),
    );
    writeFileSync(t.file(BACKLOG_ACK_FILE), '{"acked": "lots"}');
    const backlog = t.open();
    expect(backlog.oldest(10).map((e) => e.seq)).toEqual([1, 4]);
  });

  it('drops the oldest beyond the caps, reports the count and compacts the file', () => {
    const t = setup({ limits: { maxCount: 20 } });
    const backlog = t.open();
    for (let i = 0; i < 400; i += 1) {
      t.setNow(START + i * 30_000);
      backlog.keep({ ...sample(START + i * 30_000), message: 'x'.repeat(500) }, 30_000);
    }
    expect(backlog.size()).toBeLessThanOrEqual(20);
    const { telemetry_backlog_dropped: dropped } = backlog.telemetry() as Record<string, number>;
    expect(dropped! + backlog.size()).toBe(400);
    // The file was compacted: it holds about the live entries, not 400 lines.
    expect(readFileSync(t.file(BACKLOG_FILE), 'utf8').trim().split('\n').length).toBeLessThan(300);
    const again = t.open();
    expect(again.oldest(100).map((e) => e.seq)).toEqual(backlog.oldest(100).map((e) => e.seq));
    expect(again.telemetry()).toEqual(backlog.telemetry());
  });

  it('ages samples out after 24 h even when nothing new arrives', () => {
    const t = setup();
    const backlog = t.open();
    backlog.keep(sample(START), 30_000);
    t.setNow(START + 25 * 60 * 60_000);
    const later = t.open();
    expect(later.size()).toBe(0);
    expect(later.telemetry()).toEqual({ telemetry_backlog: 0, telemetry_backlog_dropped: 1 });
  });

  it('discard drops a refused sample and counts it; clear forgets everything', () => {
    const t = setup();
    const backlog = t.open();
    backlog.keep(sample(START), 30_000);
    backlog.keep(sample(START + 30_000), 30_000);
    backlog.discard(backlog.oldest(1)[0]!.seq);
    expect(backlog.telemetry()).toEqual({ telemetry_backlog: 1, telemetry_backlog_dropped: 1 });
    backlog.clear();
    expect(backlog.size()).toBe(0);
    expect(existsSync(t.file(BACKLOG_FILE))).toBe(false);
    expect(existsSync(t.file(BACKLOG_ACK_FILE))).toBe(false);
    expect(t.open().size()).toBe(0);
  });
});
