// An in-memory DeviceStateStore with the real store's semantics that matter to callers: the
// schema is applied on every update, unchanged results do not count as writes, and `reopen()`
// simulates a restart by re-parsing a JSON round trip of what was "on disk".
import { isDeepStrictEqual } from 'node:util';
import { CLOUD_SCOPED_FIELDS, deviceStateSchema, type DeviceState } from '../../../app/core/state/schema';

export interface MemoryStateStore {
  get(): DeviceState;
  update(patch: Partial<DeviceState> | ((s: DeviceState) => Partial<DeviceState>)): DeviceState;
  wipeCloudScoped(): void;
  writeCount(): number;
  /** A new store over the same persisted JSON, as a restarted process would see it. */
  reopen(): MemoryStateStore;
}

export function createMemoryStateStore(initial: Partial<DeviceState> = {}): MemoryStateStore {
  return openFrom(JSON.stringify(deviceStateSchema.parse(initial)));
}

function openFrom(json: string): MemoryStateStore {
  let disk = json;
  let state = deviceStateSchema.parse(JSON.parse(disk));
  let writes = 0;
  const store: MemoryStateStore = {
    get: () => state,
    update(patch) {
      const changes = typeof patch === 'function' ? patch(state) : patch;
      const next = deviceStateSchema.parse(JSON.parse(JSON.stringify({ ...state, ...changes })));
      if (isDeepStrictEqual(next, state)) return state;
      state = next;
      disk = JSON.stringify(next);
      writes++;
      return state;
    },
    wipeCloudScoped() {
      const defaults = deviceStateSchema.parse({});
      const patch: Record<string, unknown> = {};
      for (const field of CLOUD_SCOPED_FIELDS) patch[field] = defaults[field];
      store.update(patch as Partial<DeviceState>);
    },
    writeCount: () => writes,
    reopen: () => openFrom(disk),
  };
  return store;
}
