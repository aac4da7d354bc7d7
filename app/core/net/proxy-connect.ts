// The connection side of a forward proxy (the choice is app/core/net/proxy.ts). Two shapes:
//   * an http target: a plain request with an absolute-URI path, sent over a TCP connection to the
//     proxy (RFC 9112 §3.2.2); the proxy's credentials ride in Proxy-Authorization;
//   * an https target: `CONNECT host:port` to the proxy, then TLS to the TARGET through the tunnel
//     with the normal certificate checks (servername and identity = the target's host name). The
//     proxy sees only the host and port; every request header, the hub's Authorization included,
//     is inside the TLS session.
// Everything the proxy does is bounded: one deadline covers TCP connect, the CONNECT answer and the
// TLS handshake; the CONNECT answer may be at most MAX_CONNECT_REPLY_BYTES; only its status code is
// read (the reason phrase and body are the proxy's words and never reach a message).
import type { ClientRequestArgs } from 'node:http';
import net, { isIP, type Socket } from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';
import { checkAddress, createGuardedLookup, OutboundRefusedError, type OutboundPolicy } from './outbound-url';
import { ProxyError, type ProxyEndpoint } from './proxy';
import { clampTimerDelay } from '../util/timer-delay';

/** A CONNECT answer longer than this is not an answer: a real one is a status line and a few headers. */
export const MAX_CONNECT_REPLY_BYTES = 8 * 1024;

export interface ProxyConnectOptions {
  /** TCP connect + CONNECT answer + TLS handshake must all finish within this many ms. */
  timeoutMs: number;
  /** Checked against the PROXY's own address (literal, or every address its name resolves to). */
  policy: OutboundPolicy;
  /** The certificate authority trusted for the target INSTEAD of the system ones (tests); absent = the system ones. */
  ca?: string | Buffer | undefined;
  signal?: AbortSignal | undefined;
}

/** What to merge into http.request's options so that `target` goes through `proxy`. */
export interface ProxiedRequest {
  hostname: string;
  port: number;
  path: string;
  headers: Record<string, string>;
  createConnection: NonNullable<ClientRequestArgs['createConnection']>;
  /** Spread LAST: an agent (even `agent: false`) would make node:http ignore createConnection. */
  agent: undefined;
}

export function proxiedRequestOptions(target: URL, proxy: ProxyEndpoint, opts: ProxyConnectOptions): ProxiedRequest {
  const hostname = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = targetPort(target);
  const viaTunnel = target.protocol === 'https:';
  const open = viaTunnel ? () => openTunnel(target, proxy, opts) : () => connectToProxy(proxy, opts);
  return {
    hostname,
    port,
    // an http request through a proxy names the whole URL; the fragment never goes on the wire
    path: viaTunnel ? `${target.pathname}${target.search}` : `${target.origin}${target.pathname}${target.search}`,
    headers: !viaTunnel && proxy.authorization ? { 'proxy-authorization': proxy.authorization } : {},
    agent: undefined,
    createConnection: (_options, oncreate) => {
      open().then(
        (socket) => oncreate(null, socket),
        (error: unknown) => oncreate(error as Error, undefined as unknown as Duplex),
      );
      return undefined;
    },
  };
}

/** A plain TCP connection to the proxy (for http targets), bounded by the deadline. */
export function connectToProxy(proxy: ProxyEndpoint, opts: ProxyConnectOptions): Promise<Socket> {
  return withDeadline(proxy, opts, (track) => connectTcp(proxy, opts, track));
}

