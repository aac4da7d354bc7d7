// Proof of play: what the screen showed, for the operator and the advertiser. Counters since the
// last telemetry report, the current item, the last successful switch, a 24-hour play log for the
// dump, and failures folded into at most one Xyte event per hour (the hub allows ~100 a day).
import type { TelemetryValue } from '../hub';

const DAY_MS = 24 * 3_600_000;
const MAX_LOG_ENTRIES = 20_000;
export const EVENT_INTERVAL_MS = 3_600_000;

export interface PlayLogEntry {
  at: string;
  playlist: string;
  itemId: string;
  outcome: 'played' | 'failed';
  reason?: string;
}

export interface FailureSummary {
  count: number;
  /** A few distinct "item: reason" samples for the event text. */
  samples: string[];
}

export interface ProofOfPlay {
  played(playlist: string, itemId: string, now: number): void;
  failed(playlist: string, itemId: string, reason: string, now: number): void;
  /** Telemetry fields; resets the since-last-report counters. */
  takeTelemetry(cache: { bytes: number; files: number; budgetBytes: number }): Record<string, TelemetryValue>;
  /** Failures to report now (null when none, or when the last event was under an hour ago). */
  takeFailureEvent(now: number): FailureSummary | null;
  /** A taken summary that could not be sent: counted again and sent at the next chance. */
  requeue(summary: FailureSummary): void;
  playLog(now: number): PlayLogEntry[];
}

export function createProofOfPlay(): ProofOfPlay {
  let log: PlayLogEntry[] = [];
  let playedSince = 0;
  let failedSince = 0;
  let current: { playlist: string; itemId: string } | null = null;
  let lastSwitchAt: number | null = null;
  let pending: FailureSummary = { count: 0, samples: [] };
  let lastEventAt = -Infinity;

  const append = (entry: PlayLogEntry, now: number) => {
    log.push(entry);
    if (log.length > MAX_LOG_ENTRIES || Date.parse(log[0]!.at) < now - DAY_MS) prune(now);
  };
  const prune = (now: number) => {
    log = log.filter((e) => Date.parse(e.at) >= now - DAY_MS).slice(-MAX_LOG_ENTRIES);
  };

  return {
    played(playlist, itemId, now) {
      playedSince += 1;
      current = { playlist, itemId };
      lastSwitchAt = now;
      append({ at: new Date(now).toISOString(), playlist, itemId, outcome: 'played' }, now);
    },
    failed(playlist, itemId, reason, now) {
      failedSince += 1;
      pending.count += 1;
      const sample = `${itemId}: ${reason}`.slice(0, 120);
      if (pending.samples.length < 3 && !pending.samples.includes(sample)) pending.samples.push(sample);
      append({ at: new Date(now).toISOString(), playlist, itemId, outcome: 'failed', reason }, now);
    },
    takeTelemetry(cache) {
      const fields: Record<string, TelemetryValue> = {
        content_playlist: current?.playlist ?? null,
        content_item: current?.itemId ?? null,
        content_played: playedSince,
        content_failed: failedSince,
        content_cache_mb: Math.round((cache.bytes / 1024 ** 2) * 10) / 10,
        content_cache_files: cache.files,
        content_cache_budget_mb: Math.round(cache.budgetBytes / 1024 ** 2),
        content_last_switch: lastSwitchAt === null ? null : new Date(lastSwitchAt).toISOString(),
      };
      playedSince = 0;
      failedSince = 0;
      return fields;
    },
    takeFailureEvent(now) {
      if (pending.count === 0 || now - lastEventAt < EVENT_INTERVAL_MS) return null;
      const summary = pending;
      pending = { count: 0, samples: [] };
      lastEventAt = now;
      return summary;
    },
    requeue(summary) {
      pending = { count: pending.count + summary.count, samples: [...summary.samples, ...pending.samples].slice(0, 3) };
      lastEventAt = -Infinity;
    },
    playLog(now) {
      prune(now);
      return log.slice();
    },
  };
}
