// `dump`: uploads a state report for support. Everything goes through `redact` (secret-looking keys
// and registered secret values), then a final check refuses to upload if a known secret (the
// access key) is still anywhere in the bytes — a leak here would end up in the customer's portal.
import type { LogRecord } from '../../log/logger';
import { redact } from '../../redact';
import { errorMessage, type CommandContext, type CommandHandler } from '../handler-types';

export interface DumpHandlerOptions {
  /** Recent log records (already redacted by the logger; redacted again here regardless). */
  recentLogs?: (() => LogRecord[]) | undefined;
  /** Larger JSON bodies are sent as Send Dump + Append Dump chunks of this size. */
  chunkBytes?: number;
}

export function createDumpHandler(options: DumpHandlerOptions = {}): CommandHandler {
  const chunkBytes = options.chunkBytes ?? 1024 * 1024;
  return {
    name: 'dump',
    label: () => 'Collecting diagnostics…',
    async run(_params, ctx) {
      const secrets = ctx.secrets?.() ?? [];
      const body = await buildDumpBody(ctx, options.recentLogs, secrets);
      const leaked = findSecret(body, secrets);
      if (leaked) {
        ctx.logger.error('dump withheld: it still contained a secret after redaction');
        return { status: 'failed', message: 'dump withheld: it contained a secret' };
      }
      const stamp = dumpTimestamp(ctx.clock.now());
      const dumpId = await uploadInChunks(ctx, `xyte-kiosk-dump-${stamp}.json`, Buffer.from(body, 'utf8'), chunkBytes);
      const screenshotNote = await uploadScreenshot(ctx, stamp);
      return { status: 'done', message: `dump ${dumpId} uploaded${screenshotNote}` };
    },
  };
}

export async function buildDumpBody(ctx: CommandContext, recentLogs: (() => LogRecord[]) | undefined, secrets: readonly string[]): Promise<string> {
  const report = await ctx.collectDump();
  const full = {
    generatedAt: new Date(ctx.clock.now()).toISOString(),
    appVersion: ctx.appVersion,
    ...report,
    ...(recentLogs ? { logs: recentLogs() } : {}),
  };
  // Unlimited depth: the whole report is checked, however deeply a value is nested.
  return JSON.stringify(redact(full, { secrets, maxDepth: Infinity }), null, 2);
}

function findSecret(body: string, secrets: readonly string[]): boolean {
  return secrets.some((secret) => secret.length > 0 && body.includes(secret));
}

async function uploadInChunks(ctx: CommandContext, filename: string, bytes: Buffer, chunkBytes: number): Promise<string> {
  const dumpId = await ctx.hub.sendDump('application/json', filename, bytes.subarray(0, chunkBytes));
  for (let offset = chunkBytes; offset < bytes.length; offset += chunkBytes) {
    await ctx.hub.appendDump(dumpId, bytes.subarray(offset, offset + chunkBytes));
  }
  return dumpId;
}

async function uploadScreenshot(ctx: CommandContext, stamp: string): Promise<string> {
  try {
    const image = await ctx.platform.screenshot();
    if (!image) return '';
    const id = await ctx.hub.sendDump('image/png', `xyte-kiosk-screenshot-${stamp}.png`, image);
    return `; screenshot ${id}`;
  } catch (error) {
    // The state report is what support needs most; a missing screenshot does not fail the command.
    ctx.logger.warn('dump screenshot failed', { error });
    return `; no screenshot (${errorMessage(error)})`;
  }
}

/** 2024-01-01T01-00-00Z: an ISO time that is safe in a file name and a URL path. */
export function dumpTimestamp(nowMs: number): string {
  return new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
}