/** CONNECT through the proxy, then TLS to the target; resolves with the secured socket. */
export function openTunnel(target: URL, proxy: ProxyEndpoint, opts: ProxyConnectOptions): Promise<TLSSocket> {
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const authority = `${isIP(host) === 6 ? `[${host}]` : host}:${targetPort(target)}`;
  return withDeadline(proxy, opts, async (track) => {
    const socket = await connectTcp(proxy, opts, track);
    const auth = proxy.authorization ? `Proxy-Authorization: ${proxy.authorization}\r\n` : '';
    socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth}\r\n`);
    await readConnectReply(socket, proxy);
    const secure = track(tls.connect({ socket, host, ...(isIP(host) ? {} : { servername: host }), ...(opts.ca ? { ca: opts.ca } : {}), ALPNProtocols: ['http/1.1'] }));
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', () => resolve());
      secure.once('error', reject); // a certificate the target cannot prove is an error, as direct
    });
    return secure;
  });
}

type Track = <T extends Socket>(socket: T) => T;

/**
 * Runs `steps` under one deadline and the abort signal: when either fires, every socket the steps
 * opened is destroyed and the promise rejects with a ProxyError('timeout') or the abort reason.
 */
function withDeadline<T extends Socket>(proxy: ProxyEndpoint, opts: ProxyConnectOptions, steps: (track: Track) => Promise<T>): Promise<T> {
  const sockets = new Set<Socket>();
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (error: unknown, value?: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (error === undefined) return resolve(value!);
      for (const socket of sockets) socket.destroy();
      reject(error);
    };
    const timer = setTimeout(() => finish(new ProxyError('timeout', `the proxy ${proxy.display} did not open the connection within ${opts.timeoutMs} ms`)), clampTimerDelay(opts.timeoutMs));
    const onAbort = () => finish(opts.signal?.reason ?? new Error('aborted'));
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const track: Track = (socket) => {
      sockets.add(socket);
      if (settled) socket.destroy();
      return socket;
    };
    steps(track).then(
      (value) => finish(undefined, value),
      (error: unknown) => finish(error),
    );
  });
}

function connectTcp(proxy: ProxyEndpoint, opts: ProxyConnectOptions, track: Track): Promise<Socket> {
  if (isIP(proxy.hostname)) {
    try {
      checkAddress(proxy.hostname, opts.policy);
    } catch (error) {
      return Promise.reject(refusedProxy(proxy, error));
    }
  }
  return new Promise((resolve, reject) => {
    const socket = track(net.connect({ host: proxy.hostname, port: proxy.port, lookup: createGuardedLookup(opts.policy) }));
    socket.once('connect', () => {
      socket.removeListener('error', onError);
      socket.removeListener('close', onClose);
      resolve(socket);
    });
    const onClose = () => reject(new ProxyError('connect', `the connection to the proxy ${proxy.display} closed`));
    socket.once('close', onClose);
    const onError = (error: NodeJS.ErrnoException) => {
      if (error instanceof OutboundRefusedError) return reject(refusedProxy(proxy, error));
      reject(new ProxyError('connect', `cannot reach the proxy ${proxy.display}: ${error.code ?? error.message}`));
    };
    socket.once('error', onError);
  });
}

function refusedProxy(proxy: ProxyEndpoint, error: unknown): ProxyError {
  return new ProxyError('config', `the proxy ${proxy.display} is not an allowed destination: ${(error as Error).message}`);
}

/**
 * Reads the CONNECT answer's head; rejects unless it is a 2xx. Bytes after the head are a protocol
 * error: in TLS the client speaks first, so a proxy that talks before the handshake is not a tunnel.
 */
function readConnectReply(socket: Socket, proxy: ProxyEndpoint): Promise<void> {
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const done = (error: ProxyError | null) => {
      socket.removeListener('data', onData);
      socket.removeListener('error', onError);
      socket.removeListener('end', onEnd);
      socket.removeListener('close', onEnd);
      if (error) return reject(error);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) {
        if (head.length > MAX_CONNECT_REPLY_BYTES) done(new ProxyError('protocol', `the proxy ${proxy.display} sent an over-long answer to CONNECT`));
        return;
      }
      if (end > MAX_CONNECT_REPLY_BYTES) return done(new ProxyError('protocol', `the proxy ${proxy.display} sent an over-long answer to CONNECT`));
      socket.pause();
      const status = /^HTTP\/1\.[01] (\d{3})(?: |\r|$)/.exec(head.subarray(0, Math.min(end, 64)).toString('latin1'));
      if (!status) return done(new ProxyError('protocol', `the proxy ${proxy.display} did not answer CONNECT in HTTP`));
      const code = Number(status[1]);
      if (code === 407) return done(new ProxyError('refused', `the proxy ${proxy.display} asks for credentials (HTTP 407)`));
      if (code < 200 || code > 299) return done(new ProxyError('refused', `the proxy ${proxy.display} refused the tunnel (HTTP ${code})`));
      if (head.length > end + 4) return done(new ProxyError('protocol', `the proxy ${proxy.display} sent data before the TLS handshake`));
      done(null);
    };
    const onError = (error: NodeJS.ErrnoException) => done(new ProxyError('connect', `the connection to the proxy ${proxy.display} failed: ${error.code ?? error.message}`));
    const onEnd = () => done(new ProxyError('protocol', `the proxy ${proxy.display} closed the connection without answering CONNECT`));
    socket.on('data', onData);
    socket.once('error', onError);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
  });
}

function targetPort(target: URL): number {
  if (target.port !== '') return Number(target.port);
  return target.protocol === 'https:' ? 443 : 80;
}
