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
 * Down-sampling, decided when a sample arrives: the first hour of an outage (counted from the
 * oldest sample still kept) is kept whole, after that only the first sample of each minute. A
 * sample is never thinned out once kept, so replaying or reloading the queue never thins it
 * further. `entries` must be in time order.
 */
export function admitSample(entries: readonly BacklogEntry[], at: number, limits: BacklogLimits): boolean {
  const oldest = entries[0];
  const newest = entries.at(-1);
  if (!oldest || !newest || at - oldest.at <= limits.fullResolutionMs) return true;
  return Math.floor(at / limits.thinBucketMs) !== Math.floor(newest.at / limits.thinBucketMs);
}

/**
 * Oldest first out: drops what is older than the age cap, then the oldest until the count and
 * byte caps hold. Only ever drops a prefix, so pruning what a file holds gives exactly what the
 * process that wrote it kept. `entries` must be in seq order.
 */
export function pruneBacklog(entries: readonly BacklogEntry[], nowMs: number, limits: BacklogLimits): PruneResult {
  let start = 0;
  while (start < entries.length && nowMs - entries[start]!.at > limits.maxAgeMs) start += 1;
  let bytes = 0;
  for (let i = start; i < entries.length; i += 1) bytes += entries[i]!.bytes;
  while (start < entries.length && (entries.length - start > limits.maxCount || bytes > limits.maxBytes)) {
    bytes -= entries[start]!.bytes;
    start += 1;
  }
  const kept = start > 0 ? entries.slice(start) : [...entries];
  return { kept, dropped: start };
}
