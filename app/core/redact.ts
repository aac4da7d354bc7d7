// The ONE redaction module. Every exit a secret could take — log lines, the support dump, hub
// error messages, the status screen and every other event the renderer receives — goes through
// these functions, so there is one list of secret-looking key names and one way to mask known
// secret values (the access key, parent keys, mass-telemetry tokens).
//
// Two modes for secret-named keys: `mask` keeps the key with "[redacted]" (logs, dumps: support
// sees that a value existed), `drop` removes the key (the screen: nothing to show).

export const REDACTED = '[redacted]';

/** Key names whose values are never shown: one pattern for logs, dumps, status and IPC. */
export const SECRET_KEY_PATTERN =
  /access_?key|api_?key|auth_?key|authorization|credential|password|passwd|passphrase|secret|private_?key|hardware_?key|token|cookie|session_?id/i;

/** Shorter "secrets" cannot be told apart from ordinary text and are not masked. */
const MIN_SECRET_LENGTH = 4;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY_PATTERN.test(key);
}

/** Replaces every occurrence of each known secret (raw and URL-encoded) with "[redacted]". */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join(REDACTED);
  }
  return out;
}

/**
 * Masks known secrets FIRST, then cuts to `max` characters (+ "…"). The other order would let a
 * secret that straddles the cut survive as a fragment the mask no longer recognises.
 */
export function maskAndTruncate(text: string, max: number, secrets: readonly string[]): string {
  const masked = maskSecrets(text, secrets);
  return masked.length > max ? `${masked.slice(0, max)}…` : masked;
}

export interface RedactOptions {
  /** Known secret values to mask in every string. */
  secrets?: readonly string[];
  /** 'mask' (default) keeps secret-named keys as "[redacted]"; 'drop' removes them. */
  keys?: 'mask' | 'drop';
  /**
   * Below this depth an object becomes "[too deep]" rather than passing through unchecked, so
   * nesting is never a way out. Logs keep the default; dumps pass Infinity.
   */
  maxDepth?: number;
}

/** A deep copy of `value` with secret-named keys masked or dropped and known secrets masked. */
export function redact(value: unknown, options: RedactOptions = {}): unknown {
  return walk(value, options.secrets ?? [], options.keys ?? 'mask', options.maxDepth ?? 6, 0);
}

function walk(value: unknown, secrets: readonly string[], keys: 'mask' | 'drop', maxDepth: number, depth: number): unknown {
  if (typeof value === 'string') return maskSecrets(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (depth > maxDepth) return '[too deep]';
  if (value instanceof Error) return { name: value.name, message: maskSecrets(value.message, secrets) };
  if (Array.isArray(value)) return value.map((item) => walk(item, secrets, keys, maxDepth, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!isSecretKey(key)) setOwn(out, key, walk(item, secrets, keys, maxDepth, depth + 1));
    else if (keys === 'mask') setOwn(out, key, REDACTED);
  }
  return out;
}

/**
 * JSON.parse keeps a "__proto__" key from the hub as an own property; a plain `out[key] = v` would
 * instead replace the copy's prototype (an array there made the status fail the renderer's schema).
 */
function setOwn(out: Record<string, unknown>, key: string, item: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
  else out[key] = item;
}

/** Deeper than any event or status the renderer gets; deeper values become "[too deep]". */
const SCREEN_MAX_DEPTH = 32;

/**
 * What the renderer may receive (events and IPC results): secret-named keys dropped, known
 * secret values masked. The runtime applies it to everything it hands to a shell.
 */
export function redactForScreen<T>(value: T, secrets: readonly string[]): T {
  return redact(value, { secrets, keys: 'drop', maxDepth: SCREEN_MAX_DEPTH }) as T;
}
