// A strict, bounded HTTP/1.1 response parser for the hub's small JSON replies (lean-socket.ts feeds
// it the bytes of one persistent connection). Everything is bounded where it enters: the head
// (status line + headers) to MAX_HEAD_BYTES, the body to a byte cap, a chunk-size line and the
// trailers to small limits. Anything odd (a bad status line, a folded or malformed header, two
// different Content-Lengths, a transfer coding other than chunked, junk in a chunk frame) is a
// ParseFailure with a plain message and the connection is not reused: the exchange fails rather
// than guessing at what the server meant.

export const MAX_HEAD_BYTES = 16 * 1024;
const MAX_CHUNK_LINE = 1024;
const MAX_TRAILER_BYTES = 4 * 1024;
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

export interface ResponseHead {
  status: number;
  /** Lower-case names; the last value of a repeated header (the ones we read are never lists). */
  headers: Record<string, string>;
  /** False for HTTP/1.0, `Connection: close`, or a body delimited by the close. */
  keepAlive: boolean;
}

export interface ParsedResponse extends ResponseHead {
  body: Buffer;
}

/** Why a response could not be taken; `head` is set when the failure came after a valid head. */
export class ParseFailure extends Error {
  constructor(
    message: string,
    readonly oversized: boolean,
    readonly head?: ResponseHead,
  ) {
    super(message);
    this.name = 'ParseFailure';
  }
}

type Framing = { kind: 'length'; remaining: number } | { kind: 'chunked' } | { kind: 'close' };
type Phase = 'head' | 'body' | 'chunk-size' | 'chunk-data' | 'chunk-crlf' | 'trailers' | 'done';

/**
 * Feed it bytes with push(); it returns the complete response once it has one (and the bytes left
 * over after it), null while it needs more, and throws a ParseFailure on anything it refuses.
 * end() says the peer closed: a close-delimited body completes, anything else is truncated.
 */
export class ResponseParser {
  private buffered: Buffer = Buffer.alloc(0);
  private phase: Phase = 'head';
  private head: ResponseHead | undefined;
  private framing: Framing = { kind: 'close' };
  private chunkLeft = 0;
  private parts: Buffer[] = [];
  private bodyBytes = 0;

  constructor(
    private readonly maxBodyBytes: number,
    private readonly expectBody: boolean = true,
  ) {}

  push(data: Buffer): { response: ParsedResponse; rest: Buffer } | null {
    this.buffered = this.buffered.length === 0 ? data : Buffer.concat([this.buffered, data]);
    // Every step consumes bytes or returns: the loop ends within buffered.length + a few rounds.
    for (;;) {
      switch (this.phase) {
        case 'head': {
          // Searched as latin1 text (one conversion, bounded), which parseHead needs anyway: cheaper
          // per reply than Buffer#indexOf followed by a second conversion.
          const text = this.buffered.toString('latin1', 0, Math.min(this.buffered.length, MAX_HEAD_BYTES + 4));
          const end = text.indexOf('\r\n\r\n');
          if (end < 0) {
            if (this.buffered.length > MAX_HEAD_BYTES) this.fail('response head exceeds 16 KiB');
            return null;
          }
          if (end + 4 > MAX_HEAD_BYTES) this.fail('response head exceeds 16 KiB');
          this.startBody(parseHead(text.slice(0, end)));
          this.buffered = this.buffered.subarray(end + 4);
          break;
        }
        case 'body': {
          const framing = this.framing;
          if (framing.kind === 'close') {
            this.take(this.buffered.length);
            return null;
          }
          if (framing.kind !== 'length') return this.fail('internal framing mismatch');
          const n = Math.min(framing.remaining, this.buffered.length);
          this.take(n);
          framing.remaining -= n;
          if (framing.remaining > 0) return null;
          this.phase = 'done';
          break;
        }
        case 'chunk-size': {
          const line = this.readLine(MAX_CHUNK_LINE, 'chunk size line too long');
          if (line === null) return null;
          const size = /^([0-9a-fA-F]{1,8})(?:[ \t]*;[^\r\n]*)?$/.exec(line);
          if (!size) return this.fail('malformed chunk size');
          this.chunkLeft = Number.parseInt(size[1]!, 16);
          if (this.bodyBytes + this.chunkLeft > this.maxBodyBytes) return this.fail('body exceeds the limit', true);
          this.phase = this.chunkLeft === 0 ? 'trailers' : 'chunk-data';
          break;
        }
        case 'chunk-data': {
          const n = Math.min(this.chunkLeft, this.buffered.length);
          this.take(n);
          this.chunkLeft -= n;
          if (this.chunkLeft > 0) return null;
          this.phase = 'chunk-crlf';
          break;
        }
        case 'chunk-crlf': {
          if (this.buffered.length < 2) return null;
          if (this.buffered[0] !== 13 || this.buffered[1] !== 10) return this.fail('chunk not followed by CRLF');
          this.buffered = this.buffered.subarray(2);
          this.phase = 'chunk-size';
          break;
        }
        case 'trailers': {
          const end = this.buffered.indexOf(CRLF);
          if (end === 0) {
            this.buffered = this.buffered.subarray(2);
            this.phase = 'done';
            break;
          }
          // Trailer fields are read past, never used; together with the empty line they are bounded.
          const trailerEnd = this.buffered.indexOf(HEAD_END);
          if (trailerEnd < 0) {
            if (this.buffered.length > MAX_TRAILER_BYTES) this.fail('trailers exceed 4 KiB');
            return null;
          }
          if (trailerEnd > MAX_TRAILER_BYTES) this.fail('trailers exceed 4 KiB');
          this.buffered = this.buffered.subarray(trailerEnd + 4);
          this.phase = 'done';
          break;
        }
        case 'done': {
          const rest = this.buffered;
          this.buffered = Buffer.alloc(0);
          return { response: this.finish(), rest };
        }
      }
    }
  }

