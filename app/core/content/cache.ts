// The media cache: image and video items are downloaded here before they are ever shown, verified,
// kept within the configured budget by evicting least-recently-played files nobody needs soon, and
// checked again at every start. Downloads go through the project's one downloader (shared with the
// firmware pipeline: streamed to disk, Range resume, size cap, idle timeout) and never carry the
// hub's Authorization header. Concurrent requests for one file share one download.
import { createHash } from 'node:crypto';
import { mkdir, rm, statfs } from 'node:fs/promises';
import type { Clock } from '../deps';
import { downloadFile, fileSize } from '../firmware/download';
import { checkOutboundUrl, type OutboundPolicy } from '../net/outbound-url';
import type { IntegritySink } from '../firmware/integrity';
import { ContentCacheError, isResumableCacheError, toCacheError } from './cache-errors';
import { commitMedia, mediaKey, partPath, removeMedia, scanCache, touchMedia, type CachedMedia, type MediaRequest } from './cache-files';

export { ContentCacheError } from './cache-errors';
export type { CachedMedia, MediaRequest } from './cache-files';

/** Room left on the disk for everything else on the machine (logs, state, the OS). */
const DISK_RESERVE_BYTES = 64 * 1024 * 1024;
const MAX_FILE_BYTES = 8 * 1024 ** 3;

export interface MediaCacheOptions {
  dir: string;
  clock: Clock;
  budgetBytes: number;
  /** The one outbound-URL policy (app/core/net/outbound-url.ts): checked before the request and
   * again for every resolved address and redirect hop by the shared downloader. */
  outbound: () => OutboundPolicy;
  idleTimeoutMs?: number;
  /** Free bytes on the cache's disk (default: statfs). */
  freeBytes?: (dir: string) => Promise<number>;
  onDiscarded?: (keys: string[]) => void;
}

export interface CacheUsage {
  files: number;
  bytes: number;
  budgetBytes: number;
}

export interface MediaCache {
  /** Creates the directory and runs the start-up check; call once before anything else. */
  open(): Promise<void>;
  /** The verified file for a request, downloading it first when needed. Throws ContentCacheError. */
  ensure(request: MediaRequest): Promise<CachedMedia>;
  /**
   * Downloads a cached file whose bytes no sha256 pins again (`reload_content`: the file at that
   * URL may have changed) and swaps it in atomically; on any failure the cached file stays as it
   * was. A pinned or not-yet-cached request is just `ensure`d. Throws ContentCacheError.
   */
  refresh(request: MediaRequest): Promise<CachedMedia>;
  /** The verified file when it is already cached, without any network. */
  lookup(request: MediaRequest): CachedMedia | null;
  byKey(key: string): CachedMedia | null;
  markPlayed(key: string): void;
  /** Files that must not be evicted (they play now or soon). */
  setWanted(requests: readonly MediaRequest[]): void;
  setBudget(bytes: number): Promise<void>;
  usage(): CacheUsage;
  /** Cancels running downloads (their .part files stay for a resume). */
  close(): void;
}

