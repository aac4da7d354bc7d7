// `none`: no way to install on this machine. Decision: this is a FAILURE (`no-installer`), checked
// before anything is downloaded — reporting success for a version that will never run would make
// an `update_firmware` command `done` while the device keeps the old version (docs/PROTOCOL.md#interrupted-commands).
import { FirmwareError } from '../errors';
import type { Installer } from './types';

export function createNoInstaller(why = 'no installer is configured for this platform'): Installer {
  return {
    kind: 'none',
    install: () => Promise.reject(new FirmwareError('no-installer', why)),
    rollback: () => Promise.reject(new FirmwareError('rollback-failed', `cannot roll back: ${why}`)),
  };
}
