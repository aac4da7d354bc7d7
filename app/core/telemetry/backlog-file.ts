// The backlog's two files in the data dir. Samples are appended (one JSON line each, fsynced) only
// while the hub cannot be reached; a separate small watermark file, replaced atomically, says which
// sequence numbers the hub already acknowledged. A torn last line from a power cut, or any line
// that does not parse, is skipped: the file is untrusted input like every other state file.
import fs from 'node:fs';
import path from 'node:path';
import * as z from '../zod-mini';
import type { TelemetryRequest } from '../hub';
import { fsyncDirectory, readRaw, removeIfExists, writeFileDurably } from '../state/fs-durable';
import type { BacklogEntry } from './backlog-policy';
import { TELEMETRY_BUDGET_BYTES } from './sanitize';

export const BACKLOG_FILE = 'telemetry-backlog.jsonl';
export const BACKLOG_ACK_FILE = 'telemetry-backlog-ack.json';

const MAX_SEQ = Number.MAX_SAFE_INTEGER;
// Classic zod's `.finite()` was a no-op: z.number() already refuses Infinity and NaN.
const scalar = z.union([z.string().check(z.maxLength(4000)), z.number(), z.boolean(), z.null()]);
const bodySchema = z.object({
  status: z.enum(['online', 'offline', 'error']),
  timestamp: z.string().check(z.maxLength(40), z.refine((text) => Number.isFinite(Date.parse(text)), 'not a time')),
  telemetries: z.optional(z.record(z.string().check(z.minLength(1), z.maxLength(255)), scalar)),
  message: z.optional(z.string().check(z.maxLength(2000))),
});
const lineSchema = z.object({ seq: z.number().check(z.int(), z.gte(1), z.lte(MAX_SEQ)), body: bodySchema });
const ackSchema = z.object({
  acked: z.number().check(z.int(), z.gte(0), z.lte(MAX_SEQ)),
  dropped: z.number().check(z.int(), z.gte(0), z.lte(MAX_SEQ)),
});

export type AckMark = z.infer<typeof ackSchema>;

export interface LoadedBacklog {
  entries: BacklogEntry[];
  ack: AckMark;
  /** Lines that were not valid entries (torn by a power cut, edited, corrupt). */
  skipped: number;
}

export interface BacklogFiles {
  load(): LoadedBacklog;
  append(entry: BacklogEntry): void;
  writeAck(mark: AckMark): void;
  /** Replaces the sample file with exactly `entries` (compaction), atomically. */
  rewrite(entries: readonly BacklogEntry[]): void;
  /** Everything was delivered: the sample file goes, the watermark stays (sequence numbers never repeat). */
  removeSamples(): void;
  /** New credentials: nothing of the old device is sent. */
  removeAll(): void;
  sampleFileBytes(): number;
}

export function encodeEntry(seq: number, body: TelemetryRequest): { line: string; bytes: number } {
  const line = `${JSON.stringify({ seq, body })}\n`;
  return { line, bytes: Buffer.byteLength(line) };
}

export function openBacklogFiles(dir: string): BacklogFiles {
  const samples = path.join(dir, BACKLOG_FILE);
  const ackFile = path.join(dir, BACKLOG_ACK_FILE);
  let fileBytes = 0;

  return {
    load() {
      const ack = readAck(ackFile);
      const raw = readRaw(samples);
      if (raw.kind !== 'text') {
        fileBytes = 0;
        return { entries: [], ack, skipped: raw.kind === 'unreadable' ? 1 : 0 };
      }
      fileBytes = Buffer.byteLength(raw.text);
      const { entries, skipped } = parseLines(raw.text);
      return { entries: entries.filter((entry) => entry.seq > ack.acked), ack, skipped };
    },
    append(entry) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const { line } = encodeEntry(entry.seq, entry.body);
      const fd = fs.openSync(samples, 'a', 0o600);
      try {
        fs.writeSync(fd, line);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      if (fileBytes === 0) fsyncDirectory(dir);
      fileBytes += Buffer.byteLength(line);
    },
    writeAck(mark) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileDurably(ackFile, JSON.stringify(mark), 0o600);
    },
    rewrite(entries) {
      const text = entries.map((entry) => encodeEntry(entry.seq, entry.body).line).join('');
      writeFileDurably(samples, text, 0o600);
      fileBytes = Buffer.byteLength(text);
    },
    removeSamples() {
      removeIfExists(samples);
      removeIfExists(`${samples}.tmp`);
      fsyncDirectory(dir);
      fileBytes = 0;
    },
    removeAll() {
      removeIfExists(samples);
      removeIfExists(`${samples}.tmp`);
      removeIfExists(ackFile);
      removeIfExists(`${ackFile}.tmp`);
      fsyncDirectory(dir);
      fileBytes = 0;
    },
    sampleFileBytes: () => fileBytes,
  };
}

function readAck(file: string): AckMark {
  const raw = readRaw(file);
  if (raw.kind !== 'text') return { acked: 0, dropped: 0 };
  try {
    const parsed = ackSchema.safeParse(JSON.parse(raw.text));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: an unreadable watermark acknowledges nothing
  }
  return { acked: 0, dropped: 0 };
}

function parseLines(text: string): { entries: BacklogEntry[]; skipped: number } {
  const entries: BacklogEntry[] = [];
  let skipped = 0;
  let lastSeq = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const entry = parseLine(line);
    // Sequence numbers only grow; anything else is damage and is not trusted.
    if (!entry || entry.seq <= lastSeq) {
      skipped += 1;
      continue;
    }
    lastSeq = entry.seq;
    entries.push(entry);
  }
  return { entries, skipped };
}

function parseLine(line: string): BacklogEntry | null {
  if (line.length > TELEMETRY_BUDGET_BYTES * 2) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  const parsed = lineSchema.safeParse(raw);
  if (!parsed.success) return null;
  const body = parsed.data.body as TelemetryRequest;
  return { seq: parsed.data.seq, at: Date.parse(parsed.data.body.timestamp), body, bytes: Buffer.byteLength(line) + 1 };
}
