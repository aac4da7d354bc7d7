// The status screen over the fake runtime: what a person in front of the kiosk sees.
import { FAKE_CLAIM_URL } from '../shells/browser/fake-runtime';
import { expect, saveScreenshot, test } from './fixtures';

test('shows device, connection, versions, space, licenses and a ticking telemetry age', async ({ page, kiosk }) => {
  await kiosk.open(page);
  await expect(page.getByTestId('device-name')).toHaveText('Lobby Display 3');
  await expect(page.getByTestId('connection-word')).toHaveText('Online');
  await expect(page.getByTestId('version-app')).toHaveText('1.0.0');
  await expect(page.getByTestId('space-name')).toHaveText('HQ — Floor 2 Lobby');
  await expect(page.getByTestId('licenses-active')).toHaveText('2 active');
  const age = page.getByTestId('last-telemetry');
  await expect(age).toHaveText(/^\d+ s ago$/);
  const first = await age.textContent();
  await expect(age).not.toHaveText(first!);
  await expect(page).toHaveTitle('Lobby Display 3');
  await saveScreenshot(page, 'status-unclaimed-1080p');
});

test('the status line is at least 4% of the screen height', async ({ page, kiosk }) => {
  await kiosk.open(page);
  const size = await page.getByTestId('connection-word').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThanOrEqual(0.04 * 1080);
});

test('shows a large claim QR with Cloud ID and serial while unclaimed, and drops it once claimed', async ({ page, kiosk }) => {
  await kiosk.open(page);
  const qr = page.getByTestId('claim-qr');
  await expect(qr).toBeVisible();
  const box = (await qr.boundingBox())!;
  expect(box.width).toBeGreaterThanOrEqual(240);
  expect(box.height).toBeGreaterThanOrEqual(240);
  await expect(page.getByText('Scan to claim this screen')).toBeVisible();
  await expect(page.getByTestId('claim-cloud-id')).toHaveText('CLD-7F3A-91B2');
  await expect(page.getByTestId('claim-serial')).toHaveText('XK-2024-000317');
  await expect(page.getByText(FAKE_CLAIM_URL.replace('https://', ''))).toBeVisible();

  kiosk.fake.setStatus({ claim: { claimed: true } });
  await expect(page.getByTestId('claim-card')).toHaveCount(0);
  await expect(page.getByTestId('connection')).toContainText('Cloud ID CLD-7F3A-91B2');
  await saveScreenshot(page, 'status-claimed-1080p');
});

test('words and colours every connection state', async ({ page, kiosk }) => {
  await kiosk.open(page);
  const retry = new Date(Date.now() + 30_000).toISOString();
  const cases = [
    { connection: { state: 'unregistered' }, word: 'Not registered', tone: 'tone-neutral' },
    { connection: { state: 'registering', attempt: 2, nextRetryAt: retry }, word: 'Registering', tone: 'tone-warn', detail: /^Can't reach Xyte — retrying · Next try in \d+ s$/ },
    {
      connection: { state: 'already-registered', message: 'duplicate serial' },
      word: 'Already registered',
      tone: 'tone-error',
      detail: 'This device is already registered — delete or replace it in the Xyte portal',
    },
    { connection: { state: 'offline', message: 'connect ECONNRESET', nextRetryAt: retry }, word: 'Offline', tone: 'tone-warn', detail: /^Can't reach Xyte — retrying · Next try in/ },
    { connection: { state: 'error', message: 'HTTP 403 from hub' }, word: 'Error', tone: 'tone-error', detail: 'Xyte did not accept the connection — retrying' },
    { connection: { state: 'online' }, word: 'Online', tone: 'tone-ok' },
  ] as const;
  for (const c of cases) {
    kiosk.fake.setStatus({ connection: c.connection });
    await expect(page.getByTestId('connection-word')).toHaveText(c.word);
    await expect(page.getByTestId('connection')).toHaveClass(new RegExp(c.tone));
    if ('detail' in c) await expect(page.getByTestId('connection-detail')).toHaveText(c.detail);
    if (c.connection.state === 'already-registered') await saveScreenshot(page, 'status-already-registered');
  }
});

test('follows the theme, title and maintenance mode from the status', async ({ page, kiosk }) => {
  await kiosk.open(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  kiosk.fake.setStatus({
    display: { theme: 'light', title: 'Reception' },
    space: { name: 'HQ — Reception', maintenance: true },
    claim: { claimed: true },
  });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.getByTestId('device-name')).toHaveText('Reception');
  await expect(page.getByTestId('maintenance-badge')).toHaveText('Maintenance');
  await saveScreenshot(page, 'status-light-maintenance');
});

test('sends a heartbeat with the current screen name', async ({ page, kiosk }) => {
  await kiosk.open(page);
  const lastScreen = () => (kiosk.fake.callsOf('heartbeat').at(-1)?.[0] as { screen?: string } | undefined)?.screen;
  await expect.poll(lastScreen).toBe('status');
  kiosk.fake.setStatus({ upgrade: { kind: 'notice', current: '1.0.0', available: '1.2.0', source: 'notice' } });
  await expect.poll(lastScreen).toBe('upgrade-dialog');
});

test('is fully usable without a mouse: Tab reaches nothing on the plain status screen', async ({ page, kiosk }) => {
  // The status screen has no actions (nothing to press by accident); focus must not get lost in it.
  await kiosk.open(page);
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.tagName);
  expect(['BODY', 'HTML']).toContain(focused);
});

test('says in plain words whether instant updates (push) are on', async ({ page, kiosk }) => {
  await kiosk.open(page);
  await expect(page.getByTestId('push-state')).toHaveCount(0); // unknown: nothing shown
  kiosk.fake.setStatus({ push: 'connected' });
  await expect(page.getByTestId('push-state')).toHaveText('Instant updates on');
  kiosk.fake.setStatus({ push: 'disconnected' });
  await expect(page.getByTestId('push-state')).toHaveText('Instant updates reconnecting');
  kiosk.fake.setStatus({ push: 'off' });
  await expect(page.getByTestId('push-state')).toHaveText('Instant updates off');
});
