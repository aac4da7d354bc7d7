// Every screen fits every supported display without scrolling: 1024×600 panels, 600×1024
// portrait players, 1080p and 4K.
import type { StatusSnapshot } from '../../app/ipc/contract';
import { sampleProgress } from '../shells/browser/fake-runtime';
import { expect, expectNoOverflow, saveScreenshot, test } from './fixtures';

const viewports = [
  { name: '1024x600', width: 1024, height: 600 },
  { name: '600x1024', width: 600, height: 1024 },
  { name: '1920x1080', width: 1920, height: 1080 },
  { name: '3840x2160', width: 3840, height: 2160 },
];

const states: { name: string; patch: Partial<StatusSnapshot>; testId: string }[] = [
  { name: 'unclaimed', patch: {}, testId: 'claim-card' },
  {
    name: 'claimed',
    patch: { claim: { claimed: true }, connection: { state: 'offline', message: 'Hub unreachable — check the network cable', nextRetryAt: new Date(Date.now() + 60_000).toISOString() } },
    testId: 'status-screen',
  },
  {
    name: 'dialog',
    patch: { upgrade: { kind: 'notice', current: '1.0.0', available: '1.2.0', notes: 'Faster start-up, sharper text on 4K panels and a fix for Wi-Fi reconnects.', source: 'notice' } },
    testId: 'upgrade-dialog',
  },
  { name: 'progress', patch: { upgrade: { kind: 'in-progress', current: '1.0.0', target: '1.2.0', progress: sampleProgress() } }, testId: 'upgrade-progress' },
];

for (const vp of viewports) {
  test(`no overflow at ${vp.name}`, async ({ page, kiosk }) => {
    await page.setViewportSize({ width: vp.width, height: vp.height });
    await kiosk.open(page);
    for (const state of states) {
      kiosk.fake.setStatus({ ...kiosk.fake.status(), ...state.patch, upgrade: state.patch.upgrade ?? { kind: 'idle' } });
      await expect(page.getByTestId(state.testId)).toBeVisible();
      await expectNoOverflow(page);
      if (state.name === 'unclaimed') {
        // ≥ 240 px at 1080p scales to ≥ 22% of the screen height (and never below 120 px).
        const qr = (await page.getByTestId('claim-qr').boundingBox())!;
        expect(qr.width).toBeGreaterThanOrEqual(Math.min(vp.width, vp.height) * 0.22);
      }
      const headline = state.name === 'progress' ? page.locator('.progress-title') : page.getByTestId('connection-word');
      const statusLine = await headline.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(statusLine).toBeGreaterThanOrEqual(vp.height * 0.04 - 0.5);
      await saveScreenshot(page, `layout-${vp.name}-${state.name}`);
    }
  });
}
