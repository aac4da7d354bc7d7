// Calls to the provisioning server ("entry", docs/PROTOCOL.md#endpoints). Registration sends no
// Authorization header at all; Register Child carries the parent's key on that one request.
import { createHttp } from './http';
import { createRoutes } from './route';
import { hubError } from './errors';
import { isNothingPending, parseReply } from './parse';
import { anyArraySchema, childRegistrationSchema, registrationSchema } from './schemas';
import type { ChildRegisterRequest, EntryClient, EntryClientOptions, RegisterRequest } from './types';

/** Bulk Register accepts at most 25 devices per call (docs/PROTOCOL.md#limits). */
export const MAX_BULK_REGISTER = 25;

export function createEntryClient(opts: EntryClientOptions): EntryClient {
  const call = createHttp({
    baseUrl: opts.entryUrl,
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    routeFor: createRoutes({ env: opts.proxyEnv }),
  });

  return {
    async registerDevice(body: RegisterRequest) {
      const reply = await call('registerDevice', { method: 'POST', path: '/v1/devices', data: body });
      // A reply without `id` is a failed registration, not a device with no id (docs/PROTOCOL.md#registration).
      if (isNothingPending(reply.body)) throw hubError('invalid-response', 'registerDevice', 'id: reply has no device id', { field: 'id' }, []);
      return parseReply(registrationSchema, 'registerDevice', reply.body);
    },

    async bulkRegister(bodies: RegisterRequest[]) {
      if (bodies.length > MAX_BULK_REGISTER) {
        throw hubError('rejected', 'bulkRegister', `at most ${MAX_BULK_REGISTER} devices per call, got ${bodies.length}`, {}, []);
      }
      const reply = await call('bulkRegister', { method: 'POST', path: '/v1/devices/bulk_create', data: bodies });
      return parseReply(anyArraySchema, 'bulkRegister', reply.body);
    },

    async registerChild(parentId: string, parentKey: string, body: ChildRegisterRequest) {
      const reply = await call('registerChild', {
        method: 'POST',
        path: `/v1/devices/${encodeURIComponent(parentId)}/children`,
        data: body,
        headers: { Authorization: parentKey },
        secrets: [parentKey],
      });
      return parseReply(childRegistrationSchema, 'registerChild', reply.body, [parentKey]);
    },
  };
}
