// Validation of a reply body against its schema: a mismatch becomes one 'invalid-response' error
// naming the first offending field, e.g. `config_version: Invalid input: expected number…`.
import type * as z from '../zod-mini';
import { hubError } from './errors';

export function parseReply<S extends z.ZodMiniType>(schema: S, endpoint: string, body: unknown, secrets: readonly string[] = []): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)';
  const problem = issue?.message ?? 'does not match the expected shape';
  throw hubError('invalid-response', endpoint, `${field}: ${problem}`, { field }, secrets);
}

/**
 * Get Command / Get License: "nothing pending" comes as 204, an empty body, `null`, `{}` or any
 * object without `id` (docs/PROTOCOL.md#endpoints).
 */
export function isNothingPending(body: unknown): boolean {
  if (body === undefined || body === null || body === '') return true;
  if (typeof body !== 'object' || Array.isArray(body)) return false;
  const value = (body as { id?: unknown }).id;
  return value === undefined || value === null || value === '';
}
