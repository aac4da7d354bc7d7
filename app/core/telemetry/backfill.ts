// Sends kept samples back to the hub (docs/PROTOCOL.md "Store-and-forward telemetry"): oldest
// first, each with its own timestamp, a bounded batch per tick and per 30 s rate window, always
// BEFORE the tick's live sample so the cloud's state ends on the newest values. A reply that
// announces work (a command, a license) ends the batch so that work is never held up by history.
import { HubError, type HubClient, type TelemetryReply } from '../hub';
import type { Logger } from '../log/logger';
import type { TelemetryBacklog } from './backlog';

/**
 * One kept sample per tick: a replaying device makes two requests per interval instead of one, so
 * a whole fleet replaying after a shared outage stays near twice the steady rate (the herd bench).
 */
export const BACKFILL_BATCH = 1;
/** The hub counts requests per 30-second window. */
export const BACKFILL_WINDOW_MS = 30_000;
export const BACKFILL_PER_WINDOW = 10;

export interface BackfillDeps {
  backlog: TelemetryBacklog;
  hub: Pick<HubClient, 'sendTelemetry'>;
  now(): number;
  logger: Logger;
  batchSize?: number;
  perWindow?: number;
}

export interface Backfill {
  /** One bounded batch. Throws the hub's error (rate limit, outage) so the caller backs off. */
  sendBatch(): Promise<BatchResult>;
}

export interface BatchResult {
  sent: number;
  /** A reply asked for work; the live sample and its sync steps should follow at once. */
  workPending: boolean;
}

export function createBackfill(deps: BackfillDeps): Backfill {
  const batchSize = deps.batchSize ?? BACKFILL_BATCH;
  const perWindow = deps.perWindow ?? BACKFILL_PER_WINDOW;
  let windowStart = Number.NEGATIVE_INFINITY;
  let sentInWindow = 0;

  const budget = (): number => {
    const now = deps.now();
    if (now - windowStart >= BACKFILL_WINDOW_MS || now < windowStart) {
      windowStart = now;
      sentInWindow = 0;
    }
    return Math.max(0, Math.min(batchSize, perWindow - sentInWindow));
  };

  return {
    async sendBatch() {
      let sent = 0;
      for (const entry of deps.backlog.oldest(budget())) {
        let reply: TelemetryReply;
        sentInWindow += 1;
        try {
          reply = await deps.hub.sendTelemetry(entry.body);
        } catch (error) {
          if (error instanceof HubError && error.kind === 'rejected') {
            // The hub will never take this one (a value it refuses): do not block the rest on it.
            deps.logger.warn('hub refused a kept telemetry sample; dropped', { seq: entry.seq, error });
            deps.backlog.discard(entry.seq);
            continue;
          }
          // A 2xx with a body we cannot read still means the hub took the sample.
          if (error instanceof HubError && error.kind === 'invalid-response') deps.backlog.acknowledge(entry.seq);
          throw error;
        }
        deps.backlog.acknowledge(entry.seq);
        sent += 1;
        if (reply.command || reply.new_licenses) return { sent, workPending: true };
      }
      if (sent > 0) deps.logger.info('sent kept telemetry', { sent, left: deps.backlog.size() });
      return { sent, workPending: false };
    },
  };
}
