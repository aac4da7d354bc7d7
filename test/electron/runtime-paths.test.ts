import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronPaths } from '../../app/electron/runtime-paths';

describe('electronPaths', () => {
  const appData = path.resolve('/home/kiosk/.config');

  it('defaults to <appData>/xyte-kiosk, the launcher’s marker dir', () => {
    expect(electronPaths({}, appData)).toEqual({ dataDir: path.join(appData, 'xyte-kiosk'), entryUrl: undefined, deviceConfigPath: undefined });
  });

  it('takes the environment when set, ignoring blank values', () => {
    const env = { XYTE_DATA_DIR: '/var/lib/kiosk', XYTE_ENTRY_URL: 'https://entry.example', XYTE_DEVICE_CONFIG: ' ' };
    expect(electronPaths(env, appData)).toEqual({ dataDir: '/var/lib/kiosk', entryUrl: 'https://entry.example', deviceConfigPath: undefined });
  });
});
