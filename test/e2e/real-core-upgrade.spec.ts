// The firmware upgrade end to end: the REAL core runtime and hub simulator behind the browser
// shell, a real installer script (one that installs in place and prints `installed`, so no restart
// is needed), real Chromium. Notice → dialog → Upgrade now → progress → result screen.
import { test as base, expect } from '@playwright/test';
import { createInstallerScript, firmwareBytes, type InstallerScript } from '../core/upgrade/helpers';
import { guardPage, openKiosk } from './fixtures';
import { startRealKiosk, type RealKiosk } from './real-kiosk';

const test = base.extend<{ real: RealKiosk & { installer: InstallerScript } }>({
  // Playwright requires an object pattern even when a fixture needs no other fixture.
  // eslint-disable-next-line no-empty-pattern
  real: async ({}, use) => {
    const installer = createInstallerScript({ inPlace: true });
    const real = await startRealKiosk({ firmware: { installer: installer.option } });
    await use({ ...real, installer });
    await real.close();
    installer.cleanup();
  },
});

test('notice → Upgrade now → progress → success', async ({ page, real }) => {
  const guard = await guardPage(page, new URL(real.shell.url).origin);
  await openKiosk(page, real.shell.url);
  await expect(page.getByTestId('connection-word')).toHaveText('Online', { timeout: 15_000 });
  await real.deviceId();

  // A slow first byte keeps the progress screen up long enough to look at.
  real.hub.control.injectFault({ route: 'download', delayMs: 2_000, times: 1 });
  real.hub.control.publishFirmware({ version: '1.1.0', data: firmwareBytes('B', 256 * 1024), notes: 'Sharper text on 4K panels.' });
  await expect(page.getByTestId('upgrade-dialog-text')).toHaveText('Version 1.1.0 is available (you have 1.0.0).', { timeout: 15_000 });
  // The release notes published with the version reach the dialog.
  await expect(page.getByTestId('upgrade-notes')).toHaveText('Sharper text on 4K panels.', { timeout: 15_000 });
  await page.getByTestId('upgrade-now').click();

  const progress = page.getByTestId('upgrade-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toContainText('Updating to 1.1.0');
  await expect(page.getByTestId('upgrade-result-text')).toHaveText('Updated to 1.1.0.', { timeout: 20_000 });
  expect(real.installer.installedVersion()).toBe('1.1.0');

  await page.getByTestId('upgrade-dismiss').click();
  await expect(page.getByTestId('upgrade-result')).toHaveCount(0);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  // Installed in place: the Software card agrees with the dialog.
  await expect(page.getByTestId('version-app')).toHaveText('1.1.0');
  expect(guard.problems).toEqual([]);
});

test('update_firmware installed in place: the command, the dialog and the card agree', async ({ page, real }) => {
  const guard = await guardPage(page, new URL(real.shell.url).origin);
  await openKiosk(page, real.shell.url);
  await expect(page.getByTestId('connection-word')).toHaveText('Online', { timeout: 15_000 });
  const id = await real.deviceId();
  const file = real.hub.control.publishFirmware({ version: '1.2.0', data: firmwareBytes('C', 64 * 1024) });
  await page.getByTestId('upgrade-later').click({ timeout: 15_000 });
  const commandId = real.hub.control.enqueueCommand(id, { name: 'update_firmware', parameters: { file_id: file.fileId } });
  await expect(page.getByTestId('upgrade-result-text')).toHaveText('Updated to 1.2.0.', { timeout: 20_000 });
  await expect.poll(() => real.hub.control.commands(id).find((c) => c.id === commandId)?.status, { timeout: 15_000 }).toBe('done');
  expect(real.installer.installedVersion()).toBe('1.2.0');
  await page.getByTestId('upgrade-dismiss').click();
  await expect(page.getByTestId('version-app')).toHaveText('1.2.0');
  await expect(page.getByTestId('card-software')).not.toContainText('Update available');
  expect(guard.problems).toEqual([]);
});

test('a tampered file → plain failure screen (the reason in diagnostics); nothing installed', async ({ page, real }) => {
  const guard = await guardPage(page, new URL(real.shell.url).origin);
  await openKiosk(page, real.shell.url);
  await expect(page.getByTestId('connection-word')).toHaveText('Online', { timeout: 15_000 });
  await real.deviceId();

  const data = firmwareBytes('B', 64 * 1024);
  const tampered = Buffer.from(data);
  tampered[0] = (tampered[0]! + 1) & 0xff;
  real.hub.control.publishFirmware({ version: '1.1.0', data, servedData: tampered });
  await expect(page.getByTestId('upgrade-dialog-text')).toHaveText('Version 1.1.0 is available (you have 1.0.0).', { timeout: 15_000 });
  await page.getByTestId('upgrade-now').click();

  const result = page.getByTestId('upgrade-result-text');
  await expect(result).toHaveText('The update to 1.1.0 did not complete. Still running 1.0.0.', { timeout: 20_000 });
  await expect(page.getByTestId('upgrade-result')).toHaveClass(/tone-error/);
  expect(real.installer.log()).toEqual([]);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+D');
  await expect(page.getByTestId('diagnostics-log')).toContainText('does not match the expected sha256 checksum');
  await page.getByTestId('diagnostics-close').click();
  await expect(page.getByTestId('upgrade-result')).toHaveCount(0);
  expect(guard.problems).toEqual([]);
});
