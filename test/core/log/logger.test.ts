import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../app/core/log/logger';

describe('logger', () => {
  it('never writes an access key, by field name or by value', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l), format: 'json', now: () => 0 });
    const key = '2300742898f3ddc0e62e087ddc4a368c';
    log.addSecret(key);
    log.info(`registered with ${key}`, { access_key: key, nested: { Authorization: key, note: `k=${key}` } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(key);
    expect(JSON.parse(lines[0]!).fields.nested.Authorization).toBe('[redacted]');
    expect(log.recent()[0]!.message).toBe('registered with [redacted]');
  });

  it('filters by level but keeps recent records for dumps', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l), level: 'warn', keep: 2 });
    log.info('a');
    log.warn('b');
    log.child('agent').error('c');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('[agent] c');
    expect(log.recent().map((r) => r.message)).toEqual(['b', 'c']);
  });

  it('cuts off fields nested deeper than it checks instead of passing them through', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l), format: 'json' });
    log.warn('deep', { a: { b: { c: { d: { e: { f: { g: { h: { password: 'hunter2-hunter2' } } } } } } } } });
    expect(lines[0]).not.toContain('hunter2');
    expect(lines[0]).toContain('[too deep]');
  });
});