export function createMediaCache(options: MediaCacheOptions): MediaCache {
  const { dir, clock } = options;
  const files = new Map<string, CachedMedia>();
  const inflight = new Map<string, Promise<CachedMedia>>();
  let wanted = new Set<string>();
  let budget = options.budgetBytes;
  // one signal for every download: a shared download must not die because one waiter gave up
  const closed = new AbortController();
  const freeBytes = options.freeBytes ?? defaultFreeBytes;
  const usedBytes = () => [...files.values()].reduce((sum, f) => sum + f.size, 0);

  /** Evicts least-recently-used, unwanted files until `extra` more bytes fit; false if they cannot. */
  async function makeRoom(extra: number, keep: string): Promise<boolean> {
    const victims = [...files.values()].filter((f) => !wanted.has(f.key) && f.key !== keep).sort((a, b) => a.lastUsedAt - b.lastUsedAt);
    while (usedBytes() + extra > budget) {
      const victim = victims.shift();
      if (!victim) return false;
      files.delete(victim.key);
      await removeMedia(dir, victim.key);
    }
    return true;
  }

  /** `fresh`: start from byte 0 and keep no .part on failure (a re-fetch must not resume into
   * bytes of another version of the file). */
  async function download(key: string, request: MediaRequest, signal: AbortSignal, fresh = false): Promise<CachedMedia> {
    const outbound = options.outbound(); // read per download: it follows the current hub
    try {
      checkOutboundUrl(request.url, outbound);
    } catch (error) {
      throw new ContentCacheError('refused-url', `the media URL is not allowed: ${(error as Error).message}`);
    }
    const part = partPath(dir, key);
    if (request.size !== undefined && !(await makeRoom(request.size, key))) {
      throw new ContentCacheError('over-budget', `the file (${request.size} bytes) does not fit the cache budget of ${budget} bytes`);
    }
    const stillNeeded = (request.size ?? 0) - (await fileSize(part));
    if ((await freeBytes(dir)) - Math.max(0, stillNeeded) < DISK_RESERVE_BYTES) {
      throw new ContentCacheError('disk-full', 'not enough free disk space for this file');
    }
    let hash = createHash('sha256');
    const createSink = (): IntegritySink => {
      hash = createHash('sha256');
      return { update: (chunk) => void hash.update(chunk), check: () => undefined };
    };
    try {
      const result = await downloadFile({
        url: request.url,
        authOrigin: '', // no origin: the hub's Authorization is never sent to a content host
        authorization: '',
        partPath: part,
        resume: !fresh,
        capBytes: request.size ?? Math.min(budget, MAX_FILE_BYTES),
        declaredSize: request.size ?? null,
        idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
        outbound,
        signal,
        clock,
        createSink,
        onBytes: () => undefined,
      });
      const sha256 = hash.digest('hex');
      if (request.sha256 !== undefined && sha256 !== request.sha256) {
        throw new ContentCacheError('integrity', 'the downloaded file does not match its sha256');
      }
      if (!(await makeRoom(result.bytes, key))) {
        throw new ContentCacheError('over-budget', `the file (${result.bytes} bytes) does not fit the cache budget of ${budget} bytes`);
      }
      const media = await commitMedia(dir, key, { url: request.url, sha256, size: result.bytes }, clock.now());
      files.set(key, media);
      return media;
    } catch (error) {
      const failure = toCacheError(error);
      if (fresh || !isResumableCacheError(failure.code)) await rm(part, { force: true });
      throw failure;
    }
  }

  function ensure(request: MediaRequest): Promise<CachedMedia> {
    const hit = files.get(mediaKey(request));
    return hit ? Promise.resolve(hit) : start(request, false);
  }

  /** One download per key at a time, whoever asks (the .part path is per key). */
  function start(request: MediaRequest, fresh: boolean): Promise<CachedMedia> {
    const key = mediaKey(request);
    const running = inflight.get(key);
    if (running) return running;
    if (closed.signal.aborted) return Promise.reject(new ContentCacheError('aborted', 'the cache is closed'));
    const started = download(key, request, closed.signal, fresh).finally(() => inflight.delete(key));
    inflight.set(key, started);
    return started;
  }

  return {
    async open() {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const scan = await scanCache(dir);
      for (const file of scan.files) files.set(file.key, file);
      if (scan.discarded.length > 0) options.onDiscarded?.(scan.discarded);
      await makeRoom(0, '');
    },
    ensure,
    refresh: (request) => (request.sha256 === undefined && files.has(mediaKey(request)) ? start(request, true) : ensure(request)),
    lookup: (request) => files.get(mediaKey(request)) ?? null,
    byKey: (key) => files.get(key) ?? null,
    markPlayed(key) {
      const file = files.get(key);
      if (!file) return;
      file.lastUsedAt = clock.now();
      void touchMedia(file.path, file.lastUsedAt);
    },
    setWanted(requests) {
      wanted = new Set(requests.map(mediaKey));
    },
    async setBudget(bytes) {
      budget = bytes;
      await makeRoom(0, '');
    },
    usage: () => ({ files: files.size, bytes: usedBytes(), budgetBytes: budget }),
    close: () => closed.abort(),
  };
}

async function defaultFreeBytes(dir: string): Promise<number> {
  const info = await statfs(dir);
  return info.bavail * info.bsize;
}
