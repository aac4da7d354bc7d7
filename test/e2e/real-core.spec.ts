// The REAL core runtime + hub simulator behind the browser shell: the whole chain from a cloud
// change in the simulator to what the kiosk screen shows.
import { test as base, expect } from '@playwright/test';
import { guardPage, openKiosk, saveScreenshot } from './fixtures';
import { startRealKiosk, type RealKiosk } from './real-kiosk';

const test = base.extend<{ real: RealKiosk }>({
  // Playwright requires an object pattern even when a fixture needs no other fixture.
  // eslint-disable-next-line no-empty-pattern
  real: async ({}, use) => {
    const real = await startRealKiosk();
    await use(real);
    await real.close();
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
  await expect(page.getByTestId('toast').filter({ hasText: 'Settings updated' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('device-name')).toHaveText('Lobby East');

  // The reload command really reloads the page (a marker set before is gone), then reports done.
  await page.evaluate(() => ((window as unknown as { beforeReload?: boolean }).beforeReload = true));
  const commandId = real.hub.control.enqueueCommand(id, { name: 'reload' });
  await page.waitForFunction(() => !(window as unknown as { beforeReload?: boolean }).beforeReload, undefined, { timeout: 15_000 });
  await expect(page.getByTestId('device-name')).toHaveText('Lobby East');
  await expect.poll(() => real.hub.control.commands(id).find((c) => c.id === commandId)?.status, { timeout: 15_000 }).toBe('done');

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
