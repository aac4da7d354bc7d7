// The upgrade flow as the person in front of the screen meets it: notice dialog (once), progress,
// and the result — by touch and by keyboard.
import type { StatusSnapshot } from '../../app/ipc/contract';
import { sampleProgress } from '../shells/browser/fake-runtime';
import { expect, saveScreenshot, test } from './fixtures';

const notice: StatusSnapshot['upgrade'] = {
  kind: 'notice',
  current: '1.0.0',
  available: '1.2.0',
  notes: 'Faster start-up, sharper text on 4K panels and a fix for Wi-Fi reconnects.',
  source: 'notice',
};
const inProgress = (over = {}): StatusSnapshot['upgrade'] => ({ kind: 'in-progress', current: '1.0.0', target: '1.2.0', progress: sampleProgress(over) });

test('the notice dialog appears, "Later" hides it for this version and tells the core', async ({ page, kiosk }) => {
  await kiosk.open(page);
  kiosk.fake.setStatus({ upgrade: notice, versions: { app: '1.0.0', config: 3, latestKnown: '1.2.0' } });
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('upgrade-dialog-text')).toHaveText('Version 1.2.0 is available (you have 1.0.0).');
  await expect(dialog).toContainText('Faster start-up');
  await expect(page.getByTestId('upgrade-now')).toBeFocused();
  await saveScreenshot(page, 'upgrade-dialog');

  await page.getByTestId('upgrade-later').click();
  await expect(dialog).toHaveCount(0);
  await expect.poll(() => kiosk.fake.callsOf('postponeUpgrade')).toEqual([[{ version: '1.2.0' }]]);
  // The core may still re-send the same snapshot before it clears the notice: it stays hidden.
  kiosk.fake.setStatus({ upgrade: notice, space: { name: 'HQ', maintenance: false } });
  await expect(page.getByTestId('space-name')).toHaveText('HQ');
  await expect(dialog).toHaveCount(0);
  expect(kiosk.fake.callsOf('acceptUpgrade')).toEqual([]);
  await expect(page.getByTestId('card-software')).toContainText('Update available');
});

test('Esc means Later, and a newer version asks again', async ({ page, kiosk }) => {
  await kiosk.open(page);
  kiosk.fake.setStatus({ upgrade: notice });
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect.poll(() => kiosk.fake.callsOf('postponeUpgrade')).toEqual([[{ version: '1.2.0' }]]);
  kiosk.fake.setStatus({ upgrade: { ...notice, available: '1.3.0' } });
  await expect(page.getByTestId('upgrade-dialog-text')).toHaveText('Version 1.3.0 is available (you have 1.0.0).');
});

test('Enter means Upgrade now; focus stays inside the dialog; buttons are touch-sized', async ({ page, kiosk }) => {
  await kiosk.open(page);
  kiosk.fake.setStatus({ upgrade: notice });
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  for (const id of ['upgrade-now', 'upgrade-later']) {
    const box = (await page.getByTestId(id).boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(48);
    expect(box.width).toBeGreaterThanOrEqual(48);
  }
  for (let i = 0; i < 4; i += 1) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }
  // Enter anywhere in the dialog (not on the Later button) means the primary action.
  await dialog.focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect.poll(() => kiosk.fake.callsOf('acceptUpgrade')).toEqual([[{ version: '1.2.0' }]]);
  expect(kiosk.fake.callsOf('postponeUpgrade')).toEqual([]);
});

test('"Upgrade now" leads to a full-screen progress view fed by progress events', async ({ page, kiosk }) => {
  await kiosk.open(page);
  kiosk.fake.setStatus({ upgrade: notice });
  await page.getByTestId('upgrade-now').click();
  await expect.poll(() => kiosk.fake.callsOf('acceptUpgrade')).toEqual([[{ version: '1.2.0' }]]);

  kiosk.fake.setStatus({ upgrade: inProgress({ bytesDone: 0, rateBytesPerSec: 0, etaSec: null }) });
  const progress = page.getByTestId('upgrade-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toContainText('Updating to 1.2.0');
  await expect(progress).toContainText('Do not power off this screen');
  await expect(page.getByTestId('upgrade-phase')).toHaveText('Downloading');
  await expect(page.getByTestId('upgrade-percent')).toHaveText('0%');

  kiosk.fake.emit({ name: 'onUpgradeProgress', payload: sampleProgress() });
  await expect(page.getByTestId('upgrade-percent')).toHaveText('37%');
  await expect(page.getByTestId('upgrade-facts')).toHaveText('31 MB of 84 MB · 2.6 MB/s · about 20 s left');
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '37');
  await saveScreenshot(page, 'upgrade-progress');

  for (const [phase, word] of [['verify', 'Verifying'], ['install', 'Installing'], ['restart', 'Restarting…']] as const) {
    kiosk.fake.emit({ name: 'onUpgradeProgress', payload: sampleProgress({ phase, bytesDone: 83_886_080 }) });
    await expect(page.getByTestId('upgrade-phase')).toHaveText(word);
  }
  await expect(page.getByTestId('upgrade-percent')).toHaveCount(0);
});

test('success says which version now runs; dismissing tells the core', async ({ page, kiosk }) => {
  await kiosk.open(page);
  kiosk.fake.setStatus({ versions: { app: '1.2.0', config: 3, latestKnown: '1.2.0' }, upgrade: { kind: 'succeeded', version: '1.2.0', at: new Date().toISOString() } });
  await expect(page.getByTestId('upgrade-result-text')).toHaveText('Updated to 1.2.0.');
  await expect(page.getByTestId('upgrade-dismiss')).toBeFocused();
  await saveScreenshot(page, 'upgrade-success');
  await page.getByTestId('upgrade-dismiss').click();
  await expect.poll(() => kiosk.fake.callsOf('dismissUpgradeResult').length).toBe(1);
  await expect(page.getByTestId('upgrade-result')).toHaveCount(0);
  await expect(page.getByTestId('version-app')).toHaveText('1.2.0');
});

test('failure says, in plain words, which version still runs (the reason goes to diagnostics); Esc dismisses', async ({ page, kiosk }) => {
  await kiosk.open(page);
  kiosk.fake.setStatus({ upgrade: { kind: 'failed', target: '1.2.0', reason: 'checksum mismatch', at: new Date().toISOString() } });
  await expect(page.getByTestId('upgrade-result-text')).toHaveText('The update to 1.2.0 did not complete. Still running 1.0.0.');
  await expect(page.getByTestId('upgrade-result')).toHaveClass(/tone-error/);
  await saveScreenshot(page, 'upgrade-failed');
  await page.keyboard.press('Escape');
  await expect.poll(() => kiosk.fake.callsOf('dismissUpgradeResult').length).toBe(1);
  await expect(page.getByTestId('upgrade-result')).toHaveCount(0);
});

test('a core that refuses "Upgrade now" brings the dialog back with a toast', async ({ page, kiosk }) => {
  kiosk.fake.handlers.acceptUpgrade = async () => ({ ok: false, message: 'maintenance mode' });
  await kiosk.open(page);
  kiosk.fake.setStatus({ upgrade: notice });
  await page.getByTestId('upgrade-now').click();
  await expect(page.getByTestId('toast')).toHaveText('The update could not start');
  await expect(page.getByRole('dialog')).toBeVisible();
});
