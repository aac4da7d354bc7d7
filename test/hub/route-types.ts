// The shape of one simulated endpoint. Route modules export arrays of these; server.ts matches,
// authenticates, applies faults and rate limits, then calls `handle`.
import type { IncomingMessage } from 'node:http';
import type { Reply } from './http-util';
import type { DeviceRecord, HubState } from './state';
import type { RouteName } from './types';

export interface BaseCtx {
  state: HubState;
  params: Record<string, string>;
  /** Parsed JSON for 'json' routes (undefined when the body was empty). */
  body: unknown;
  raw: Buffer;
  req: IncomingMessage;
}

export interface DeviceCtx extends BaseCtx {
  /** The authenticated device whose id is in the path. */
  device: DeviceRecord;
}

interface RouteCommon {
  name: RouteName;
  listener: 'entry' | 'hub';
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path template, e.g. '/v1/devices/:id/telemetry'. */
  path: string;
  body: 'json' | 'raw' | 'none';
  /** Body size cap in bytes (413 beyond it); default 1 MiB. */
  limit?: number;
  /** When one path serves two documented endpoints, pick the name from the body. */
  nameFor?: (body: unknown) => RouteName;
}

export type RouteDef =
  | (RouteCommon & { auth: 'none'; handle(ctx: BaseCtx): Reply })
  | (RouteCommon & { auth: 'device'; handle(ctx: DeviceCtx): Reply });

export interface CompiledRoute {
  def: RouteDef;
  re: RegExp;
  keys: string[];
}

export function compileRoute(def: RouteDef): CompiledRoute {
  const keys: string[] = [];
  const pattern = def.path
    .split('/')
    .map((seg) => {
      if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      keys.push(seg.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { def, re: new RegExp(`^${pattern}$`), keys };
}

export function matchRoute(
  routes: CompiledRoute[], listener: 'entry' | 'hub', method: string, path: string,
): { def: RouteDef; params: Record<string, string> } | undefined {
  for (const r of routes) {
    if (r.def.listener !== listener || r.def.method !== method) continue;
    const m = r.re.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    r.keys.forEach((k, i) => {
      params[k] = safeDecode(m[i + 1] ?? '');
    });
    return { def: r.def, params };
  }
  return undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function ok(body: unknown, status = 200): Reply {
  return { status, body };
}
