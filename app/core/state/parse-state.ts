// Turns file text into a validated value or a one-line problem description. The description
// never quotes the file: V8's JSON errors embed a snippet of the input, which may be a secret.
import * as z from '../zod-mini';
import { readRaw } from './fs-durable';

export type Checked<T> = { kind: 'ok'; value: T; text: string } | { kind: 'bad'; problem: string };
export type FileCheck<T> = { kind: 'missing' } | Checked<T>;

/** Parses JSON and validates it; `prepare` runs between the two (e.g. schema migrations). */
export function checkText<T>(
  text: string,
  schema: z.core.$ZodType<T>,
  prepare: (raw: unknown) => unknown = (raw) => raw,
): Checked<T> {
  if (text.trim() === '') return { kind: 'bad', problem: text.length === 0 ? 'empty file' : 'blank file' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const truncated = error instanceof Error && /end of (JSON|data)|unterminated/i.test(error.message);
    return { kind: 'bad', problem: `invalid JSON (${text.length} bytes${truncated ? ', truncated' : ''})` };
  }
  let prepared: unknown;
  try {
    prepared = prepare(raw);
  } catch (error) {
    return { kind: 'bad', problem: error instanceof Error ? error.message : 'preparation failed' };
  }
  const result = z.safeParse(schema, prepared);
  if (!result.success) return { kind: 'bad', problem: `schema violation: ${describeIssues(result.error.issues)}` };
  return { kind: 'ok', value: result.data, text };
}

export function checkFile<T>(file: string, schema: z.core.$ZodType<T>, prepare?: (raw: unknown) => unknown): FileCheck<T> {
  const raw = readRaw(file);
  switch (raw.kind) {
    case 'missing':
      return raw;
    case 'unreadable':
      return { kind: 'bad', problem: raw.problem };
    case 'text':
      return checkText(raw.text, schema, prepare);
  }
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 3).map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
  return shown.join('; ') + (issues.length > 3 ? `; +${issues.length - 3} more` : '');
}
