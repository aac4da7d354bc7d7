// The one redaction module: one key pattern, one masking of known secrets, masking before any
// cut, and no second copy of either anywhere in the app.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSecretKey, maskAndTruncate, maskSecrets, redact, redactForScreen } from '../../app/core/redact';

const KEY = '2300742898f3ddc0e62e087ddc4a368c';

describe('isSecretKey', () => {
  it.each(['access_key', 'accessKey', 'api_key', 'apiKey', 'API-KEY'.replace('-', '_'), 'credential', 'credentials', 'token', 'api_token', 'refreshToken', 'password', 'passwd', 'secret', 'client_secret', 'private_key', 'Authorization', 'hardware_key', 'hardwareKey', 'cookie', 'session_id'])('%s is secret', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });
  it.each(['name', 'floor', 'deviceId', 'cloudId', 'sn', 'message', 'version', 'keep', 'keyboard_layout'])('%s is not', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });
});

describe('masking', () => {
  it('masks raw and URL-encoded forms', () => {
    const secret = 'a/b+c=d-0123';
    expect(maskSecrets(`x ${secret} y ${encodeURIComponent(secret)}`, [secret])).toBe('x [redacted] y [redacted]');
  });

  it('masks before cutting: no fragment of a secret that straddles the cut survives', () => {
    fc.assert(
      fc.property(fc.nat({ max: 400 }), fc.nat({ max: 400 }), (before, after) => {
        const text = 'e'.repeat(before) + KEY + 'f'.repeat(after);
        const out = maskAndTruncate(text, 300, [KEY]);
        expect(out.length).toBeLessThanOrEqual(301);
        for (let i = 0; i + 6 <= KEY.length; i++) expect(out).not.toContain(KEY.slice(i, i + 6));
      }),
    );
  });
});

describe('redact', () => {
  it('masks secret-named keys in mask mode and drops them in drop mode, at any depth', () => {
    let nested: Record<string, unknown> = { api_key: 'A', credential: 'C', token: 'T', keep: `k=${KEY}` };
    for (let i = 0; i < 12; i++) nested = { level: nested };
    const masked = JSON.stringify(redact(nested, { secrets: [KEY], maxDepth: Infinity }));
    expect(masked).toContain('"api_key":"[redacted]"');
    expect(masked).not.toMatch(/"A"|"C"|"T"/);
    expect(masked).toContain('k=[redacted]');
    const dropped = JSON.stringify(redact(nested, { keys: 'drop', maxDepth: Infinity }));
    expect(dropped).not.toMatch(/api_key|credential|token/);
  });

  it('cuts off objects nested deeper than it checks instead of passing them through', () => {
    const deep = { a: { b: { c: { d: { e: { f: { g: { h: { password: 'hunter2-hunter2' } } } } } } } } };
    const out = JSON.stringify(redact(deep));
    expect(out).not.toContain('hunter2');
    expect(out).toContain('[too deep]');
    expect(JSON.stringify(redact(deep, { maxDepth: Infinity }))).toContain('"password":"[redacted]"');
  });

  it('redacts errors to name and (masked) message', () => {
    expect(redact({ err: new TypeError(`boom ${KEY}`) }, { secrets: [KEY] })).toEqual({ err: { name: 'TypeError', message: 'boom [redacted]' } });
  });

  it('leaves nothing secret in anything bound for the screen, whatever its shape', () => {
    const secretKeys = fc.constantFrom('api_key', 'credential', 'token', 'password', 'access_key', 'secret');
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.constant(KEY),
        fc.string(),
        fc.integer(),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), secretKeys), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(tree, (value) => {
        const text = JSON.stringify(redactForScreen(value, [KEY])) ?? '';
        expect(text).not.toContain(KEY);
        expect(text).not.toMatch(/"(api_key|credential|token|password|access_key|secret)":/);
      }),
    );
  });
});

describe('hub-shaped keys', () => {
  it('keeps a "__proto__" key from parsed JSON as data, never as the copy\'s prototype', () => {
    const fromHub = JSON.parse('{"details":{"__proto__":[1,2],"model":"X"}}') as unknown;
    const copy = redact(fromHub, { keys: 'drop' }) as { details: Record<string, unknown> };
    expect(Object.getPrototypeOf(copy.details)).toBe(Object.prototype);
    expect(Array.isArray(copy.details)).toBe(false);
    expect(Object.keys(copy.details)).toEqual(['__proto__', 'model']);
    expect(Object.getOwnPropertyDescriptor(copy.details, '__proto__')?.value).toEqual([1, 2]);
  });
});

describe('one redaction module', () => {
  const root = path.resolve(__dirname, '../..');
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));

  it('no other file defines a secret-key pattern or a secret masker', () => {
    const offenders = [...files(path.join(root, 'app')), ...files(path.join(root, 'renderer'))]
      .filter((file) => !file.endsWith(path.join('app', 'core', 'redact.ts')))
      .filter((file) => {
        const text = readFileSync(file, 'utf8');
        return /\/[^/\n]*access_\?key[^/\n]*\/i/.test(text) || /function (maskSecrets|redact|withoutSecretKeys)\b/.test(text);
      })
      .map((file) => path.relative(root, file));
    expect(offenders).toEqual([]);
  });
});
