import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_HEAD_BYTES, ParseFailure, ResponseParser, parseHead } from '../../../app/core/hub/response-parser';

const LIMIT = 1024;

/** Feeds the pieces in order; the first complete response, or the ParseFailure, or null when it still waits. */
function feed(pieces: Buffer[], limit = LIMIT, closeAtEnd = false) {
  const parser = new ResponseParser(limit);
  try {
    for (const piece of pieces) {
      const done = parser.push(piece);
      if (done) return { response: done.response, rest: done.rest };
    }
    return closeAtEnd ? { response: parser.end(), rest: Buffer.alloc(0) } : null;
  } catch (error) {
    if (error instanceof ParseFailure) return { failure: error };
    throw error;
  }
}

const ascii = (text: string) => Buffer.from(text, 'latin1');

/** Splits a buffer at the given cut points (any framing of the same bytes must parse the same). */
function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const at of points) {
    pieces.push(bytes.subarray(from, at));
    from = at;
  }
  pieces.push(bytes.subarray(from));
  return pieces;
}

describe('ResponseParser', () => {
  it('reads a Content-Length reply and keeps the connection', () => {
    const result = feed([ascii('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"ok":true}')]);
    expect(result).toMatchObject({ response: { status: 200, keepAlive: true, headers: { 'content-type': 'application/json' } } });
    expect((result as { response: { body: Buffer } }).response.body.toString()).toBe('{"ok":true}');
  });

  it('reads a chunked reply with an extension and trailers', () => {
    const result = feed([ascii('HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\n{"a"\r\n3\r\n:1}\r\n0\r\nX-T: 1\r\n\r\n')]);
    expect((result as { response: { body: Buffer } }).response.body.toString()).toBe('{"a":1}');
  });

  it('takes a close-delimited body only at the close, and never reuses that connection', () => {
    expect(feed([ascii('HTTP/1.1 200 OK\r\n\r\nabc')])).toBeNull();
    const result = feed([ascii('HTTP/1.1 200 OK\r\n\r\nabc')], LIMIT, true);
    expect(result).toMatchObject({ response: { status: 200, keepAlive: false } });
  });

  it('honours Connection: close and HTTP/1.0', () => {
    expect(parseHead('HTTP/1.1 200 OK\r\nConnection: close').keepAlive).toBe(false);
    expect(parseHead('HTTP/1.0 200 OK').keepAlive).toBe(false);
    expect(parseHead('HTTP/1.0 200 OK\r\nConnection: keep-alive').keepAlive).toBe(true);
  });

  it.each([
    ['a bad status line', 'HTTP/2 200 OK\r\n\r\n'],
    ['an interim response', 'HTTP/1.1 100 Continue\r\n\r\n'],
    ['a bare LF inside a header', 'HTTP/1.1 200 OK\r\nX: a\nb\r\n\r\n'],
    ['a folded header', 'HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n'],
    ['conflicting lengths', 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n'],
    ['a negative length', 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n'],
    ['an unknown coding', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n'],
    ['length and coding together', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n'],
    ['a junk chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    ['a chunk without its CRLF', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\naXY'],
  ])('refuses %s', (_what, text) => {
    expect(feed([ascii(text)])).toMatchObject({ failure: { oversized: false } });
  });

  it('a header value with any control character but tab is refused; tab and any other character are kept (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 40 }), (raw) => {
        // CR and LF end the line (a bare LF is refused as a control character; CR LF starts another header).
        const value = raw.replace(/\r/g, '');
        const head = `HTTP/1.1 200 OK\r\nX-Test: a${value}z`;
        const control = [...value].some((ch) => {
          const c = ch.charCodeAt(0);
          return (c < 32 && c !== 9) || c === 127;
        });
        if (control) expect(() => parseHead(head)).toThrow(ParseFailure);
        else expect(parseHead(head).headers['x-test']).toBe(`a${value}z`);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a head over 16 KiB without waiting for its end', () => {
    const result = feed([ascii(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(MAX_HEAD_BYTES)}`)]);
    expect(result).toMatchObject({ failure: { message: 'response head exceeds 16 KiB' } });
  });

  it('refuses a body over the cap, declared, streamed or chunked, and keeps the status', () => {
    expect(feed([ascii(`HTTP/1.1 500 X\r\nContent-Length: ${LIMIT + 1}\r\n\r\n`)])).toMatchObject({ failure: { oversized: true, head: { status: 500 } } });
    expect(feed([ascii(`HTTP/1.1 200 OK\r\n\r\n${'a'.repeat(LIMIT + 1)}`)])).toMatchObject({ failure: { oversized: true } });
    expect(feed([ascii(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFF\r\n`)])).toMatchObject({ failure: { oversized: true } });
  });

  it('reports a close before the end of the body as a failure', () => {
    expect(feed([ascii('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab')], LIMIT, true)).toMatchObject({ failure: { message: 'connection closed before the response ended' } });
    expect(feed([], LIMIT, true)).toMatchObject({ failure: { message: 'connection closed without a response' } });
  });

  it('any bytes, cut anywhere → a response, a clear failure or a wait; never a crash (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.array(fc.nat(), { maxLength: 8 }), fc.boolean(), (bytes, cuts, close) => {
        const result = feed(split(Buffer.from(bytes), cuts), LIMIT, close);
        if (result === null) return !close;
        if ('failure' in result) return result.failure.message.length > 0;
        return result.response.body.length <= LIMIT;
      }),
      { numRuns: 500 },
    );
  });

  it('well-formed replies parse the same however the bytes are cut (property)', () => {
    const reply = fc.record({
      status: fc.integer({ min: 200, max: 599 }).filter((s) => s !== 204 && s !== 304),
      body: fc.string({ maxLength: 300 }),
      chunked: fc.boolean(),
      chunk: fc.integer({ min: 1, max: 64 }),
    });
    fc.assert(
      fc.property(reply, fc.array(fc.nat(), { maxLength: 10 }), ({ status, body, chunked, chunk }, cuts) => {
        const payload = Buffer.from(body, 'utf8');
        let framed: Buffer;
        if (chunked) {
          const parts: Buffer[] = [];
          for (let i = 0; i < payload.length; i += chunk) {
            const piece = payload.subarray(i, i + chunk);
            parts.push(ascii(`${piece.length.toString(16)}\r\n`), piece, ascii('\r\n'));
          }
          framed = Buffer.concat([ascii(`HTTP/1.1 ${status} X\r\nTransfer-Encoding: chunked\r\n\r\n`), ...parts, ascii('0\r\n\r\n')]);
        } else {
          framed = Buffer.concat([ascii(`HTTP/1.1 ${status} X\r\nContent-Length: ${payload.length}\r\n\r\n`), payload]);
        }
        const result = feed(split(Buffer.concat([framed, ascii('NEXT')]), cuts), LIMIT);
        if (!result || !('response' in result)) return false;
        const { response } = result;
        return response.status === status && response.body.equals(payload) && response.keepAlive;
      }),
      { numRuns: 300 },
    );
  });

  it('a valid reply with any bytes flipped → a response, a clear failure or a wait; never a crash (property)', () => {
    const base = ascii('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: b\r\n\r\n5\r\n{"a":\r\n2\r\n1}\r\n0\r\n\r\n');
    const flip = fc.record({ at: fc.nat({ max: base.length - 1 }), byte: fc.integer({ min: 0, max: 255 }) });
    fc.assert(
      fc.property(fc.array(flip, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), (flips, cuts, close) => {
        const bytes = Buffer.from(base);
        for (const { at, byte } of flips) bytes[at] = byte;
        const result = feed(split(bytes, cuts), LIMIT, close);
        if (result === null) return !close;
        return 'failure' in result ? result.failure instanceof ParseFailure : result.response.body.length <= LIMIT;
      }),
      { numRuns: 500 },
    );
  });
});
