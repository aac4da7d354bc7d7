// The spool protocol between the app (no root rights) and the package's root update service
// (/usr/libexec/xyte-kiosk/install-deb, documented at its top). Pure: what a request says and what a
// result file means. The service checks every field again with the same patterns, so the app never
// writes a request it would refuse; the result file is read as untrusted, bounded text.
import { FirmwareError } from '../errors';

export const DEB_SPOOL_DIR = '/var/spool/xyte-kiosk';
export const DEB_RESULT_FILE = '/var/lib/xyte-kiosk/last-result';
/** A result file larger than this is not one the service wrote. */
export const MAX_RESULT_BYTES = 8192;
const MAX_MESSAGE = 300;

export type DebRequest =
  | { id: string; action: 'install'; file: string; sha256: string; version?: string; signature?: string }
  | { id: string; action: 'rollback' };

export type DebResult = { kind: 'ok'; message: string; version: string; previous: string } | { kind: 'failed'; message: string };

const PATTERNS = {
  id: /^[A-Za-z0-9_-]{1,64}$/,
  file: /^[A-Za-z0-9_+~-][A-Za-z0-9._+~-]{0,120}\.deb$/,
  sha256: /^[0-9a-f]{64}$/,
  version: /^[A-Za-z0-9.+~:-]{1,64}$/,
  signature: /^[A-Za-z0-9+/=]{1,4096}$/,
} as const;

function check(field: keyof typeof PATTERNS, value: string): string {
  if (!PATTERNS[field].test(value)) throw new FirmwareError('install-failed', `cannot ask the update service: invalid ${field}`);
  return value;
}

export function renderDebRequest(req: DebRequest): string {
  const lines = [`id=${check('id', req.id)}`, `action=${req.action}`];
  if (req.action === 'install') {
    lines.push(`file=${check('file', req.file)}`, `sha256=${check('sha256', req.sha256)}`);
    if (req.version !== undefined) lines.push(`version=${check('version', req.version)}`);
    if (req.signature !== undefined) lines.push(`signature=${check('signature', req.signature)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The service's answer to request `id`, or null while the file holds another request's answer (or
 * is missing). A result for `id` that is not exactly ok counts as failed: nothing unclear is success.
 */
export function parseDebResult(text: string | null, id: string): DebResult | null {
  const fields = readFields(text);
  if (!fields || fields.get('id') !== id) return null;
  const message = cleanMessage(fields.get('message') ?? '');
  if (fields.get('status') === 'ok') {
    return { kind: 'ok', message, version: cleanMessage(fields.get('version') ?? ''), previous: cleanMessage(fields.get('previous') ?? '') };
  }
  return { kind: 'failed', message: message || 'the update service gave no reason' };
}

/** One line for a report after a restart: the service's last action, outcome and reason. */
export function describeDebResult(text: string | null): string | null {
  const fields = readFields(text);
  const action = fields?.get('action');
  if (!fields || (action !== 'install' && action !== 'rollback') || !fields.has('status')) return null;
  const outcome = fields.get('status') === 'ok' ? 'ok' : 'failed';
  return `update service ${action} ${outcome}: ${cleanMessage(fields.get('message') ?? '') || 'no reason given'}`;
}

/** key=value lines of a bounded result file; the first occurrence of a key wins. */
function readFields(text: string | null): Map<string, string> | null {
  if (text === null || text.length > MAX_RESULT_BYTES) return null;
  const fields = new Map<string, string>();
  for (const line of text.split('\n').slice(0, 32)) {
    const eq = line.indexOf('=');
    if (eq > 0 && !fields.has(line.slice(0, eq))) fields.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return fields;
}

function cleanMessage(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, ' ').trim().slice(0, MAX_MESSAGE);
}

/** The package version of a semver app version ("2.0.0-rc.1" → "2.0.0~rc.1"); null when not semver. */
export function debianVersion(semver: string): string | null {
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(semver) || semver.length > 64) return null;
  return semver.replace('-', '~').replace(/-/g, '.');
}
