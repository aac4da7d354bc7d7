// File bodies served by the file origin. Generated content is an AES-128-CTR keystream: it is
// deterministic per seed, fast (native code) and seekable by counter block, so a 1 GiB firmware
// can be hashed and served in ranges without ever being held in memory.
import { createCipheriv, createHash } from 'node:crypto';
import { Readable } from 'node:stream';

const CHUNK = 64 * 1024;

export interface FileContent {
  size: number;
  /** Streams bytes [start, end] (inclusive). */
  open(start: number, end: number): Readable;
  /** 'sha256:<hex>' of the whole content. */
  sha256(): string;
}

export function bufferContent(data: Buffer): FileContent {
  return {
    size: data.length,
    open: (start, end) => Readable.from(sliceChunks(data.subarray(start, end + 1))),
    sha256: () => `sha256:${createHash('sha256').update(data).digest('hex')}`,
  };
}

function* sliceChunks(data: Buffer): Generator<Buffer> {
  for (let at = 0; at < data.length; at += CHUNK) yield data.subarray(at, Math.min(data.length, at + CHUNK));
}

export function generatedContent(seed: string, size: number): FileContent {
  const key = createHash('sha256').update(seed).digest().subarray(0, 16);
  return {
    size,
    open: (start, end) => Readable.from(keystream(key, start, end + 1)),
    sha256: () => {
      const hash = createHash('sha256');
      for (const chunk of keystream(key, 0, size)) hash.update(chunk);
      return `sha256:${hash.digest('hex')}`;
    },
  };
}

/** Endless pseudo-random bytes (the `endless` download fault). */
export function* endlessBytes(seed: string): Generator<Buffer> {
  yield* keystream(createHash('sha256').update(seed).digest().subarray(0, 16), 0, Number.MAX_SAFE_INTEGER);
}

function* keystream(key: Buffer, start: number, endExclusive: number): Generator<Buffer> {
  const block = Math.floor(start / 16);
  const cipher = createCipheriv('aes-128-ctr', key, counterIv(block));
  const zeros = Buffer.alloc(CHUNK);
  let skip = start - block * 16;
  let at = start;
  while (at < endExclusive) {
    const want = Math.min(CHUNK - skip, endExclusive - at);
    const out = cipher.update(zeros.subarray(0, want + skip)).subarray(skip);
    skip = 0;
    at += out.length;
    yield out;
  }
}

function counterIv(block: number): Buffer {
  const iv = Buffer.alloc(16);
  iv.writeBigUInt64BE(BigInt(block), 8);
  return iv;
}
