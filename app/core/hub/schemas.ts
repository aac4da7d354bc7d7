// zod schemas for every Device API reply (docs/PROTOCOL.md#endpoints). Loose objects throughout:
// the hub adds fields between model API versions (device_id on 1.0.7…) and must not break old
// clients; wrong types are refused. The reply types in types.ts are inferred from these schemas,
// so there is one declaration of each shape.
import * as z from '../zod-mini';

// Ids are opaque strings (docs/PROTOCOL.md#commands). Only the command id is documented as an
// integer somewhere (the Get Command table; every sample is a UUID), so it alone also accepts a number.
const id = z.string().check(z.minLength(1));
const commandId = z.pipe(z.union([z.string().check(z.minLength(1)), z.number().check(z.int())]), z.transform(String));
const counter = z.number().check(z.int(), z.nonnegative());
// `z.optional` outside the transform keeps the key optional in the inferred type (absent stays absent).
const optionalText = z.optional(z.pipe(z.nullish(z.string()), z.transform((v) => v ?? undefined)));
const nullableText = z.pipe(z.nullish(z.string()), z.transform((v) => v ?? null));
const jsonObject = z.record(z.string(), z.unknown());
const httpUrl = z.string().check(z.refine((v) => /^https?:\/\/[^\s]+$/i.test(v), 'expected an http(s) URL'));

// Registration values are persisted in the identity and sent on every call: bounded here, where
// they enter, so no reply can make the stored identity grow without limit (docs/PROTOCOL.md#limits).
export const REGISTRATION_LIMITS = { id: 256, accessKey: 1024, hubUrl: 2048 } as const;

export const registrationSchema = z.looseObject({
  id: id.check(z.maxLength(REGISTRATION_LIMITS.id)),
  access_key: z.string().check(z.minLength(1), z.maxLength(REGISTRATION_LIMITS.accessKey)),
  hub_url: z.pipe(httpUrl, z.string().check(z.maxLength(REGISTRATION_LIMITS.hubUrl))),
  hub_url_static_cert: optionalText,
  mqtt_hub_url: optionalText,
});

export const childRegistrationSchema = z.looseObject({ id, access_key: z.string().check(z.minLength(1)) });
export const anyArraySchema = z.array(z.unknown());

export const telemetryReplySchema = z.looseObject({
  config_version: counter,
  command: z.boolean(),
  new_licenses: z.boolean(),
  info_version: counter,
  latest_fw_version: nullableText,
  latest_fw_file_id: nullableText,
  space_data_version: counter,
  success: z.optional(z.boolean()),
  device_id: optionalText,
});

const perDeviceError = z.looseObject({ error: z.string() });
/** Child / mass telemetry: each entry is a telemetry reply or `{"error": text}`. */
export const telemetryMapSchema = z.record(z.string(), z.union([perDeviceError, telemetryReplySchema]));

const CONFIG_META_KEYS = new Set(['version', 'last_updated', 'name', 'device_id', 'success']);

/**
 * Get Config, both shapes: ≥1.0.5 `{version, …, config:{…}}` and the older flat one where the
 * config keys sit next to `version` (everything but the metadata keys becomes `config`).
 */
export const deviceConfigSchema = z.pipe(
  z.looseObject({ version: counter, last_updated: optionalText, name: optionalText, device_id: optionalText, config: z.optional(jsonObject) }),
  z.transform((raw) => {
    const { version, last_updated, name } = raw;
    const config = raw.config ?? Object.fromEntries(Object.entries(raw).filter(([key]) => !CONFIG_META_KEYS.has(key)));
    return { version, config, ...(last_updated !== undefined ? { last_updated } : {}), ...(name !== undefined ? { name } : {}) };
  }),
);

export const setConfigReplySchema = z.looseObject({ version: counter });

export const deviceInfoSchema = z.looseObject({ id: z.optional(id), name: optionalText, details: z.optional(z.pipe(z.nullish(jsonObject), z.transform((v) => v ?? undefined))) });

const coordinates = z.pipe(
  z.looseObject({ lat: z.number(), lng: z.optional(z.number()), long: z.optional(z.number()) }),
  z.transform((c, ctx) => {
    // Space Move's table calls it `long`, every example `lng`: accept both, hand out `lng`.
    const lng = c.lng ?? c.long;
    if (lng === undefined) {
      // zod/mini's transform context has no addIssue: the raw issue goes on the list itself.
      ctx.issues.push({ code: 'custom', message: 'missing lng', path: ['lng'], input: c });
      return z.NEVER;
    }
    return { lat: c.lat, lng };
  }),
);

export const spaceInfoSchema = z.looseObject({
  location: z.nullish(
    z.looseObject({ coordinates: z.optional(z.pipe(z.nullish(coordinates), z.transform((v) => v ?? undefined))), utc_offset: z.optional(z.number()), name: optionalText }),
  ),
  temperature_units: optionalText,
  maintenance: z.optional(z.boolean()),
  name: optionalText,
  local_time: optionalText,
  device_id: optionalText,
});

export const commandSchema = z.looseObject({
  id: commandId,
  name: z.string().check(z.minLength(1)),
  status: z.enum(['pending', 'in_progress']),
  parameters: z.pipe(z.nullish(jsonObject), z.transform((v) => v ?? {})),
  device_id: optionalText,
});
export const commandListSchema = z.array(commandSchema);

export const licenseSchema = z.looseObject({
  id,
  data: z.string(),
  signature: optionalText,
  action: z.enum(['add', 'remove', 'update']),
  expires_at: z.nullish(z.string()),
  current_time: optionalText,
  device_id: optionalText,
});

export const fileInfoSchema = z.looseObject({
  id,
  name: z.string(),
  url: z.string().check(z.minLength(1)),
  desc: optionalText,
  file_type: optionalText,
  version: optionalText,
  checksum: z.nullish(z.string()),
  signature: z.nullish(z.string()),
  created_at: optionalText,
  public_notes: z.nullish(z.string()),
  size: z.optional(z.number().check(z.nonnegative())),
});
export const fileListSchema = z.array(fileInfoSchema);

/** Send Dump: the sample agent sees a bare id string, the legacy hub `{id, length}`. */
export const dumpIdSchema = z.pipe(
  z.union([z.string().check(z.minLength(1)), z.looseObject({ id })]),
  z.transform((v) => (typeof v === 'string' ? v : v.id)),
);

export const openIncidentSchema = z.looseObject({ incident_id: id });

export const incidentSchema = z.looseObject({
  id,
  status: z.enum(['active', 'closed']),
  priority: z.pipe(z.union([z.string(), z.number()]), z.transform(String)),
  title: z.string(),
  issue: z.string(),
  description: z.nullish(z.string()),
  created_at: optionalText,
  updated_at: optionalText,
  device_id: optionalText,
});
export const incidentListSchema = z.array(incidentSchema);
