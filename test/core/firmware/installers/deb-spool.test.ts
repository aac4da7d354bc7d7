// The request/result protocol with the root update service: what the app writes is exactly what
// the service's patterns accept, and a result file is untrusted text that can only mean success
// when it says so for our request.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { debianVersion, describeDebResult, parseDebResult, renderDebRequest } from '../../../../app/core/firmware/installers/deb-spool';

const sha = 'a'.repeat(64);

describe('renderDebRequest', () => {
  it('writes one key=value line per field', () => {
    expect(renderDebRequest({ id: 'app-1', action: 'install', file: 'xyte-kiosk-app-1.deb', sha256: sha, version: '2.0.0~rc.1', signature: 'c2lnbmVk' })).toBe(
      `id=app-1\naction=install\nfile=xyte-kiosk-app-1.deb\nsha256=${sha}\nversion=2.0.0~rc.1\nsignature=c2lnbmVk\n`,
    );
    expect(renderDebRequest({ id: 'launcher-1-2', action: 'rollback' })).toBe('id=launcher-1-2\naction=rollback\n');
  });

  it.each([
    ['an id with a newline', { id: 'a\nfile=../../etc/shadow', action: 'rollback' as const }],
    ['a path in the file name', { id: 'a', action: 'install' as const, file: '../x.deb', sha256: sha }],
    ['a hidden file', { id: 'a', action: 'install' as const, file: '.x.deb', sha256: sha }],
    ['an upper-case digest', { id: 'a', action: 'install' as const, file: 'x.deb', sha256: sha.toUpperCase() }],
    ['a version with a space', { id: 'a', action: 'install' as const, file: 'x.deb', sha256: sha, version: '1 2' }],
    ['a signature with a newline', { id: 'a', action: 'install' as const, file: 'x.deb', sha256: sha, signature: 'YQ==\nid=b' }],
  ])('refuses %s', (_, req) => {
    expect(() => renderDebRequest(req)).toThrow(/cannot ask the update service: invalid/);
  });

  it('never writes a line break inside a value, whatever the input', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (id, file) => {
        try {
          const text = renderDebRequest({ id, action: 'install', file, sha256: sha });
          expect(text.split('\n')).toHaveLength(5);
        } catch (error) {
          expect(String(error)).toMatch(/invalid/);
        }
      }),
    );
  });
});

describe('parseDebResult', () => {
  const result = (fields: string) => `id=req-1\naction=install\n${fields}`;

  it.each([
    ['ok for our id', result('status=ok\nversion=2.0.0\nprevious=1.0.0\nmessage=installed 2.0.0\n'), { kind: 'ok', message: 'installed 2.0.0', version: '2.0.0', previous: '1.0.0' }],
    ['failed with a reason', result('status=failed\nmessage=refused: checksum mismatch\n'), { kind: 'failed', message: 'refused: checksum mismatch' }],
    ['failed without a reason', result('status=failed\n'), { kind: 'failed', message: 'the update service gave no reason' }],
    ['an unknown status counts as failed', result('status=OK\nmessage=hmm\n'), { kind: 'failed', message: 'hmm' }],
    ['the first status wins', result('status=failed\nstatus=ok\n'), { kind: 'failed', message: 'the update service gave no reason' }],
    ['control characters are blanked', result('status=failed\nmessage=a\u001b[2Jb\n'), { kind: 'failed', message: 'a [2Jb' }],
  ])('%s', (_, text, expected) => {
    expect(parseDebResult(text, 'req-1')).toEqual(expected);
  });

  it.each([
    ['no file', null],
    ['another request', 'id=req-2\nstatus=ok\n'],
    ['no id', 'status=ok\n'],
    ['an oversized file', `id=req-1\nstatus=ok\n${'x'.repeat(9000)}`],
  ])('is not an answer yet: %s', (_, text) => {
    expect(parseDebResult(text, 'req-1')).toBeNull();
  });

  it('reads any text without throwing, with a bounded message, and ok only from status=ok', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (junk) => {
        const parsed = parseDebResult(`id=r\n${junk}`, 'r');
        expect(parsed).not.toBeNull();
        expect(parsed!.message.length).toBeLessThanOrEqual(300);
        if (parsed!.kind === 'ok') expect(junk.split('\n').find((l) => l.startsWith('status='))).toBe('status=ok');
      }),
    );
  });
});

describe('describeDebResult', () => {
  it.each([
    ['id=l-1\naction=rollback\nstatus=ok\nmessage=rolled back from 2.0.0 to 1.0.0\n', 'update service rollback ok: rolled back from 2.0.0 to 1.0.0'],
    ['id=a\naction=install\nstatus=failed\nmessage=refused: checksum mismatch\n', 'update service install failed: refused: checksum mismatch'],
    ['id=a\naction=install\nstatus=weird\n', 'update service install failed: no reason given'],
    ['id=a\naction=reboot\nstatus=ok\n', null],
    ['id=a\naction=install\n', null],
    [null, null],
  ])('%j → %j', (text, expected) => {
    expect(describeDebResult(text)).toBe(expected);
  });
});

describe('debianVersion', () => {
  it.each([
    ['1.0.0', '1.0.0'],
    ['2.0.0-rc.1', '2.0.0~rc.1'],
    ['2.0.0-rc-1+build.5', '2.0.0~rc.1+build.5'],
    ['v1.0', null],
    ['1.0.0; rm -rf /', null],
  ])('%s → %s', (semver, expected) => {
    expect(debianVersion(semver)).toBe(expected);
  });
});
