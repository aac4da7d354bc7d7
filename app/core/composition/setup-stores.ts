// Setup steps 1–2: the data directory and its stores, then who this machine is (hardware identity,
// generated once) and the credentials in use (a cell the agent updates; it also tells the logger
// which access key to mask).
import { mkdirSync } from 'node:fs';
import { openDeviceStateStore, type DeviceStateStore } from '../state/device-state-store';
import { openIdentityStore, type IdentityStore } from '../state/identity-store';
import type { HardwareIdentity, Identity } from '../state/schema';
import { resolveHardwareIdentity } from './hardware-identity';
import type { KioskRuntimeOptions, ResolvedOptions, RuntimeEnv } from './runtime-options';

export interface Stores {
  readonly identityStore: IdentityStore;
  readonly state: DeviceStateStore;
}

/** The credentials in use: loaded at start, replaced by registration, null after a 401 wipe. */
export interface IdentityCell {
  current(): Identity | null;
  set(identity: Identity | null): void;
}

export interface WhoWeAre {
  readonly hardware: HardwareIdentity;
  readonly identity: IdentityCell;
}

export function setupStores(opts: ResolvedOptions, env: RuntimeEnv, host: Pick<KioskRuntimeOptions, 'secretBox' | 'conf' | 'createConf'>): Stores {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  return {
    identityStore: openIdentityStore({ dir: opts.dataDir, logger: env.rootLogger, ...(host.secretBox ? { secretBox: host.secretBox } : {}) }),
    state: openDeviceStateStore({
      dir: opts.dataDir,
      logger: env.rootLogger,
      now: env.clock.now,
      ...(host.conf ? { conf: host.conf } : {}),
      ...(host.createConf ? { createConf: host.createConf } : {}),
    }),
  };
}

export function setupIdentity(opts: ResolvedOptions, env: RuntimeEnv, stores: Stores): WhoWeAre {
  const hardware = resolveHardwareIdentity(stores.identityStore, opts.hardware, env.random);
  let identity: Identity | null = null;
  const cell: IdentityCell = {
    current: () => identity,
    set(next) {
      identity = next;
      if (next) env.rootLogger.addSecret(next.accessKey);
    },
  };
  cell.set(stores.identityStore.load());
  return { hardware, identity: cell };
}
