// The hub's direct route without node:http: one persistent keep-alive socket (net or tls) per
// client and origin, the request written as one buffer, the reply read by response-parser.ts. A
// telemetry tick is a few hundred bytes each way; node:http's request object, agent bookkeeping
// and header validation were most of a tick's CPU (README "Headless players"). Proxied calls keep
// node:http (route.ts). One exchange at a time per socket: a call made while another is in flight
// opens its own short-lived socket rather than queueing behind it.
// Any failure (socket error, protocol oddity, deadline) destroys the socket; the next call dials
// again. A server that closes an idle socket is noticed on the next write or read, never retried
// silently (a POST must not be sent twice).
import net from 'node:net';
import tls from 'node:tls';
import { clampTimerDelay } from '../util/timer-delay';
import { ParseFailure, ResponseParser } from './response-parser';

export interface LeanTarget {
  secure: boolean;
  host: string;
  port: number;
  /** Host header value (as in the URL, IPv6 bracketed, port when not the default). */
  hostHeader: string;
  ca?: string | undefined;
}

export interface LeanReply {
  status: number;
  text: string;
  headers: Record<string, string>;
}

/** A thrown error carries a `code` (errors.ts maps it); ERR_BODY_TOO_LARGE and ERR_DEADLINE are ours. */
export type LeanExchange = (method: string, path: string, headers: Record<string, string>, body: Buffer | undefined, timeoutMs: number, maxBytes: number) => Promise<LeanReply>;

export function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** Header names and values that would split the request are refused before anything is written. */
const SAFE_VALUE = /^[^\r\n\0]*$/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function serialise(target: LeanTarget, method: string, path: string, headers: Record<string, string>, body: Buffer | undefined): Buffer {
  if (!SAFE_VALUE.test(path) || /\s/.test(path)) throw codedError('ERR_INVALID_CHAR', 'invalid character in the request path');
  let head = `${method} ${path} HTTP/1.1\r\nhost: ${target.hostHeader}\r\nconnection: keep-alive\r\n`;
  for (const name of Object.keys(headers)) {
    const value = headers[name]!;
    if (!TOKEN.test(name) || !SAFE_VALUE.test(value)) throw codedError('ERR_INVALID_CHAR', `invalid character in header "${name.replace(/[^\x20-\x7e]/g, '?')}"`);
    head += `${name}: ${value}\r\n`;
  }
  if (body === undefined && (method === 'POST' || method === 'PUT' || method === 'PATCH')) head += 'content-length: 0\r\n';
  head += '\r\n';
  const headBytes = Buffer.from(head, 'latin1');
  return body ? Buffer.concat([headBytes, body]) : headBytes;
}

/** The request in flight on a connection: its parser, its deadline and its promise. */
interface InFlight {
  parser: ResponseParser;
  timeoutMs: number;
  resolve(reply: LeanReply): void;
  reject(error: Error): void;
}

/** One socket and what it is doing: `current` is null while it is parked (or being dropped). */
interface Connection {
  socket: net.Socket;
  current: InFlight | null;
  /**
   * The deadline of whichever request is in flight: one timer per socket, re-armed with
   * refresh() when a request starts and unref'd (left to fire into nothing) when it ends. A new
   * timer per request made Node build and drop a timer list every tick.
   */
  deadline: Deadline | null;
}

interface Deadline {
  timer: ReturnType<typeof setTimeout>;
  ms: number;
}

const NO_BYTES = Buffer.alloc(0);

