// Integrity of a firmware file (docs/PROTOCOL.md#firmware-integrity): a checksum and/or an RSA signature, both computed
// while the bytes stream past (a 1 GiB file is never read twice), then checked at the end.
import { createHash, createPublicKey, createVerify, timingSafeEqual, type Hash, type KeyObject, type Verify } from 'node:crypto';
import { FirmwareError } from './errors';

export type ChecksumAlgorithm = 'sha256' | 'sha512';
export interface ExpectedChecksum {
  algorithm: ChecksumAlgorithm;
  digest: Buffer;
}

const DIGEST_BYTES: Record<ChecksumAlgorithm, number> = { sha256: 32, sha512: 64 };
const PREFIX = /^(sha-?256|sha-?512)\s*[:=-]\s*/i;

/**
 * Accepts `sha256:<hex>`, `SHA-512=<base64>`, `0x<hex>`, bare hex or base64 (the algorithm is then
 * inferred from the digest length). Anything else is a clear `checksum-format` error, not a mismatch.
 */
export function parseChecksum(text: string): ExpectedChecksum {
  let rest = text.trim();
  let algorithm: ChecksumAlgorithm | undefined;
  const prefix = PREFIX.exec(rest);
  if (prefix) {
    algorithm = prefix[1]!.replace('-', '').toLowerCase() as ChecksumAlgorithm;
    rest = rest.slice(prefix[0].length);
  }
  if (/^0x/i.test(rest)) rest = rest.slice(2);
  const digest = decodeDigest(rest);
  if (!digest) throw new FirmwareError('checksum-format', `checksum "${shorten(text)}" is neither hex nor base64`);
  const inferred = inferAlgorithm(digest.length);
  if (!inferred) {
    throw new FirmwareError('checksum-format', `checksum has ${digest.length} bytes; expected 32 (sha256) or 64 (sha512)`);
  }
  if (algorithm && algorithm !== inferred) {
    throw new FirmwareError('checksum-format', `checksum says ${algorithm} but has the length of ${inferred}`);
  }
  return { algorithm: inferred, digest };
}

function decodeDigest(text: string): Buffer | null {
  if (/^[0-9a-f]+$/i.test(text) && text.length % 2 === 0 && inferAlgorithm(text.length / 2)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return bytes.length > 0 ? bytes : null;
  }
  return null;
}

function inferAlgorithm(bytes: number): ChecksumAlgorithm | undefined {
  return (Object.keys(DIGEST_BYTES) as ChecksumAlgorithm[]).find((a) => DIGEST_BYTES[a] === bytes);
}

/** A signature is base64 or hex; returns null for anything else. */
export function decodeSignature(text: string): Buffer | null {
  const t = text.trim().replace(/^0x/i, '');
  if (/^[0-9a-f]+$/i.test(t) && t.length % 2 === 0 && t.length >= 128) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) return Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return null;
}

export function parsePublicKey(pem: string): KeyObject {
  try {
    return createPublicKey(pem);
  } catch {
    throw new FirmwareError('signature-key-invalid', 'the configured partner public key is not a valid PEM public key');
  }
}

/** What a firmware file must prove, decided before the first byte is fetched. */
export interface IntegrityPlan {
  checksum?: ExpectedChecksum;
  signature?: { key: KeyObject; bytes: Buffer };
}

export interface IntegrityInput {
  checksum?: string | null | undefined;
  signature?: string | null | undefined;
  publicKeyPem?: string | undefined;
  allowUnverified: boolean;
}

/** Refuses up front what can never verify, so nothing is downloaded for a file we would reject. */
export function planIntegrity(input: IntegrityInput): IntegrityPlan {
  const plan: IntegrityPlan = {};
  if (input.checksum) plan.checksum = parseChecksum(input.checksum);
  const key = input.publicKeyPem ? parsePublicKey(input.publicKeyPem) : undefined;
  if (key) {
    if (!input.signature) {
      throw new FirmwareError('signature-missing', 'a partner public key is configured but the file has no signature');
    }
    const bytes = decodeSignature(input.signature);
    if (!bytes) throw new FirmwareError('signature-invalid', 'the file signature is neither base64 nor hex');
    plan.signature = { key, bytes };
  }
  if (!plan.checksum && !plan.signature && !input.allowUnverified) {
    if (input.signature) {
      throw new FirmwareError('signature-missing-key', 'the file is signed but no partner public key is configured to check it, and it has no checksum');
    }
    throw new FirmwareError('unverified-refused', 'the file has neither checksum nor signature and unverified files are not allowed');
  }
  return plan;
}

/** Consumes the bytes of one file; `check()` throws the exact failure or returns quietly. */
export interface IntegritySink {
  update(chunk: Buffer): void;
  check(): void;
}

export function createIntegritySink(plan: IntegrityPlan): IntegritySink {
  const hash: Hash | undefined = plan.checksum ? createHash(plan.checksum.algorithm) : undefined;
  const verifier: Verify | undefined = plan.signature ? createVerify('sha256') : undefined;
  return {
    update(chunk) {
      hash?.update(chunk);
      verifier?.update(chunk);
    },
    check() {
      if (hash && plan.checksum) {
        const actual = hash.digest();
        const expected = plan.checksum.digest;
        if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
          // The actual digest is never quoted: it would echo (a fingerprint of) whatever the remote
          // host answered into the hub's command report and onto the screen.
          throw new FirmwareError('checksum-mismatch', `the downloaded file does not match the expected ${plan.checksum.algorithm} checksum`);
        }
      }
      if (verifier && plan.signature && !safeVerify(verifier, plan.signature.key, plan.signature.bytes)) {
        throw new FirmwareError('signature-invalid', 'the file signature does not verify with the configured partner public key');
      }
    },
  };
}

function safeVerify(verifier: Verify, key: KeyObject, signature: Buffer): boolean {
  try {
    return verifier.verify(key, signature); // RSA PKCS#1 v1.5 is the default padding for RSA keys
  } catch {
    return false;
  }
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
