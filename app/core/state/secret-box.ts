// How the access key is protected at rest. Electron passes a safeStorage-backed box (OS keychain /
// DPAPI / libsecret); the headless runner uses the plain box and relies on file mode 0600.
import * as z from '../zod-mini';

export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
  /** Recorded beside each sealed value so a file sealed by another box gives a clear error. */
  readonly kind: string;
}

/** Headless: no encryption (base64 only), the file mode 0600 protects it. */
export const plainSecretBox: SecretBox = {
  kind: 'plain',
  seal: (plain) => Buffer.from(plain, 'utf8').toString('base64'),
  open: (sealed) => Buffer.from(sealed, 'base64').toString('utf8'),
};

export const sealedSecretSchema = z.object({ sealed: z.string().check(z.minLength(1)), box: z.string().check(z.minLength(1)) });
export type SealedSecret = z.infer<typeof sealedSecretSchema>;

/** SecretBoxes whose seal() returns binary-unsafe strings still store base64 on disk. */
export function sealSecret(box: SecretBox, plain: string): SealedSecret {
  return { sealed: box.seal(plain), box: box.kind };
}