/** The exchange function for one origin; `idleMs` closes an unused socket (before the server does). */
export function createLeanExchange(target: LeanTarget, idleMs: number): LeanExchange {
  let idle: Connection | null = null;

  /** Ends the request in flight (if any); the socket is parked for reuse or destroyed. */
  const settle = (conn: Connection, reuse: boolean): InFlight | null => {
    const flight = conn.current;
    if (!flight) return null;
    conn.current = null;
    // Not cleared: the next request re-arms it; meanwhile it must not hold the process open.
    conn.deadline?.timer.unref();
    if (reuse) park(conn);
    else conn.socket.destroy();
    return flight;
  };
  const fail = (conn: Connection, error: Error) => settle(conn, false)?.reject(error);
  const deliver = (conn: Connection, response: { status: number; headers: Record<string, string>; body: Buffer; keepAlive: boolean }, rest: Buffer) => {
    // Bytes after a complete reply are a protocol oddity: the reply stands, the socket goes.
    const reply = { status: response.status, headers: response.headers, text: response.body.toString('utf8') };
    settle(conn, response.keepAlive && rest.length === 0)?.resolve(reply);
  };
  const onParseFailure = (conn: Connection, error: unknown) => {
    if (!(error instanceof ParseFailure)) return fail(conn, error instanceof Error ? error : new Error(String(error)));
    const ok = error.head !== undefined && error.head.status >= 200 && error.head.status < 300;
    // An error status keeps its status when its body is too large (as node:http's path does).
    if (error.oversized && error.head && !ok) {
      settle(conn, false)?.resolve({ status: error.head.status, text: '', headers: error.head.headers });
      return;
    }
    fail(conn, codedError(error.oversized ? 'ERR_BODY_TOO_LARGE' : 'ERR_BAD_RESPONSE', error.message));
  };

  // The listeners live as long as the socket and serve whichever request is in flight: a tick adds
  // and removes none. The socket never holds the process open (unref): a request in flight does,
  // through its deadline timer.
  const dial = (): Connection => {
    const socket = target.secure
      ? tls.connect({ host: target.host, port: target.port, servername: net.isIP(target.host) ? undefined : target.host, ...(target.ca ? { ca: target.ca } : {}) })
      : net.connect({ host: target.host, port: target.port });
    const conn: Connection = { socket, current: null, deadline: null };
    socket.setNoDelay(true);
    socket.unref();
    // Idle for idleMs while parked: dropped (the next call dials again). The timeout is set once
    // and every read and write re-arms it; while a request is out it is ignored (the request has its
    // own deadline). Setting and clearing it per request made Node build and drop a timer list
    // every tick.
    socket.setTimeout(clampTimerDelay(idleMs));
    socket.on('timeout', () => {
      if (!conn.current) socket.destroy();
    });
    socket.on('data', (chunk: Buffer) => {
      // Bytes from the server while no request is out are a protocol oddity: the socket goes.
      if (!conn.current) return void socket.destroy();
      try {
        const done = conn.current.parser.push(chunk);
        if (done) deliver(conn, done.response, done.rest);
      } catch (error) {
        onParseFailure(conn, error);
      }
    });
    socket.on('end', () => {
      if (!conn.current) return;
      try {
        deliver(conn, { ...conn.current.parser.end(), keepAlive: false }, NO_BYTES);
      } catch (error) {
        if (error instanceof ParseFailure && error.message === 'connection closed without a response') {
          fail(conn, codedError('ECONNRESET', 'socket hang up'));
        } else onParseFailure(conn, error);
      }
    });
    socket.on('error', (error: Error) => {
      if (conn.current) fail(conn, error);
      else socket.destroy();
    });
    socket.on('close', () => {
      fail(conn, codedError('ECONNRESET', 'socket closed'));
      if (conn.deadline) clearTimeout(conn.deadline.timer);
      conn.deadline = null;
    });
    return conn;
  };

  /** Starts the deadline of the request now in flight; it only ever fails that request. */
  const armDeadline = (conn: Connection, timeoutMs: number) => {
    const ms = clampTimerDelay(timeoutMs);
    if (conn.deadline?.ms === ms) {
      conn.deadline.timer.ref();
      conn.deadline.timer.refresh();
      return;
    }
    if (conn.deadline) clearTimeout(conn.deadline.timer);
    // Fires `ms` after the latest refresh, i.e. after the start of the request in flight (if any).
    const timer = setTimeout(() => {
      const flight = conn.current;
      if (flight) fail(conn, codedError('ERR_DEADLINE', `no complete answer within ${flight.timeoutMs} ms`));
    }, ms);
    conn.deadline = { timer, ms };
  };

  const park = (conn: Connection) => {
    if (idle && idle !== conn) idle.socket.destroy();
    idle = conn;
  };

  return (method, path, headers, body, timeoutMs, maxBytes) =>
    new Promise<LeanReply>((resolve, reject) => {
      const request = serialise(target, method, path, headers, body);
      // A parked socket the server has half-closed is not reused (its FIN arrived while idle).
      const parked = idle;
      const conn = parked && !parked.socket.destroyed && parked.socket.writable && !parked.socket.readableEnded ? parked : dial();
      if (parked && conn !== parked) parked.socket.destroy();
      idle = null;
      conn.current = { parser: new ResponseParser(maxBytes, method !== 'HEAD'), timeoutMs, resolve, reject };
      armDeadline(conn, timeoutMs);
      conn.socket.write(request);
    });
}
