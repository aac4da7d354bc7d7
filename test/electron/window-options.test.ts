import { describe, expect, it } from 'vitest';
import { kioskWindowOptions } from '../../app/electron/window-options';

describe('kioskWindowOptions', () => {
  const production = kioskWindowOptions({ preloadPath: '/opt/app/preload.cjs', isDev: false });
  const dev = kioskWindowOptions({ preloadPath: '/opt/app/preload.cjs', isDev: true });

  it.each([
    ['kiosk', true],
    ['fullscreen', true],
    ['frame', false],
    ['autoHideMenuBar', true],
    ['show', false],
  ] as const)('window %s is %s', (key, value) => {
    expect(production[key]).toBe(value);
    expect(dev[key]).toBe(value);
  });

  it('paints a dark background before the renderer is ready', () => {
    expect(production.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
  });

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['webviewTag', false],
    ['experimentalFeatures', false],
    ['plugins', false],
    ['spellcheck', false],
    ['navigateOnDragDrop', false],
    ['safeDialogs', true],
    ['disableBlinkFeatures', 'Auxclick'],
    ['backgroundThrottling', false],
  ] as const)('webPreferences.%s is %s in production and dev', (key, value) => {
    expect(production.webPreferences?.[key]).toBe(value);
    expect(dev.webPreferences?.[key]).toBe(value);
  });

  it('allows devtools only in an unpackaged dev run', () => {
    expect(production.webPreferences?.devTools).toBe(false);
    expect(dev.webPreferences?.devTools).toBe(true);
  });

  it('uses the given preload and nothing that enables extra features', () => {
    expect(production.webPreferences?.preload).toBe('/opt/app/preload.cjs');
    expect(production.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(production.webPreferences).not.toHaveProperty('additionalArguments');
  });
});
