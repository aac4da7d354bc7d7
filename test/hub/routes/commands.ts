// Get Command, Get Commands with Children, Update Command (docs/PROTOCOL.md#commands): a FIFO queue per device.
import { HttpError } from '../http-util';
import { ok, type RouteDef } from '../route-types';
import { apiAtLeast, expireCommands, isoAt, liveDevice, openCommands, withDeviceId, type DeviceRecord, type HubState } from '../state';
import type { CommandStatus, JsonObject, SimCommand } from '../types';
import { bad, optionalString, rejectUnknown, requireObject } from '../validate';

const DEVICE_STATUSES: CommandStatus[] = ['in_progress', 'done', 'failed'];

function commandReply(state: HubState, d: DeviceRecord, c: SimCommand): JsonObject {
  return withDeviceId(state, d, {
    id: c.id, status: c.status, name: c.name, parameters: structuredClone(c.parameters),
  });
}

export function updateCommand(state: HubState, d: DeviceRecord, input: unknown): JsonObject {
  const body = requireObject(input);
  rejectUnknown(body, ['id', 'status', 'message']);
  expireCommands(state, d);
  let id = optionalString(body, 'id');
  if (id === undefined) {
    // Before Model API 1.0.1 the update implicitly applied to the head of the queue.
    if (apiAtLeast(state, '1.0.1')) throw bad('id is required');
    id = openCommands(d)[0]?.id;
    if (id === undefined) throw new HttpError(404, 'Not found');
  }
  const status = body.status;
  if (typeof status !== 'string' || !DEVICE_STATUSES.includes(status as CommandStatus)) {
    throw bad('status must be one of in_progress, done, failed');
  }
  const message = optionalString(body, 'message', 10_000) ?? null;
  const cmd = d.commandQueue.find((c) => c.id === id);
  if (!cmd) throw new HttpError(404, 'Not found');
  if (cmd.status === 'done' || cmd.status === 'failed') throw new HttpError(422, `Command already ${cmd.status}`);
  cmd.status = status as CommandStatus;
  cmd.message = message;
  cmd.history.push({ at: isoAt(state.now()), status: cmd.status, message, by: 'device' });
  return withDeviceId(state, d, { id: cmd.id, status: cmd.status, message });
}

export const commandRoutes: RouteDef[] = [
  {
    name: 'getCommand', listener: 'hub', method: 'GET', path: '/v1/devices/:id/command', auth: 'device', body: 'none',
    handle: ({ state, device }) => {
      expireCommands(state, device);
      const head = openCommands(device)[0];
      return ok(head ? commandReply(state, device, head) : {});
    },
  },
  {
    name: 'getPendingCommands', listener: 'hub', method: 'GET', path: '/v1/devices/:id/command/pending_commands',
    auth: 'device', body: 'none',
    handle: ({ state, device }) => {
      const family = [device, ...device.children.map((id) => liveDevice(state, id)).filter((c) => c !== undefined)];
      return ok(family.flatMap((d) => {
        expireCommands(state, d);
        // device_id is always present here: it says whose command each entry is.
        return openCommands(d).map((c) => ({ ...commandReply(state, d, c), device_id: d.id }));
      }));
    },
  },
  {
    name: 'updateCommand', listener: 'hub', method: 'POST', path: '/v1/devices/:id/command', auth: 'device', body: 'json',
    handle: ({ state, device, body }) => ok(updateCommand(state, device, body)),
  },
];
