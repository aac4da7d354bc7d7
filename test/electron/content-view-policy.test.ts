import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clampViewBounds,
  contentPartition,
  contentPermissionDecision,
  contentViewPreferences,
  failureOfLoad,
  failureOfProcess,
  failureOfResponse,
  findWebItem,
  isAllowedViewNavigation,
  type WebPlanItem,
} from '../../app/electron/content-view-policy';
import type { PlayPlan } from '../../app/ipc/contract';
import { playPlan } from '../ipc/fixtures';

const menu = findWebItem(playPlan, 'lobby/3')!;

describe('web item views: session partition', () => {
  it('is persistent, stable, one per origin, and carries no URL text', () => {
    const partition = contentPartition('https://menu.example/today?x=1');
    expect(partition).toMatch(/^persist:content-[0-9a-f]{24}$/);
    expect(contentPartition('https://menu.example/tomorrow')).toBe(partition); // same origin, same session
    expect(contentPartition('http://menu.example/today')).not.toBe(partition); // another scheme is another origin
    expect(contentPartition('https://menu.example:8443/')).not.toBe(partition);
    expect(partition).not.toContain('menu');
  });
});

describe('web item views: preferences', () => {
  it('sandboxed, isolated, no node, no preload, no webview, its own partition', () => {
    const prefs = contentViewPreferences('persist:content-abc');
    expect(prefs).toMatchObject({
      partition: 'persist:content-abc',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      javascript: true,
      devTools: false,
    });
    expect(prefs).not.toHaveProperty('preload');
  });
});

describe('web item views: navigation', () => {
  const allow = playPlan.allowOrigins;
  it.each<[unknown, boolean, boolean]>([
    ['https://menu.example/tomorrow', true, true], // the item's origin
    ['https://cdn.example/page', true, true], // the allow-list
    ['https://evil.example/', true, false],
    ['http://menu.example/', true, false], // another scheme is another origin
    ['app://kiosk/index.html', true, false], // never the kiosk's own page
    ['file:///etc/passwd', true, false],
    ['javascript:alert(1)', true, false],
    [42, true, false],
    ['https://maps.example/embed', false, true], // a page's own sub-frame: any http(s)
    ['about:blank', false, true],
    ['app://kiosk/index.html', false, false],
    ['file:///etc/passwd', false, false],
    ['data:text/html,x', false, false],
  ])('%s (main frame %s) allowed: %s', (url, isMainFrame, allowed) => {
    expect(isAllowedViewNavigation(url, isMainFrame, menu, allow)).toBe(allowed);
  });

  it('finds only web items of a content plan', () => {
    expect(findWebItem(playPlan, 'lobby/1')).toBeNull(); // an image
    expect(findWebItem(playPlan, 'nope')).toBeNull();
    expect(findWebItem(null, 'lobby/3')).toBeNull();
    const status: PlayPlan = { ...playPlan, screen: { kind: 'status', reason: 'show-status' } };
    expect(findWebItem(status, 'lobby/3')).toBeNull();
    expect(findWebItem(playPlan, 'lobby/3')).toEqual<WebPlanItem>({ type: 'web', id: 'lobby/3', url: 'https://menu.example/today', durationMs: 30_000, reloadMs: null });
  });
});

describe('web item views: what counts as a failed item', () => {
  it.each<[number, boolean, string | null]>([
    [-3, true, null], // ERR_ABORTED: our own refusal, or the page replacing its load
    [-105, false, null], // a sub-frame's problem is the page's
    [-105, true, 'load-error'], // NAME_NOT_RESOLVED
    [-102, true, 'load-error'], // CONNECTION_REFUSED
    [-7, true, 'timeout'],
  ])('did-fail-load %i (main frame %s) → %s', (code, isMainFrame, failure) => {
    expect(failureOfLoad(code, isMainFrame)).toBe(failure);
  });

  it.each<[number, string | null]>([
    [200, null],
    [204, null],
    [304, null],
    [0, null],
    [404, 'load-error'],
    [500, 'load-error'],
    [503, 'load-error'],
    [199, 'load-error'],
  ])('did-navigate HTTP %i → %s', (code, failure) => {
    expect(failureOfResponse(code)).toBe(failure);
  });

  it('a crash or a hang fails the item; our own close does not', () => {
    expect(failureOfProcess('gone', 'crashed')).toBe('crash');
    expect(failureOfProcess('gone', 'oom')).toBe('crash');
    expect(failureOfProcess('gone', 'killed')).toBe('crash');
    expect(failureOfProcess('gone', 'clean-exit')).toBeNull();
    expect(failureOfProcess('unresponsive')).toBe('timeout');
  });

  it('refuses every permission', () => {
    expect(contentPermissionDecision()).toBe(false);
  });
});

describe('web item views: bounds', () => {
  it('never leaves the window, whatever the renderer asks (property)', () => {
    const px = fc.integer({ min: 0, max: 16_384 });
    const area = fc.record({ width: fc.oneof(px, fc.double({ min: 0, max: 20_000, noNaN: true }), fc.double()), height: fc.oneof(px, fc.constantFrom(Number.NaN, -1)) });
    fc.assert(
      fc.property(fc.record({ x: px, y: px, width: px, height: px }), area, (bounds, size) => {
        const out = clampViewBounds(bounds, size);
        for (const value of Object.values(out)) expect(Number.isInteger(value) && value >= 0).toBe(true);
        expect(out.x + out.width).toBeLessThanOrEqual(Number.isFinite(size.width) ? Math.max(0, Math.floor(size.width)) : 0);
        expect(out.y + out.height).toBeLessThanOrEqual(Number.isFinite(size.height) ? Math.max(0, Math.floor(size.height)) : 0);
      }),
      { numRuns: 2000 },
    );
    expect(clampViewBounds({ x: 0, y: 56, width: 1920, height: 1080 }, { width: 1920, height: 1080 })).toEqual({ x: 0, y: 56, width: 1920, height: 1024 });
  });
});
