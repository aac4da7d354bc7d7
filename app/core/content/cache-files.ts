// On-disk layout of the media cache, in `<dataDir>/content-cache/`:
//   <key>.media  the verified bytes (mtime = when it last played, for least-recently-played eviction)
//   <key>.json   what they are: url, sha256, size (written after the media file, so a crash in
//                between leaves a media file without metadata, which the start-up check discards)
//   <key>.part   an unfinished download, continued with an HTTP Range request
// The key is a hash of the URL and the expected sha256, so a changed hash is a different file.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from '../zod-mini';

export interface MediaRequest {
  url: string;
  sha256?: string | undefined;
  size?: number | undefined;
}

export interface CachedMedia {
  key: string;
  url: string;
  path: string;
  size: number;
  sha256: string;
  /** Epoch ms it last played (or was downloaded). */
  lastUsedAt: number;
}

const metaSchema = z.object({
  url: z.string().check(z.maxLength(4096)),
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  size: z.number().check(z.int(), z.gte(0)),
});

export function mediaKey(request: MediaRequest): string {
  return createHash('sha256').update(`${request.url}\n${request.sha256 ?? ''}`).digest('hex').slice(0, 40);
}

export const mediaPath = (dir: string, key: string) => join(dir, `${key}.media`);
export const partPath = (dir: string, key: string) => join(dir, `${key}.part`);
const metaPath = (dir: string, key: string) => join(dir, `${key}.json`);

/** sha256 of a whole file, streamed in 1 MiB reads. */
export async function hashFileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Moves a finished, verified .part into place and records its metadata. */
export async function commitMedia(dir: string, key: string, meta: { url: string; sha256: string; size: number }, now: number): Promise<CachedMedia> {
  const path = mediaPath(dir, key);
  await rename(partPath(dir, key), path);
  const tmp = `${metaPath(dir, key)}.tmp`;
  await writeFile(tmp, JSON.stringify(meta), { mode: 0o600 });
  await rename(tmp, metaPath(dir, key));
  await touchMedia(path, now);
  return { key, path, ...meta, lastUsedAt: now };
}

export async function touchMedia(path: string, now: number): Promise<void> {
  const when = new Date(now);
  await utimes(path, when, when).catch(() => undefined);
}

export async function removeMedia(dir: string, key: string): Promise<void> {
  await rm(metaPath(dir, key), { force: true });
  await rm(mediaPath(dir, key), { force: true });
}

export interface ScanResult {
  files: CachedMedia[];
  /** Keys discarded because their bytes no longer match what was recorded (or metadata is missing). */
  discarded: string[];
}

/**
 * The start-up check: every media file is re-hashed against its metadata; a truncated, corrupt or
 * orphaned file is deleted (it will be downloaded again), never shown. Unfinished .part files stay
 * for a resume; anything else that does not belong here is removed.
 */
export async function scanCache(dir: string): Promise<ScanResult> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const files: CachedMedia[] = [];
  const discarded: string[] = [];
  const keys = new Set(names.filter((n) => /^[0-9a-f]{40}\.media$/.test(n)).map((n) => n.slice(0, 40)));
  for (const key of keys) {
    const checked = await checkOne(dir, key);
    if (checked) files.push(checked);
    else {
      discarded.push(key);
      await removeMedia(dir, key);
    }
  }
  for (const name of names) {
    const key = name.slice(0, 40);
    const known = keys.has(key) && (name.endsWith('.media') || name.endsWith('.json'));
    if (!known && !/^[0-9a-f]{40}\.part$/.test(name)) await rm(join(dir, name), { force: true, recursive: true });
  }
  return { files, discarded };
}

async function checkOne(dir: string, key: string): Promise<CachedMedia | null> {
  try {
    const meta = metaSchema.parse(JSON.parse(await readFile(metaPath(dir, key), 'utf8')));
    const path = mediaPath(dir, key);
    const info = await stat(path);
    if (info.size !== meta.size) return null;
    if ((await hashFileSha256(path)) !== meta.sha256) return null;
    return { key, path, ...meta, lastUsedAt: info.mtimeMs };
  } catch {
    return null;
  }
}
