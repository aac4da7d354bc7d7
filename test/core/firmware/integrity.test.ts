// Checksum and signature formats, decided before a byte is fetched.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createIntegritySink, parseChecksum, planIntegrity } from '../../../app/core/firmware/integrity';
import { makeKeys } from './helpers/harness';

const data = Buffer.from('firmware bytes');
const sha256 = createHash('sha256').update(data).digest();
const sha512 = createHash('sha512').update(data).digest();
const keys = makeKeys();

describe('parseChecksum', () => {
  it.each([
    ['bare hex sha256', sha256.toString('hex'), 'sha256'],
    ['upper-case 0x hex', '0x' + sha256.toString('hex').toUpperCase(), 'sha256'],
    ['prefixed hex', 'sha256:' + sha256.toString('hex'), 'sha256'],
    ['SHA-512= base64', 'SHA-512=' + sha512.toString('base64'), 'sha512'],
    ['bare base64 sha512', sha512.toString('base64'), 'sha512'],
    ['base64url sha256 without padding', sha256.toString('base64url'), 'sha256'],
    ['0x after prefix', 'sha512:0x' + sha512.toString('hex'), 'sha512'],
  ])('accepts %s', (_label, text, algorithm) => {
    const parsed = parseChecksum(text);
    expect(parsed.algorithm).toBe(algorithm);
    expect(parsed.digest.equals(algorithm === 'sha256' ? sha256 : sha512)).toBe(true);
  });

  it.each([
    ['an md5', createHash('md5').update(data).digest('hex'), /expected 32 \(sha256\) or 64 \(sha512\)/],
    ['a prefix that contradicts the length', 'sha512:' + sha256.toString('hex'), /says sha512 but has the length of sha256/],
    ['garbage', 'not a checksum!', /neither hex nor base64/],
  ])('refuses %s with checksum-format', (_label, text, message) => {
    expect(() => parseChecksum(text)).toThrow(expect.objectContaining({ code: 'checksum-format', message: expect.stringMatching(message) }));
  });
});

describe('integrity sink', () => {
  it('verifies checksum and signature over streamed chunks', () => {
    const sink = createIntegritySink(planIntegrity({ checksum: sha256.toString('hex'), signature: keys.sign(data), publicKeyPem: keys.publicKeyPem, allowUnverified: false }));
    sink.update(data.subarray(0, 5));
    sink.update(data.subarray(5));
    expect(() => sink.check()).not.toThrow();
  });

  it('refuses a broken partner key with its own code', () => {
    expect(() => planIntegrity({ checksum: null, signature: 'abcd', publicKeyPem: '-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----', allowUnverified: false })).toThrow(
      expect.objectContaining({ code: 'signature-key-invalid' }),
    );
  });

  it('allows an unverified file only by policy', () => {
    expect(() => planIntegrity({ allowUnverified: false })).toThrow(expect.objectContaining({ code: 'unverified-refused' }));
    expect(planIntegrity({ allowUnverified: true })).toEqual({});
  });
});
