// Setup steps 1–2: the data directory and its stores, then who this machine is (hardware identity,
// generated once) and the credentials in use (a cell the agent updates; it also tells the logger
// which access key to mask).
import { mkdirSync } from 'node:fs';
import { openDeviceStateStore, type DeviceStateStore } from '../state/device-state-store';
import { openIdentityStore, type IdentityStore } from '../state/identity-store';
import type { HardwareIdentity, Identity } from '../state/schema';
import { resolveHardwareIdentity } from './hardware-identity';
import type { KioskRuntimeOptions, ResolvedOptions, RuntimeEnv } from './runtime-options';

/** The credentials in use: loaded at start, replaced by registration, null after a 401 wipe. */
export interface IdentityCell {
  current(): Identity | null;
  set(identity: Identity | null): void;
}

export interface WhoWeAre {
  readonly hardware: HardwareIdentity;
  readonly identity: IdentityCell;
}

export interface Stores {
  readonly identityStore: IdentityStore;
  readonly state: DeviceStateStore;
  /**
   * What to write again when a store finds the data directory deleted while we run (set by
   * setupIdentity, which knows the identity in use): everything held in memory reaches the disk
   * again, so the next start still knows who it is.
   */
  onDirectoryRecreated(rewrite: () => void): void;
}

export function setupStores(opts: ResolvedOptions, env: RuntimeEnv, host: Pick<KioskRuntimeOptions, 'secretBox' | 'conf' | 'createConf'>): Stores {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  let rewrite = (): void => undefined;
  const onDirectoryRecreated = () => rewrite();
  return {
    identityStore: openIdentityStore({ dir: opts.dataDir, logger: env.rootLogger, onDirectoryRecreated, secretBox: host.secretBox }),
    state: openDeviceStateStore({
      dir: opts.dataDir,
      logger: env.rootLogger,
      now: env.clock.now,
      onDirectoryRecreated,
      conf: host.conf,
      createConf: host.createConf,
    }),
    onDirectoryRecreated: (next) => void (rewrite = next),
  };
}

export function setupIdentity(opts: ResolvedOptions, env: RuntimeEnv, stores: Stores): WhoWeAre {
  const hardware = resolveHardwareIdentity(stores.identityStore, opts.hardware, env.random, undefined, env.rootLogger.child('identity'));
  let identity: Identity | null = null;
  const cell: IdentityCell = {
    current: () => identity,
    set(next) {
      identity = next;
      if (next) env.rootLogger.addSecret(next.accessKey);
    },
  };
  cell.set(stores.identityStore.load());
  stores.onDirectoryRecreated(() => {
    env.rootLogger.warn('data directory was deleted while running; writing identity and state again', { dataDir: opts.dataDir });
    if (identity) stores.identityStore.save(identity);
    stores.identityStore.saveHardware(hardware);
    stores.state.rewrite();
  });
  return { hardware, identity: cell };
}
