import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  commandEventSchema,
  configEventSchema,
  eventChannels,
  invokeChannels,
  invokeNames,
  statusSnapshotSchema,
  upgradeProgressSchema,
} from '../../app/ipc/contract';
import { junkArgs, results, statusSnapshot, unclaimedSnapshot, validArgs } from './fixtures';

describe('invoke contract', () => {
  it.each(invokeNames)('%s accepts realistic arguments and results', (name) => {
    const spec = invokeChannels[name];
    for (const args of validArgs[name]) expect(spec.args.safeParse(args).success).toBe(true);
    expect(spec.result.safeParse(results[name]).success).toBe(true);
  });

  it.each(invokeNames)('%s refuses junk arguments', (name) => {
    for (const args of junkArgs[name]) expect(invokeChannels[name].args.safeParse(args).success, JSON.stringify(args)).toBe(false);
  });

  it('has unique channel names in the kiosk: namespace', () => {
    const channels = [...Object.values(invokeChannels), ...Object.values(eventChannels)].map((c) => c.channel);
    expect(new Set(channels).size).toBe(channels.length);
    for (const c of channels) expect(c).toMatch(/^kiosk:[a-z-]+$/);
  });
});

describe('event contract', () => {
  it('accepts realistic events', () => {
    expect(statusSnapshotSchema.safeParse(statusSnapshot).success).toBe(true);
    expect(statusSnapshotSchema.safeParse(unclaimedSnapshot).success).toBe(true);
    expect(commandEventSchema.safeParse({ phase: 'started', id: 'c-1', name: 'reboot', label: 'Rebooting…' }).success).toBe(true);
    expect(commandEventSchema.safeParse({ phase: 'finished', id: 'c-1', name: 'reboot', label: 'Rebooted', ok: false, message: 'denied' }).success).toBe(true);
    expect(configEventSchema.safeParse({ outcome: 'refused', version: 9, changed: [], message: 'telemetry.period out of range' }).success).toBe(true);
    expect(upgradeProgressSchema.safeParse({ phase: 'verify', version: '1.5.0', bytesDone: 10, bytesTotal: null, rateBytesPerSec: 0, etaSec: null }).success).toBe(true);
  });

  it('refuses junk events', () => {
    for (const junk of [null, 'x', 42, [], {}, { connection: { state: 'hacked' } }]) {
      expect(statusSnapshotSchema.safeParse(junk).success).toBe(false);
    }
    expect(commandEventSchema.safeParse({ phase: 'exploded', id: 'c', name: 'n', label: 'l' }).success).toBe(false);
    expect(configEventSchema.safeParse({ outcome: 'applied', version: -1, changed: [] }).success).toBe(false);
    expect(upgradeProgressSchema.safeParse({ phase: 'download', version: '1', bytesDone: -5, bytesTotal: 1, rateBytesPerSec: 0, etaSec: 0 }).success).toBe(false);
    expect(statusSnapshotSchema.safeParse({ ...statusSnapshot, device: { ...statusSnapshot.device, sn: 'x'.repeat(201) } }).success).toBe(false);
  });
});

// ---- No field of the status snapshot may carry a secret (docs/ARCHITECTURE.md#persistence) -----------------------------

const SECRET_NAME = /access|secret|token|passw|credential|authori[sz]ation|private|api_?key|^key$|_key$|Key$/i;

/** Every property path of a zod 4 schema, with open maps (records) reported separately. */
function walk(schema: z.ZodType, at: string, paths: string[], openMaps: string[]): void {
  const def = (schema as unknown as { def: Record<string, unknown> & { type: string } }).def;
  switch (def.type) {
    case 'object':
      for (const [key, child] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        paths.push(`${at}.${key}`);
        walk(child, `${at}.${key}`, paths, openMaps);
      }
      return;
    case 'union':
      for (const option of def.options as z.ZodType[]) walk(option, at, paths, openMaps);
      return;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      walk(def.innerType as z.ZodType, at, paths, openMaps);
      return;
    case 'array':
      walk(def.element as z.ZodType, `${at}[]`, paths, openMaps);
      return;
    case 'record':
      openMaps.push(at);
      return;
    default:
      return;
  }
}

describe('StatusSnapshot carries no secret', () => {
  const paths: string[] = [];
  const openMaps: string[] = [];
  walk(statusSnapshotSchema, '$', paths, openMaps);

  it('walks the whole schema', () => {
    expect(paths).toContain('$.device.sn');
    expect(paths).toContain('$.upgrade.progress.bytesDone');
    expect(paths.length).toBeGreaterThan(30);
  });

  it('has no field whose name could hold a credential', () => {
    const suspicious = paths.filter((p) => SECRET_NAME.test(p.split('.').pop()!.replace('[]', '')));
    expect(suspicious).toEqual([]);
  });

  it('has only the one known open map (device.details, the cloud-provided device info)', () => {
    // A new free-form record would be a place a secret could slip through: review before adding.
    expect(openMaps).toEqual(['$.device.details']);
  });

  it('strips unknown fields, such as an access key, when a snapshot is parsed', () => {
    const leaky = {
      ...statusSnapshot,
      access_key: 'AK-0123456789abcdef',
      device: { ...statusSnapshot.device, accessKey: 'AK-0123456789abcdef' },
      connection: { state: 'online', token: 'AK-0123456789abcdef' },
    };
    const parsed = statusSnapshotSchema.parse(leaky);
    expect(JSON.stringify(parsed)).not.toContain('AK-0123456789abcdef');
  });
});
