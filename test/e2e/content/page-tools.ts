// Browser-side helpers for the content specs: a WebM recorded by Chromium itself (so no video
// fixture or encoder is needed) and a per-frame probe that counts frames in which the live
// content layer shows nothing.
import type { Browser, Page } from '@playwright/test';

/** Records ~1.2 s of an animated canvas as WebM in a scratch page and returns the bytes. */
export async function recordWebm(browser: Browser): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    await page.setContent('<canvas width="160" height="90"></canvas>');
    const base64 = await page.evaluate(async () => {
      const canvas = document.querySelector('canvas')!;
      const ctx = canvas.getContext('2d')!;
      const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: 'video/webm' });
      const chunks: Blob[] = [];
      recorder.ondataavailable = (e) => chunks.push(e.data);
      const stopped = new Promise((resolve) => (recorder.onstop = resolve));
      recorder.start();
      const started = performance.now();
      await new Promise<void>((resolve) => {
        const draw = () => {
          const t = performance.now() - started;
          ctx.fillStyle = '#f59e0b';
          ctx.fillRect(0, 0, 160, 90);
          ctx.fillStyle = '#111';
          ctx.fillRect((t / 8) % 160, 30, 30, 30);
          if (t < 1200) requestAnimationFrame(draw);
          else resolve();
        };
        draw();
      });
      recorder.stop();
      await stopped;
      const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
      let text = '';
      for (const b of bytes) text += String.fromCharCode(b);
      return btoa(text);
    });
    return Buffer.from(base64, 'base64');
  } finally {
    await page.close();
  }
}

/** Counts painted frames, and frames where content had started but the live layer was empty. */
export async function installFrameProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe = { frames: 0, blank: 0, started: false };
    (window as unknown as { __probe: typeof probe }).__probe = probe;
    const showing = (): boolean => {
      const live = document.querySelector('.content-slot.is-live');
      const el = live?.firstElementChild;
      if (!el) return false;
      if (el instanceof HTMLImageElement) return el.complete && el.naturalWidth > 0;
      if (el instanceof HTMLVideoElement) return el.readyState >= 2;
      return el instanceof HTMLIFrameElement;
    };
    const tick = () => {
      if (document.querySelector('.content-layer')) {
        const ok = showing();
        if (ok) probe.started = true;
        if (probe.started) {
          probe.frames += 1;
          if (!ok) probe.blank += 1;
        }
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

export async function readFrameProbe(page: Page): Promise<{ frames: number; blank: number }> {
  return page.evaluate(() => {
    const { frames, blank } = (window as unknown as { __probe: { frames: number; blank: number } }).__probe;
    return { frames, blank };
  });
}