  /** The peer closed the connection: the response if its body ran to the close, else a ParseFailure. */
  end(): ParsedResponse {
    if (this.phase === 'body' && this.framing.kind === 'close') return this.finish();
    if (this.phase === 'done') return this.finish();
    return this.fail(this.phase === 'head' && this.buffered.length === 0 ? 'connection closed without a response' : 'connection closed before the response ended');
  }

  private startBody(head: ResponseHead): void {
    this.head = head;
    const { headers, status } = head;
    const coding = headers['transfer-encoding'];
    const length = headers['content-length'];
    if (!this.expectBody || status === 204 || status === 304) {
      this.phase = 'done';
      return;
    }
    if (coding !== undefined) {
      if (coding.toLowerCase() !== 'chunked') this.fail(`unsupported transfer coding "${coding.slice(0, 40)}"`);
      if (length !== undefined) this.fail('both Content-Length and Transfer-Encoding');
      this.phase = 'chunk-size';
      return;
    }
    if (length !== undefined) {
      const n = Number(length);
      if (n > this.maxBodyBytes) this.fail('declared body exceeds the limit', true);
      this.framing = { kind: 'length', remaining: n };
      this.phase = n === 0 ? 'done' : 'body';
      return;
    }
    head.keepAlive = false;
    this.phase = 'body';
  }

  private take(n: number): void {
    if (n === 0) return;
    if (this.bodyBytes + n > this.maxBodyBytes) this.fail('body exceeds the limit', true);
    this.parts.push(this.buffered.subarray(0, n));
    this.bodyBytes += n;
    this.buffered = this.buffered.subarray(n);
  }

  private readLine(max: number, tooLong: string): string | null {
    const end = this.buffered.indexOf(CRLF);
    if (end < 0) {
      if (this.buffered.length > max) this.fail(tooLong);
      return null;
    }
    if (end > max) this.fail(tooLong);
    const line = this.buffered.toString('latin1', 0, end);
    this.buffered = this.buffered.subarray(end + 2);
    return line;
  }

  private finish(): ParsedResponse {
    if (!this.head) return this.fail('connection closed without a response');
    this.phase = 'done';
    const body = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.bodyBytes);
    return { ...this.head, body };
  }

  private fail(message: string, oversized = false): never {
    throw new ParseFailure(message, oversized, this.head);
  }
}

const STATUS_LINE = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: [^\r\n]*)?$/;
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/;
/** Control characters other than tab (a bare LF or NUL in a value is a smuggling trick, not data). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;
const CONTENT_LENGTH = /^\d{1,15}$/;

/** Status line and header fields (the head without its final CRLFCRLF, as latin1). */
export function parseHead(text: string): ResponseHead {
  const lines = text.split('\r\n');
  const status = STATUS_LINE.exec(lines[0]!);
  if (!status) throw new ParseFailure('malformed status line', false);
  const code = Number(status[2]);
  if (code < 200) throw new ParseFailure(`unexpected interim response (${code})`, false);
  const headers: Record<string, string> = {};
  for (let i = 1; i < lines.length; i += 1) {
    const field = HEADER_LINE.exec(lines[i]!);
    if (!field || CONTROL.test(field[2]!)) throw new ParseFailure('malformed header line', false);
    const name = field[1]!.toLowerCase();
    const value = field[2]!;
    if (name === 'content-length') {
      if (!CONTENT_LENGTH.test(value)) throw new ParseFailure('malformed Content-Length', false);
      if (headers[name] !== undefined && headers[name] !== value) throw new ParseFailure('conflicting Content-Length', false);
    }
    if (name === 'transfer-encoding' && headers[name] !== undefined) throw new ParseFailure('repeated Transfer-Encoding', false);
    headers[name] = value;
  }
  const connection = (headers.connection ?? '').toLowerCase();
  const keepAlive = status[1] === '1' ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection);
  return { status: code, headers, keepAlive };
}
