// EXPERIMENT ONLY (XK_BENCH_EXPERIMENTS=node-http): stands in for `axios` in the agent bench bundle
// to measure what replacing axios by node:http/https in app/core/hub/http.ts would save. It covers
// just what http.ts uses: create({baseURL, timeout, headers, proxy:false…}).request({method, url,
// data, headers, signal}) → {status, headers, data: stream}, and the AxiosError class. Not a
// general axios replacement.
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';

export class AxiosError extends Error {
  code?: string;
}

interface Defaults {
  baseURL: string;
  timeout?: number;
  headers?: Record<string, string>;
}

interface RequestConfig {
  method: string;
  url: string;
  data?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

interface Reply {
  status: number;
  headers: Record<string, unknown>;
  data: Readable;
}

function encodeBody(data: unknown): { body?: Buffer; type?: string } {
  if (data === undefined) return {};
  if (Buffer.isBuffer(data)) return { body: data };
  if (typeof data === 'string') return { body: Buffer.from(data), type: 'text/plain' };
  return { body: Buffer.from(JSON.stringify(data)), type: 'application/json' };
}

function create(defaults: Defaults) {
  return {
    request(config: RequestConfig): Promise<Reply> {
      return new Promise((resolve, reject) => {
        const url = new URL(defaults.baseURL + config.url);
        const { body, type } = encodeBody(config.data);
        const headers: Record<string, string | number> = { ...defaults.headers, ...(type ? { 'Content-Type': type } : {}), ...config.headers };
        if (body) headers['Content-Length'] = body.length;
        const transport = url.protocol === 'https:' ? https : http;
        const request = transport.request(url, { method: config.method.toUpperCase(), headers, signal: config.signal, timeout: defaults.timeout }, (response) =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, data: response }),
        );
        request.on('timeout', () => request.destroy(Object.assign(new AxiosError('timeout exceeded'), { code: 'ECONNABORTED' })));
        request.on('error', reject);
        request.end(body);
      });
    },
  };
}

export default { create };
