// A small, hostile-on-request file server for the firmware tests: Range support, a one-shot cut
// after N bytes, a slow drip, an endless body, redirects; every request and every byte served is
// logged so tests can assert what crossed the wire (e.g. that no Authorization header arrived).
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface Route {
  data?: Buffer;
  status?: number;
  /** Cut the connection after this many body bytes, once (the next request is served whole). */
  cutAfterBytes?: number;
  /** Send one byte every 1000/dripBytesPerSec ms (stops when the client goes away). */
  dripBytesPerSec?: number;
  /** Stream bytes forever (bounded at 256 MiB so the server always stops by itself). */
  endless?: boolean;
  /** Send no Content-Length (chunked) even for a known body. */
  chunked?: boolean;
  redirectTo?: string;
  ignoreRange?: boolean;
}

export interface LoggedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
}

export interface FileServer {
  origin: string;
  url(path: string): string;
  route(path: string, route: Route): void;
  requests: LoggedRequest[];
  bytesServed(path: string): number;
  close(): Promise<void>;
}

const ENDLESS_LIMIT = 256 * 1024 * 1024;

/** `tls`: serve https with this key and certificate (the proxy tests' own CA). */
export async function startFileServer(host = '127.0.0.2', tls?: { key: string; cert: string }): Promise<FileServer> {
  const routes = new Map<string, Route>();
  const served = new Map<string, number>();
  const requests: LoggedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const count = (path: string, n: number) => served.set(path, (served.get(path) ?? 0) + n);

  const handler: http.RequestListener = (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ path, headers: req.headers });
    const route = routes.get(path);
    if (!route) return void res.writeHead(404).end();
    if (route.redirectTo) return void res.writeHead(302, { location: route.redirectTo }).end();
    if (route.status && route.status !== 200) return void res.writeHead(route.status).end();
    if (route.endless) return serveEndless(res, path, count);
    if (route.dripBytesPerSec) return serveDrip(res, route, path, count, timers);
    serveData(req, res, route, path, count);
  };
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const origin = `${tls ? 'https' : 'http'}://${host}:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    route: (path, route) => void routes.set(path, route),
    requests,
    bytesServed: (path) => served.get(path) ?? 0,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function serveData(req: IncomingMessage, res: ServerResponse, route: Route, path: string, count: (p: string, n: number) => void): void {
  const data = route.data ?? Buffer.alloc(0);
  let start = 0;
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes' };
  if (range && !route.ignoreRange) {
    start = Number(range[1]);
    if (start >= data.length) return void res.writeHead(416, { 'content-range': `bytes */${data.length}` }).end();
    headers['content-range'] = `bytes ${start}-${data.length - 1}/${data.length}`;
  }
  const body = data.subarray(start);
  if (!route.chunked) headers['content-length'] = body.length;
  res.writeHead(start > 0 ? 206 : 200, headers);
  if (route.cutAfterBytes !== undefined) {
    const part = body.subarray(0, route.cutAfterBytes);
    delete route.cutAfterBytes; // one-shot
    count(path, part.length);
    res.write(part, () => res.socket?.end()); // FIN, not RST: the client gets every byte sent
    return;
  }
  count(path, body.length);
  res.end(body);
}

function serveEndless(res: ServerResponse, path: string, count: (p: string, n: number) => void): void {
  res.writeHead(200, { 'content-type': 'application/octet-stream' });
  const chunk = Buffer.alloc(64 * 1024, 0x41);
  let sent = 0;
  const pump = () => {
    while (sent < ENDLESS_LIMIT && !res.destroyed) {
      sent += chunk.length;
      count(path, chunk.length);
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end();
  };
  res.on('close', () => (sent = ENDLESS_LIMIT));
  pump();
}

function serveDrip(res: ServerResponse, route: Route, path: string, count: (p: string, n: number) => void, timers: Set<NodeJS.Timeout>): void {
  const data = route.data ?? Buffer.alloc(1024, 0x42);
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': data.length });
  const interval = 1000 / route.dripBytesPerSec!;
  let i = 0;
  const step = () => {
    if (res.destroyed || i >= data.length) return void res.end();
    count(path, 1);
    res.write(data.subarray(i, ++i));
    const t = setTimeout(() => (timers.delete(t), step()), interval);
    timers.add(t);
  };
  step();
}
