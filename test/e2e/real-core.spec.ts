// The REAL core runtime + hub simulator behind the browser shell: the whole chain from a cloud
// change in the simulator to what the kiosk screen shows.
import { test as base, expect } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../app/core/log/logger';
import { createKioskRuntime, type KioskRuntime } from '../../app/core/runtime';
import { createBrowserPlatform } from '../../app/shells/browser/platform';
import { startBrowserShell, type BrowserShell } from '../../app/shells/browser/server';
import { startHub } from '../hub/index';
import { guardPage, openKiosk, rendererDir, saveScreenshot } from './fixtures';

type Hub = Awaited<ReturnType<typeof startHub>>;

interface RealKiosk {
  hub: Hub;
  runtime: KioskRuntime;
  shell: BrowserShell;
  deviceId(): Promise<string>;
  telemetryCount(): number;
}

const test = base.extend<{ real: RealKiosk }>({
  // Playwright requires an object pattern even when a fixture needs no other fixture.
  // eslint-disable-next-line no-empty-pattern
  real: async ({}, use) => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kiosk-e2e-'));
    const logger = createLogger({ level: 'warn' });
    const hub = await startHub({});
    const runtime = await createKioskRuntime({
      dataDir,
      entryUrl: hub.entryUrl,
      appVersion: '1.0.0',
      logger,
      telemetryIntervalSec: 1,
      platform: createBrowserPlatform(logger, () => undefined),
    });
    const shell = await startBrowserShell({ runtime, rendererDir, logger });
    await runtime.start();
    const deviceId = async () => {
      await expect.poll(async () => (await runtime.handlers.getStatus()).device.deviceId ?? '', { timeout: 15_000 }).not.toBe('');
      return (await runtime.handlers.getStatus()).device.deviceId!;
    };
    const telemetryCount = () => hub.control.requestLog().filter((q) => q.route === 'sendTelemetry').length;
    await use({ hub, runtime, shell, deviceId, telemetryCount });
    await shell.close();
    await runtime.stop();
    await hub.close();
    await rm(dataDir, { recursive: true, force: true });
  },
});

test('registers, shows the claim QR until claimed, then reacts to config, commands and a new version', async ({ page, real }) => {
  const guard = await guardPage(page, new URL(real.shell.url).origin);
  await openKiosk(page, real.shell.url);

  // Unregistered → registered: online, unclaimed, with the claim QR for its Cloud ID.
  await expect(page.getByTestId('connection-word')).toHaveText('Online', { timeout: 15_000 });
  const id = await real.deviceId();
  const cloudId = real.hub.control.device(id)!.cloud_id!;
  await expect(page.getByTestId('claim-qr')).toBeVisible();
  await expect(page.getByTestId('claim-cloud-id')).toHaveText(cloudId);
  await saveScreenshot(page, 'real-core-unclaimed');

  // Claimed in the portal: the QR goes away on the next telemetry round.
  real.hub.control.claim(id, { name: 'Lobby' });
  await expect(page.getByTestId('claim-card')).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByTestId('space-name')).toHaveText('Lobby');

  // A config change from the cloud: applied, and a toast names the section.
  real.hub.control.setConfig(id, { display: { title: 'Lobby East' } });
  await expect(page.getByTestId('toast').filter({ hasText: 'Settings updated' })).toContainText('display', { timeout: 15_000 });
  await expect(page.getByTestId('device-name')).toHaveText('Lobby East');

  // A command: the toast shows its label.
  real.hub.control.enqueueCommand(id, { name: 'reload' });
  await expect(page.getByTestId('toast').filter({ hasText: /reload/i })).toBeVisible({ timeout: 15_000 });

  // A new version: the notice dialog, once.
  real.hub.control.publishFirmware({ version: '9.9.9', size: 1024 });
  await expect(page.getByTestId('upgrade-dialog-text')).toHaveText('Version 9.9.9 is available (you have 1.0.0).', { timeout: 15_000 });
  await saveScreenshot(page, 'real-core-upgrade-dialog');
  await page.getByTestId('upgrade-later').click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  const after = real.telemetryCount();
  await expect.poll(() => real.telemetryCount(), { timeout: 15_000 }).toBeGreaterThanOrEqual(after + 3);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByTestId('version-latest')).toHaveText('9.9.9');

  expect(guard.problems).toEqual([]);
});
