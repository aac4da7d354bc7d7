// Every way an upgrade can fail has its own code, so the agent can report an exact reason to the
// cloud (Update Command `message`) and the screen can say what happened in words.

export type FirmwareErrorCode =
  | 'checksum-mismatch'
  | 'checksum-format'
  | 'signature-invalid'
  | 'signature-missing'
  | 'signature-missing-key'
  | 'signature-key-invalid'
  | 'unverified-refused'
  | 'downgrade-refused'
  | 'version-mismatch'
  | 'bad-version'
  | 'size-exceeded'
  | 'size-mismatch'
  | 'too-small'
  | 'idle-timeout'
  | 'interrupted'
  | 'disk-full'
  | 'bad-file-name'
  | 'bad-url'
  | 'http-status'
  | 'network'
  | 'redirect-refused'
  | 'busy'
  | 'aborted'
  | 'no-installer'
  | 'install-failed'
  | 'install-did-not-take'
  | 'confirm-timeout'
  | 'rollback-failed'
  | 'internal';

export class FirmwareError extends Error {
  override readonly name = 'FirmwareError';
  constructor(
    readonly code: FirmwareErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isFirmwareError(error: unknown): error is FirmwareError {
  return error instanceof FirmwareError;
}

/** Failures after which the partial download is worth keeping for an HTTP Range resume. */
export function isResumable(code: FirmwareErrorCode): boolean {
  return code === 'interrupted' || code === 'network';
}

/** Turns anything thrown into a FirmwareError; unknown errors keep their message (never a secret:
 * the access key only ever travels in a request header, which no error message includes). */
export function toFirmwareError(error: unknown, fallback: FirmwareErrorCode = 'internal'): FirmwareError {
  if (isFirmwareError(error)) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC') return new FirmwareError('disk-full', 'no space left on the staging disk');
  const message = error instanceof Error ? error.message : String(error);
  return new FirmwareError(fallback, message);
}
