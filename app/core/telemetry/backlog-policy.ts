// Which kept telemetry samples survive (docs/PROTOCOL.md "Store-and-forward telemetry"). Pure: the
// queue and the file both call prune() with the same entries and get the same answer, so what a
// restart keeps is exactly what the running process kept.
import type { TelemetryRequest } from '../hub';

export interface BacklogEntry {
  /** Monotonic per data dir; the acknowledgement watermark compares against it. */
  seq: number;
  /** The sample's own time (ms), from its `timestamp`. */
  at: number;
  body: TelemetryRequest;
  /** Size of the entry as stored (one JSON line). */
  bytes: number;
}

export interface BacklogLimits {
  maxCount: number;
  maxBytes: number;
  maxAgeMs: number;
  /** Samples older than this are thinned to one per `thinBucketMs`. */
  fullResolutionMs: number;
  thinBucketMs: number;
}

export const DEFAULT_BACKLOG_LIMITS: BacklogLimits = {
  maxCount: 5_000,
  maxBytes: 5 * 1024 * 1024,
  maxAgeMs: 24 * 60 * 60_000,
  fullResolutionMs: 60 * 60_000,
  thinBucketMs: 60_000,
};

export interface PruneResult {
  kept: BacklogEntry[];
  dropped: number;
}

/**
 * Oldest first in, oldest first out: drops what is too old, thins what is older than the
 * full-resolution window to the first sample of each bucket, then drops the oldest until the
 * count and byte caps hold. `entries` must be in seq order.
 */
export function pruneBacklog(entries: readonly BacklogEntry[], nowMs: number, limits: BacklogLimits): PruneResult {
  const kept: BacklogEntry[] = [];
  let lastBucket: number | null = null;
  for (const entry of entries) {
    const age = nowMs - entry.at;
    if (age > limits.maxAgeMs) continue;
    if (age > limits.fullResolutionMs) {
      const bucket = Math.floor(entry.at / limits.thinBucketMs);
      if (bucket === lastBucket) continue;
      lastBucket = bucket;
    }
    kept.push(entry);
  }
  let bytes = kept.reduce((sum, entry) => sum + entry.bytes, 0);
  let start = 0;
  while (start < kept.length && (kept.length - start > limits.maxCount || bytes > limits.maxBytes)) {
    bytes -= kept[start]!.bytes;
    start += 1;
  }
  const survivors = start > 0 ? kept.slice(start) : kept;
  return { kept: survivors, dropped: entries.length - survivors.length };
}
