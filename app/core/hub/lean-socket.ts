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

/** The exchange function for one origin; `idleMs` closes an unused socket (before the server does). */
export function createLeanExchange(target: LeanTarget, idleMs: number): LeanExchange {
  let idle: net.Socket | null = null;

  const dial = (): net.Socket => {
    const socket = target.secure
      ? tls.connect({ host: target.host, port: target.port, servername: net.isIP(target.host) ? undefined : target.host, ...(target.ca ? { ca: target.ca } : {}) })
      : net.connect({ host: target.host, port: target.port });
    socket.setNoDelay(true);
    // While parked: an idle timeout or an error just drops it (the next call dials again).
    socket.on('timeout', () => socket.destroy());
    socket.on('error', () => socket.destroy());
    return socket;
  };
  // Bytes from the server while no request is out are a protocol oddity: the socket goes.
  const onStray = function (this: net.Socket) {
    this.destroy();
  };

  const park = (socket: net.Socket) => {
    if (idle && idle !== socket) idle.destroy();
    idle = socket;
    socket.on('data', onStray);
    socket.unref();
    socket.setTimeout(clampTimerDelay(idleMs));
  };

  return (method, path, headers, body, timeoutMs, maxBytes) =>
    new Promise<LeanReply>((resolve, reject) => {
      const request = serialise(target, method, path, headers, body);
      // A parked socket the server has half-closed is not reused (its FIN arrived while idle).
      const socket = idle && !idle.destroyed && idle.writable && !idle.readableEnded ? idle : dial();
      if (idle && socket !== idle) idle.destroy();
      idle = null;
      socket.off('data', onStray);
      socket.ref();
      socket.setTimeout(0);
      const parser = new ResponseParser(maxBytes, method !== 'HEAD');
      let settled = false;
      const cleanup = () => {
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('end', onEnd);
        socket.off('error', onError);
        socket.off('close', onClose);
      };
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        cleanup();
        socket.destroy();
        reject(error);
      };
      const succeed = (reply: LeanReply, reuse: boolean) => {
        if (settled) return;
        settled = true;
        cleanup();
        if (reuse) park(socket);
        else socket.destroy();
        resolve(reply);
      };
      const deliver = (response: { status: number; headers: Record<string, string>; body: Buffer; keepAlive: boolean }, rest: Buffer) => {
        // Bytes after a complete reply are a protocol oddity: the reply stands, the socket goes.
        succeed({ status: response.status, headers: response.headers, text: response.body.toString('utf8') }, response.keepAlive && rest.length === 0);
      };
      const onParseFailure = (error: unknown) => {
        if (!(error instanceof ParseFailure)) return fail(error instanceof Error ? error : new Error(String(error)));
        const ok = error.head !== undefined && error.head.status >= 200 && error.head.status < 300;
        // An error status keeps its status when its body is too large (as node:http's path does).
        if (error.oversized && error.head && !ok) {
          settled = true;
          cleanup();
          socket.destroy();
          resolve({ status: error.head.status, text: '', headers: error.head.headers });
          return;
        }
        fail(codedError(error.oversized ? 'ERR_BODY_TOO_LARGE' : 'ERR_BAD_RESPONSE', error.message));
      };
      const onData = (chunk: Buffer) => {
        try {
          const done = parser.push(chunk);
          if (done) deliver(done.response, done.rest);
        } catch (error) {
          onParseFailure(error);
        }
      };
      const onEnd = () => {
        try {
          deliver({ ...parser.end(), keepAlive: false }, Buffer.alloc(0));
        } catch (error) {
          if (error instanceof ParseFailure && error.message === 'connection closed without a response') {
            fail(codedError('ECONNRESET', 'socket hang up'));
          } else onParseFailure(error);
        }
      };
      const onError = (error: Error) => fail(error);
      const onClose = () => fail(codedError('ECONNRESET', 'socket closed'));
      const timer = setTimeout(() => fail(codedError('ERR_DEADLINE', `no complete answer within ${timeoutMs} ms`)), clampTimerDelay(timeoutMs));
      socket.on('data', onData);
      socket.on('end', onEnd);
      socket.on('error', onError);
      socket.on('close', onClose);
      socket.write(request);
    });
}
