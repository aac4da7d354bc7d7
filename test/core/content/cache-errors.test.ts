import { describe, expect, it } from 'vitest';
import { ContentCacheError, isResumableCacheError, toCacheError } from '../../../app/core/content/cache-errors';
import { FirmwareError } from '../../../app/core/firmware/errors';

describe('toCacheError', () => {
  it.each([
    [Object.assign(new Error('write failed'), { code: 'ENOSPC' }), 'disk-full'],
    [new FirmwareError('disk-full', 'x'), 'disk-full'],
    [new FirmwareError('size-exceeded', 'x'), 'too-large'],
    [new FirmwareError('size-mismatch', 'x'), 'too-large'],
    [new FirmwareError('http-status', 'x'), 'http-status'],
    [new FirmwareError('bad-url', 'x'), 'refused-url'],
    [new FirmwareError('redirect-refused', 'x'), 'refused-url'],
    [new FirmwareError('interrupted', 'x'), 'network'],
    [new FirmwareError('idle-timeout', 'x'), 'network'],
    [new FirmwareError('aborted', 'x'), 'aborted'],
    [new FirmwareError('install-failed', 'x'), 'internal'],
    ['a string', 'internal'],
  ])('maps %s to %s', (error, code) => {
    expect(toCacheError(error).code).toBe(code);
  });

  it('keeps a cache error as it is, and only network/aborted failures keep the .part', () => {
    const error = new ContentCacheError('integrity', 'x');
    expect(toCacheError(error)).toBe(error);
    expect(isResumableCacheError('network')).toBe(true);
    expect(isResumableCacheError('integrity')).toBe(false);
  });
});
