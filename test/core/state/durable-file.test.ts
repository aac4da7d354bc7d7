import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDurableFile } from '../../../app/core/state/durable-file';
import { StateCorruptError } from '../../../app/core/state/errors';
import { fileMode, makeTempDir, recordingLogger, recordsAt, removeDir } from './helpers';

const schema = z.object({ gen: z.number().int(), secret: z.string().min(1) });
type Value = z.infer<typeof schema>;
const SECRET = 'deadbeefcafebabe0123456789abcdef';

let dir: string;
let file: string;
beforeEach(() => {
  dir = makeTempDir();
  file = path.join(dir, 'thing.json');
});
afterEach(() => removeDir(dir));

function open(logger = recordingLogger()) {
  return { logger, store: openDurableFile<Value>({ path: file, schema, logger, mode: 0o600 }) };
}

describe('durable file', () => {
  it('round-trips a value and returns null when nothing was ever written', () => {
    const { store } = open();
    expect(store.read()).toBeNull();
    store.write({ gen: 1, secret: SECRET });
    expect(open().store.read()).toEqual({ gen: 1, secret: SECRET });
  });

  it('writes the file and its backup with mode 0600', () => {
    const { store } = open();
    store.write({ gen: 1, secret: SECRET });
    store.write({ gen: 2, secret: SECRET });
    expect(fileMode(file)).toBe(0o600);
    expect(fileMode(`${file}.bak`)).toBe(0o600);
  });

  it('keeps the previous good file as the last-good backup', () => {
    const { store } = open();
    store.write({ gen: 1, secret: SECRET });
    store.write({ gen: 2, secret: SECRET });
    expect(JSON.parse(fs.readFileSync(`${file}.bak`, 'utf8'))).toEqual({ gen: 1, secret: SECRET });
    expect(fs.existsSync(`${file}.tmp`)).toBe(false);
  });

  it('ignores a stale half-written .tmp left by a killed writer, and writes over it', () => {
    const { store, logger } = open();
    store.write({ gen: 1, secret: SECRET });
    fs.writeFileSync(`${file}.tmp`, '{"gen": 2, "sec', { mode: 0o644 });
    expect(store.read()).toEqual({ gen: 1, secret: SECRET });
    expect(recordsAt(logger, 'warn')).toHaveLength(0);
    store.write({ gen: 3, secret: SECRET });
    expect(open().store.read()).toEqual({ gen: 3, secret: SECRET });
    expect(fs.existsSync(`${file}.tmp`)).toBe(false);
  });

  const artefacts: Array<[string, (f: string) => void, RegExp]> = [
    ['an empty main file', (f) => fs.writeFileSync(f, ''), /empty file/],
    ['truncated JSON', (f) => fs.writeFileSync(f, `{"gen": 3, "secret": "${SECRET}`), /invalid JSON .*truncated/],
    ['valid JSON failing the schema', (f) => fs.writeFileSync(f, JSON.stringify({ gen: 'three', secret: SECRET })), /schema violation: gen/],
    ['a missing main file next to a backup', (f) => fs.unlinkSync(f), /missing/],
    ['a stale .tmp plus a zero-length main file', (f) => (fs.writeFileSync(`${f}.tmp`, '{"gen":'), fs.truncateSync(f, 0)), /empty file/],
  ];
  it.each(artefacts)('restores from .bak after %s, with a warning naming the file and problem', (_name, damage, problem) => {
    const { store } = open();
    store.write({ gen: 1, secret: SECRET });
    store.write({ gen: 2, secret: SECRET });
    damage(file);

    const { store: reopened, logger } = open();
    expect(reopened.read()).toEqual({ gen: 1, secret: SECRET });
    const [warning] = recordsAt(logger, 'warn');
    expect(warning?.fields).toMatchObject({ file, backup: `${file}.bak` });
    expect(String(warning?.fields?.problem)).toMatch(problem);
    // the main file itself was rewritten from the backup, with the right mode
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ gen: 1, secret: SECRET });
    expect(fileMode(file)).toBe(0o600);
    expect(JSON.stringify(logger.recent())).not.toContain(SECRET);
  });

  it('throws a typed StateCorruptError when the file and its backup are both bad', () => {
    const { store } = open();
    store.write({ gen: 1, secret: SECRET });
    store.write({ gen: 2, secret: SECRET });
    fs.writeFileSync(file, `{"secret": "${SECRET}`);
    fs.writeFileSync(`${file}.bak`, '');

    const { store: reopened, logger } = open();
    let caught: unknown;
    try {
      reopened.read();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StateCorruptError);
    const error = caught as StateCorruptError;
    expect(error.path).toBe(file);
    expect(error.problem).toMatch(/invalid JSON/);
    expect(error.backupProblem).toBe('empty file');
    expect(error.message).not.toContain(SECRET);
    expect(recordsAt(logger, 'error')).toHaveLength(1);
    // nothing was destroyed: both files are still there for diagnosis
    expect(fs.readFileSync(file, 'utf8')).toContain('secret');
  });

  it('throws StateCorruptError when only a corrupt backup is left', () => {
    fs.writeFileSync(`${file}.bak`, '{');
    expect(() => open().store.read()).toThrow(StateCorruptError);
  });

  it('refuses to write an invalid value and keeps the stored one', () => {
    const { store } = open();
    store.write({ gen: 1, secret: SECRET });
    expect(() => store.write({ gen: 2, secret: '' })).toThrow(/refusing to write an invalid value/);
    expect(store.read()).toEqual({ gen: 1, secret: SECRET });
  });

  it('does not copy a corrupt main file over the good backup when writing', () => {
    const { store } = open();
    store.write({ gen: 1, secret: SECRET });
    store.write({ gen: 2, secret: SECRET });
    fs.writeFileSync(file, '{"gen":');
    store.write({ gen: 3, secret: SECRET });
    expect(JSON.parse(fs.readFileSync(`${file}.bak`, 'utf8'))).toEqual({ gen: 1, secret: SECRET });
    expect(store.read()).toEqual({ gen: 3, secret: SECRET });
  });

  it('remove() deletes the file, its backup and temp files', () => {
    const { store } = open();
    store.write({ gen: 1, secret: SECRET });
    store.write({ gen: 2, secret: SECRET });
    fs.writeFileSync(`${file}.tmp`, 'x');
    store.remove();
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(store.read()).toBeNull();
  });
});
