// The channel strings the preload needs, as a tiny literal table: importing app/ipc/contract would
// drag zod into the sandboxed preload bundle. `satisfies` makes a missing verb a type error, and
// test/electron/preload-channels.test.ts pins every string to the contract.
import type { EventName, InvokeName } from '../ipc/contract';

export const preloadInvokeChannels = {
  getStatus: 'kiosk:get-status',
  acceptUpgrade: 'kiosk:accept-upgrade',
  postponeUpgrade: 'kiosk:postpone-upgrade',
  dismissUpgradeResult: 'kiosk:dismiss-upgrade-result',
  heartbeat: 'kiosk:heartbeat',
} as const satisfies Record<InvokeName, string>;

export const preloadEventChannels = {
  onStatus: 'kiosk:status',
  onCommand: 'kiosk:command',
  onConfig: 'kiosk:config',
  onUpgradeProgress: 'kiosk:upgrade-progress',
} as const satisfies Record<EventName, string>;
