// Get Files / Get File (docs/PROTOCOL.md#files): the model's catalogue; `url` points at the separate file origin.
import { HttpError } from '../http-util';
import { ok, type RouteDef } from '../route-types';
import { filesFor, type FirmwareFile, type HubState } from '../state';
import type { JsonObject } from '../types';

export function fileUrl(state: HubState, f: FirmwareFile): string {
  return `${state.urls.fileUrl}/files/${f.id}/${encodeURIComponent(f.name)}`;
}

export function fileReply(state: HubState, f: FirmwareFile): JsonObject {
  const out: JsonObject = {
    id: f.id,
    name: f.name,
    url: fileUrl(state, f),
    desc: f.notes,
    file_type: f.fileType,
    version: f.version,
    created_at: f.createdAt,
    public_notes: f.notes,
    size: f.size,
  };
  // Optional fields are omitted, not null, when the partner did not provide them.
  if (f.checksum !== null) out.checksum = f.checksum;
  if (f.signature !== null) out.signature = f.signature;
  return out;
}

export const fileRoutes: RouteDef[] = [
  {
    name: 'getFiles', listener: 'hub', method: 'GET', path: '/v1/devices/:id/files', auth: 'device', body: 'none',
    handle: ({ state, device }) => ok(filesFor(state, device).map((f) => fileReply(state, f))),
  },
  {
    name: 'getFile', listener: 'hub', method: 'GET', path: '/v1/devices/:id/files/:fileId', auth: 'device', body: 'none',
    handle: ({ state, device, params }) => {
      const f = filesFor(state, device).find((x) => x.id === params.fileId);
      if (!f) throw new HttpError(404, 'Not found');
      return ok(fileReply(state, f));
    },
  },
];
