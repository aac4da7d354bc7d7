// Toasts for cloud-driven changes: brief, non-blocking, announced politely.
import { expect, saveScreenshot, test } from './fixtures';

test('a config change shows a toast; a refused one says so in plain words (the reason is for the operator)', async ({ page, kiosk }) => {
  await kiosk.open(page);
  kiosk.fake.emit({ name: 'onConfig', payload: { outcome: 'applied', version: 4, changed: ['display', 'telemetry'] } });
  await expect(page.getByTestId('toast')).toHaveText('Settings updated');
  await expect(page.getByRole('list', { name: 'Notifications' })).toHaveAttribute('aria-live', 'polite');
  kiosk.fake.emit({ name: 'onConfig', payload: { outcome: 'refused', version: 5, changed: [], message: 'telemetry.interval must be between 5 and 120' } });
  await expect(page.getByTestId('toast').filter({ hasText: 'not applied' })).toHaveText('New settings not applied — keeping the current ones');
  await page.keyboard.press('Control+Shift+D');
  await expect(page.getByTestId('diagnostics-log')).toContainText('version 5 refused: telemetry.interval must be between 5 and 120');
});

test('a command shows its label, then its outcome in the same toast', async ({ page, kiosk }) => {
  await kiosk.open(page);
  kiosk.fake.emit({ name: 'onCommand', payload: { phase: 'started', id: 'cmd-1', name: 'reboot', label: 'Rebooting…' } });
  await expect(page.getByTestId('toast')).toHaveText('Rebooting…');
  await saveScreenshot(page, 'toast-command');
  kiosk.fake.emit({ name: 'onCommand', payload: { phase: 'finished', id: 'cmd-1', name: 'reboot', label: 'Rebooting…', ok: false, message: 'not permitted' } });
  await expect(page.getByTestId('toast')).toHaveText('Rebooting: did not work');
  await expect(page.getByTestId('toast')).toHaveCount(1);
});

test('toasts go away by themselves and never block the screen', async ({ page, kiosk }) => {
  await kiosk.open(page);
  kiosk.fake.emit({ name: 'onCommand', payload: { phase: 'finished', id: 'cmd-2', name: 'reload', label: 'Reloading…', ok: true } });
  await expect(page.getByTestId('toast')).toHaveText('Reloading: done');
  expect(await page.locator('.toasts').evaluate((el) => getComputedStyle(el).pointerEvents)).toBe('none');
  await expect(page.getByTestId('toast')).toHaveCount(0, { timeout: 15_000 });
});

test('a dropped connection shows a banner and the screen catches up after reconnecting', async ({ page, kiosk, guard }) => {
  await kiosk.open(page);
  guard.allow(/WebSocket connection to .* failed/);
  await kiosk.stopShell();
  await expect(page.getByTestId('reconnecting')).toBeVisible();
  kiosk.fake.setStatus({ claim: { claimed: true }, connection: { state: 'offline', message: 'Hub unreachable' } });
  await kiosk.restartShell();
  await expect(page.getByTestId('reconnecting')).toHaveCount(0);
  await expect(page.getByTestId('connection-word')).toHaveText('Offline');
  await expect(page.getByTestId('claim-card')).toHaveCount(0);
});
