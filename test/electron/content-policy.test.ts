import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../app/core/log/logger';
import { downloadDecision } from '../../app/electron/content-policy';
import { guardSession, guardWebContents } from '../../app/electron/web-contents-guard';

describe('the kiosk page in Electron never frames a web item', () => {
  it('refuses every frame of the kiosk page outside app:// (web items have their own views), and cancels every download', () => {
    const emitter = Object.assign(new EventEmitter(), { id: 1, setWindowOpenHandler: () => undefined });
    guardWebContents(emitter as never, silentLogger);
    const navigate = (event: string, url: string, isMainFrame: boolean) => {
      let prevented = false;
      emitter.emit(event, { url, isMainFrame, preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(navigate('will-frame-navigate', 'https://menu.example/a', false)).toBe(true);
    expect(navigate('will-redirect', 'https://cdn.example/a', false)).toBe(true);
    expect(navigate('will-navigate', 'https://menu.example/a', true)).toBe(true);
    expect(navigate('will-frame-navigate', 'app://kiosk/index.html', false)).toBe(false);

    const session = Object.assign(new EventEmitter(), { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined, setDevicePermissionHandler: () => undefined });
    guardSession(session as never, silentLogger);
    let cancelled = false;
    session.emit('will-download', {}, { getURL: () => 'https://menu.example/file.zip', cancel: () => (cancelled = true) });
    expect(cancelled).toBe(true);
    expect(downloadDecision()).toBe('cancel');
  });
});
