// Why a media file could not be cached. Codes go to logs, telemetry and events; the screen never
// shows them (a failed item is skipped, and only "nothing playable" reaches the audience).
import { isFirmwareError } from '../firmware/errors';

export type CacheErrorCode = 'refused-url' | 'http-status' | 'network' | 'integrity' | 'too-large' | 'over-budget' | 'disk-full' | 'aborted' | 'internal';

const DISK_FULL_MESSAGE = 'no space left on the cache disk';

export class ContentCacheError extends Error {
  override readonly name = 'ContentCacheError';
  constructor(
    readonly code: CacheErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Worth keeping the .part for a Range resume on the next attempt. */
export function isResumableCacheError(code: CacheErrorCode): boolean {
  return code === 'network' || code === 'aborted';
}

/** Maps the shared downloader's failures (and fs errors) onto cache codes. */
export function toCacheError(error: unknown): ContentCacheError {
  if (error instanceof ContentCacheError) return error;
  if ((error as NodeJS.ErrnoException | undefined)?.code === 'ENOSPC') return new ContentCacheError('disk-full', DISK_FULL_MESSAGE);
  if (isFirmwareError(error)) {
    switch (error.code) {
      case 'size-exceeded':
      case 'size-mismatch':
        return new ContentCacheError('too-large', error.message);
      case 'disk-full': // the firmware wording names its staging disk; this is the cache's
        return new ContentCacheError('disk-full', DISK_FULL_MESSAGE);
      case 'http-status':
        return new ContentCacheError('http-status', error.message);
      case 'bad-url':
      case 'redirect-refused':
        return new ContentCacheError('refused-url', error.message);
      case 'aborted':
        return new ContentCacheError('aborted', error.message);
      case 'interrupted':
      case 'network':
      case 'idle-timeout':
        return new ContentCacheError('network', error.message);
      default:
        return new ContentCacheError('internal', error.message);
    }
  }
  return new ContentCacheError('internal', error instanceof Error ? error.message : String(error));
}
