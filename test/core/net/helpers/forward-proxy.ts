// A small real forward proxy for the tests, on 127.0.0.1: absolute-URI http requests and CONNECT
// tunnels, with its own "DNS" (a map of names to loopback addresses: resolving is the proxy's job),
// and misbehaviours on request. It logs every request head it receives so tests can assert what a
// proxy sees (never the hub's Authorization; Proxy-Authorization only when configured).
import http, { type IncomingHttpHeaders } from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';

export type ProxyMode =
  | 'forward'
  /** CONNECT answered 403. */
  | 'refuse-connect'
  /** Accepts the connection, reads the request, never answers. */
  | 'hang'
  /** Answers CONNECT with bytes that are not HTTP. */
  | 'junk'
  /** Answers CONNECT with a status line and then headers that never end. */
  | 'endless-head';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export interface ForwardProxy {
  url: string;
  port: number;
  seen: SeenRequest[];
  setMode(mode: ProxyMode): void;
  /** Require this Proxy-Authorization value (407 otherwise). */
  requireAuthorization(value: string | null): void;
  close(): Promise<void>;
}

/** `hosts` maps a host name (as the client wrote it) to the loopback address that serves it. */
export async function startForwardProxy(hosts: Record<string, string>): Promise<ForwardProxy> {
  let mode: ProxyMode = 'forward';
  let auth: string | null = null;
  const seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const resolveHost = (name: string) => hosts[name.replace(/^\[(.*)\]$/, '$1')] ?? null;
  const authorized = (headers: IncomingHttpHeaders) => auth === null || headers['proxy-authorization'] === auth;

  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    if (mode === 'hang') return;
    if (!authorized(req.headers)) return void res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      return void res.writeHead(400).end();
    }
    const address = resolveHost(target.hostname);
    if (!address || target.protocol !== 'http:') return void res.writeHead(502).end();
    const headers = { ...req.headers };
    delete headers['proxy-authorization']; // hop-by-hop: a proxy never passes it on
    const upstream = http.request({ host: address, port: target.port || 80, path: `${target.pathname}${target.search}`, method: req.method, headers }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
      reply.once('error', () => res.destroy());
      reply.once('aborted', () => res.destroy());
    });
    upstream.once('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: Socket) => {
    seen.push({ method: 'CONNECT', url: req.url ?? '', headers: req.headers });
    client.on('error', () => undefined);
    if (mode === 'hang') return;
    if (mode === 'junk') return void client.end('\u0000\u0001garbage that is not http at all\r\n\r\n');
    if (mode === 'endless-head') return void client.write(`HTTP/1.1 200 OK\r\n${'x-filler: y\r\n'.repeat(2000)}`);
    if (mode === 'refuse-connect') return void client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
    if (!authorized(req.headers)) return void client.end('HTTP/1.1 407 Proxy Authentication Required\r\ncontent-length: 0\r\n\r\n');
    const [name = '', port = '443'] = splitAuthority(req.url ?? '');
    const address = resolveHost(name);
    if (!address) return void client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    const upstream = net.connect({ host: address, port: Number(port) }, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    setMode: (next) => void (mode = next),
    requireAuthorization: (value) => void (auth = value),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function splitAuthority(authority: string): [string, string] {
  const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(authority);
  return match ? [match[1]!, match[2]!] : [authority, '443'];
}
