import { describe, expect, it } from 'vitest';
import { fatalErrorAction } from '../../app/electron/fatal-error';

describe('fatalErrorAction', () => {
  it.each([
    ['linux', true, { kind: 'exit', code: 1 }],
    ['win32', true, { kind: 'relaunch-then-exit', code: 1 }],
    ['darwin', true, { kind: 'relaunch-then-exit', code: 1 }],
    ['linux', false, { kind: 'exit', code: 1 }],
    ['win32', false, { kind: 'exit', code: 1 }],
    ['freebsd', true, { kind: 'exit', code: 1 }],
  ] as const)('%s packaged=%s → %o', (platform, packaged, expected) => {
    expect(fatalErrorAction(platform, packaged)).toEqual(expected);
  });
});
