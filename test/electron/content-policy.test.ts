import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../app/core/log/logger';
import { downloadDecision, isAllowedContentFrameNavigation, planWebOrigins } from '../../app/electron/content-policy';
import { guardSession, guardWebContents } from '../../app/electron/web-contents-guard';
import type { PlayPlan } from '../../app/ipc/contract';
import { playPlan } from '../ipc/fixtures';

const statusPlan: PlayPlan = { ...playPlan, screen: { kind: 'status', reason: 'show-status' } };

describe('web items in Electron', () => {
  it('collects the origins of every web item of the plan plus the allow-list', () => {
    expect([...planWebOrigins(playPlan)]).toEqual(['https://menu.example', 'https://cdn.example']);
    expect(planWebOrigins(statusPlan).size).toBe(0);
    expect(planWebOrigins(null).size).toBe(0);
  });

  it.each<[string, boolean, PlayPlan | null, boolean]>([
    ['https://menu.example/tomorrow', false, playPlan, true],
    ['https://cdn.example/x.png', false, playPlan, true],
    ['https://menu.example/tomorrow', true, playPlan, false], // the kiosk page itself never goes there
    ['https://evil.example/', false, playPlan, false],
    ['http://menu.example/', false, playPlan, false], // another scheme is another origin
    ['javascript:alert(1)', false, playPlan, false],
    ['https://menu.example/', false, statusPlan, false], // no longer playing: no longer allowed
    ['https://menu.example/', false, null, false],
  ])('sub-frame navigation to %s (main frame %s) allowed: %s', (url, mainFrame, plan, allowed) => {
    expect(isAllowedContentFrameNavigation(url, mainFrame, plan)).toBe(allowed);
  });

  it('lets the guard allow a web item frame but nothing else, and cancels every download', () => {
    const emitter = Object.assign(new EventEmitter(), { setWindowOpenHandler: () => undefined });
    let plan: PlayPlan | null = playPlan;
    guardWebContents(emitter as never, silentLogger, () => plan);
    const navigate = (event: string, url: string, isMainFrame: boolean) => {
      let prevented = false;
      emitter.emit(event, { url, isMainFrame, preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(navigate('will-frame-navigate', 'https://menu.example/a', false)).toBe(false);
    expect(navigate('will-redirect', 'https://cdn.example/a', false)).toBe(false);
    expect(navigate('will-frame-navigate', 'https://evil.example/', false)).toBe(true);
    expect(navigate('will-navigate', 'https://menu.example/a', true)).toBe(true);
    plan = statusPlan;
    expect(navigate('will-frame-navigate', 'https://menu.example/a', false)).toBe(true);

    const session = Object.assign(new EventEmitter(), { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined, setDevicePermissionHandler: () => undefined });
    guardSession(session as never, silentLogger);
    let cancelled = false;
    session.emit('will-download', {}, { getURL: () => 'https://menu.example/file.zip', cancel: () => (cancelled = true) });
    expect(cancelled).toBe(true);
    expect(downloadDecision()).toBe('cancel');
  });
});
