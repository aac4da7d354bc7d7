// Store-and-forward telemetry (docs/PROTOCOL.md "Store-and-forward telemetry"): samples the hub
// did not take are kept on disk, bounded, and handed back oldest first once it answers again.
// Nothing is written while the hub takes every sample (no disk writes per healthy tick).
import type { TelemetryRequest, TelemetryValue } from '../hub';
import type { Logger } from '../log/logger';
import { openBacklogFiles, encodeEntry, type BacklogFiles } from './backlog-file';
import { admitSample, DEFAULT_BACKLOG_LIMITS, pruneBacklog, type BacklogEntry, type BacklogLimits } from './backlog-policy';

export interface TelemetryBacklog {
  /** Keeps a sample the hub did not take, unless one was kept less than `minSpacingMs` before it. */
  keep(sample: TelemetryRequest, minSpacingMs: number): void;
  /** The oldest `count` samples still owed to the hub. */
  oldest(count: number): readonly BacklogEntry[];
  /** The hub took sample `seq` (and everything before it): never send them again. */
  acknowledge(seq: number): void;
  /** The hub refused sample `seq` for good (bad value): dropped and counted, never retried. */
  discard(seq: number): void;
  size(): number;
  /** Keys for the live sample while anything is kept or was lost. */
  telemetry(): Record<string, TelemetryValue>;
  /** The credentials changed: nothing of the old device is sent. */
  clear(): void;
}

export interface BacklogOptions {
  dir: string;
  now(): number;
  logger: Logger;
  limits?: Partial<BacklogLimits>;
  files?: BacklogFiles;
}

const COMPACT_SLACK_BYTES = 64 * 1024;

export function openTelemetryBacklog(options: BacklogOptions): TelemetryBacklog {
  const limits: BacklogLimits = { ...DEFAULT_BACKLOG_LIMITS, ...options.limits };
  const files = options.files ?? openBacklogFiles(options.dir);
  const logger = options.logger;
  const loaded = files.load();
  let acked = loaded.ack.acked;
  // The persisted count covers only drops already removed from the sample file; drops still in
  // the file are counted again by the next load's prune, so a restart never counts one twice.
  let persistedDrops = loaded.ack.dropped;
  let pendingDrops = loaded.skipped;
  let entries: BacklogEntry[] = loaded.entries;
  let nextSeq = Math.max(acked, loaded.entries.at(-1)?.seq ?? 0) + 1;

  const prune = () => {
    const result = pruneBacklog(entries, options.now(), limits);
    if (result.dropped === 0) return;
    entries = result.kept;
    pendingDrops += result.dropped;
    logger.warn('telemetry backlog over its limits; oldest samples dropped', { dropped: result.dropped, kept: entries.length });
  };
  const liveBytes = () => entries.reduce((sum, entry) => sum + entry.bytes, 0);
  /** Makes the file match memory (when it has to) and records the watermark. */
  const writeMark = () => {
    if (entries.length === 0) {
      if (files.sampleFileBytes() > 0) files.removeSamples();
    } else if (pendingDrops > 0) {
      files.rewrite(entries);
    }
    persistedDrops += pendingDrops;
    pendingDrops = 0;
    files.writeAck({ acked, dropped: persistedDrops });
  };
  const removeThrough = (seq: number) => {
    const before = entries.length;
    entries = entries.filter((entry) => entry.seq > seq);
    return before - entries.length;
  };

  if (loaded.skipped > 0) logger.warn('telemetry backlog had unreadable lines; skipped', { skipped: loaded.skipped });
  prune();
  if (entries.length > 0) logger.info('telemetry backlog found', { samples: entries.length });

  return {
    keep(sample, minSpacingMs) {
      const at = Date.parse(sample.timestamp ?? '');
      if (!Number.isFinite(at)) return;
      const newest = entries.at(-1);
      if (newest && at - newest.at < minSpacingMs && at >= newest.at) return;
      if (!admitSample(entries, at, limits)) return; // down-sampled: beyond the first hour, one a minute
      const { override: _override, ...body } = sample;
      const seq = nextSeq;
      nextSeq += 1;
      const entry: BacklogEntry = { seq, at, body, bytes: encodeEntry(seq, body).bytes };
      files.append(entry);
      entries.push(entry);
      prune();
      if (pendingDrops > 0 && files.sampleFileBytes() > 2 * liveBytes() + COMPACT_SLACK_BYTES) writeMark();
    },
    oldest: (count) => entries.slice(0, Math.max(0, count)),
    acknowledge(seq) {
      if (seq <= acked) return;
      acked = seq;
      removeThrough(seq);
      writeMark();
    },
    discard(seq) {
      pendingDrops += removeThrough(seq);
      acked = Math.max(acked, seq);
      writeMark();
    },
    size: () => entries.length,
    telemetry(): Record<string, TelemetryValue> {
      const dropped = persistedDrops + pendingDrops;
      if (entries.length === 0 && dropped === 0) return {};
      return { telemetry_backlog: entries.length, telemetry_backlog_dropped: Math.min(dropped, 2_147_483_647) };
    },
    clear() {
      entries = [];
      acked = 0;
      persistedDrops = 0;
      pendingDrops = 0;
      nextSeq = 1;
      files.removeAll();
    },
  };
}
