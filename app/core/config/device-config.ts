// What the cloud configuration may contain (DESIGN §3.6). Every field is optional with a default,
// so an empty config is valid. Unknown top-level keys are tolerated (a newer portal schema must not
// brick older kiosks) but reported so the operator can spot typos.
import { createPublicKey } from 'node:crypto';
import { z } from 'zod';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
// A bare host name (optionally with a port): it is pasted into https://<domain>/c/<cloud_id>.
const HOST_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i;

function isPublicKeyPem(pem: string): boolean {
  try {
    createPublicKey(pem);
    return true;
  } catch {
    return false;
  }
}

const publicKeyPem = z
  .string()
  .max(16_384)
  .refine(isPublicKeyPem, { error: 'must be a PEM public key (-----BEGIN PUBLIC KEY-----)' });

const timeOfDay = z.string().regex(HH_MM, { error: 'must be a time of day HH:MM (00:00–23:59)' });

const telemetrySchema = z.object({
  interval_sec: z.number().int().min(5).max(120).default(30),
});

const upgradeSchema = z.object({
  policy: z.enum(['prompt', 'auto', 'off']).default('prompt'),
  window: z.object({ start: timeOfDay.default('02:00'), end: timeOfDay.default('04:00') }).prefault({}),
  allow_unverified: z.boolean().default(false),
  max_size_mb: z.number().int().min(1).max(65_536).default(2048),
  public_key_pem: publicKeyPem.optional(),
  postpone_hours: z.number().min(0.25).max(168).default(4),
});

export const deviceConfigSchema = z.object({
  telemetry: telemetrySchema.prefault({}),
  upgrade: upgradeSchema.prefault({}),
  licenses: z.object({ public_key_pem: publicKeyPem.optional() }).prefault({}),
  display: z
    .object({ title: z.string().max(80).optional(), theme: z.enum(['dark', 'light']).default('dark') })
    .prefault({}),
  claim: z
    .object({ domain: z.string().max(253).regex(HOST_NAME, { error: 'must be a host name such as app.xyte.io' }).default('app.xyte.io') })
    .prefault({}),
  commands: z.object({ reboot_command: z.array(z.string().min(1).max(4096)).min(1).max(32).optional() }).prefault({}),
});

export type DeviceConfig = z.infer<typeof deviceConfigSchema>;

export type ParseDeviceConfigResult =
  | { ok: true; config: DeviceConfig; unknownKeys: string[] }
  | { ok: false; error: string };

const KNOWN_KEYS = new Set(Object.keys(deviceConfigSchema.shape));

export function defaultDeviceConfig(): DeviceConfig {
  return deviceConfigSchema.parse({});
}

/** Validates a cloud config. The error names the offending path, e.g. "telemetry.interval_sec: must be ≤ 120". */
export function parseDeviceConfig(raw: unknown): ParseDeviceConfigResult {
  const input = raw ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, error: `config: must be an object, got ${describeType(input)}` };
  }
  const parsed = deviceConfigSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: formatIssues(parsed.error.issues) };
  const unknownKeys = Object.keys(input).filter((key) => !KNOWN_KEYS.has(key));
  return { ok: true, config: parsed.data, unknownKeys };
}

/** Top-level sections whose content differs, for the "configuration updated" toast. */
export function changedTopLevelKeys(prev: DeviceConfig, next: DeviceConfig): string[] {
  const keys = new Set([...Object.keys(prev), ...Object.keys(next)]);
  const prevRecord = prev as Record<string, unknown>;
  const nextRecord = next as Record<string, unknown>;
  return [...keys].filter((key) => stableJson(prevRecord[key]) !== stableJson(nextRecord[key])).sort();
}

type Issue = z.core.$ZodIssue;

function formatIssues(issues: readonly Issue[]): string {
  const shown = issues.slice(0, 3).map(formatIssue);
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  return shown.join('; ') + more;
}

function formatIssue(issue: Issue): string {
  const path = issue.path.length ? issue.path.map(String).join('.') : 'config';
  return `${path}: ${describeIssue(issue)}`;
}

function describeIssue(issue: Issue): string {
  switch (issue.code) {
    case 'too_big':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `must have at most ${countOf(Number(issue.maximum), issue.origin)}`
        : `must be ≤ ${String(issue.maximum)}`;
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `must have at least ${countOf(Number(issue.minimum), issue.origin)}`
        : `must be ≥ ${String(issue.minimum)}`;
    case 'invalid_type':
      return issue.expected === 'int' ? 'must be an integer' : `must be ${article(issue.expected)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      // Custom messages (regex, refine) are already worded for the operator.
      return issue.message;
  }
}

function countOf(count: number, origin: string): string {
  const unit = origin === 'string' ? 'character' : 'item';
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/** JSON with sorted object keys, so key order never counts as a change. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const record = item as Record<string, unknown>;
    return Object.fromEntries(Object.keys(record).sort().map((key) => [key, record[key]]));
  }) ?? 'undefined';
}
