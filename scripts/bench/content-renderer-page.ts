// In-page half of the content renderer bench: the real content engine (renderer/content/) on a
// bare page, with a switch-punctuality recorder and a per-frame blank probe. Bundled by
// scripts/bench/content-renderer.ts; not part of the app.
import type { PlayPlan } from '../../app/ipc/contract';
import { createContentEngine } from '../../renderer/content/content-engine';

const stats = { delays: [] as number[], switches: 0, frames: 0, blank: 0, started: false };
let scheduledEnd: number | null = null;
const root = document.getElementById('root')!;
const engine = createContentEngine(root, {
  report: () => undefined,
  onSwitch: (item) => {
    const now = performance.now();
    const due = scheduledEnd;
    stats.switches += 1;
    // the first frame that can show the new item; its time minus when the old item was due
    if (due !== null) requestAnimationFrame((frameTime) => stats.delays.push(Math.max(0, frameTime - due)));
    scheduledEnd = now + (item.durationMs ?? 0);
  },
});

const showing = (): boolean => {
  const el = document.querySelector('.content-slot.is-live')?.firstElementChild;
  return el instanceof HTMLImageElement ? el.complete && el.naturalWidth > 0 : el instanceof HTMLVideoElement ? el.readyState >= 2 : false;
};
const tick = () => {
  const ok = showing();
  if (ok) stats.started = true;
  if (stats.started) {
    stats.frames += 1;
    if (!ok) stats.blank += 1;
  }
  requestAnimationFrame(tick);
};
requestAnimationFrame(tick);

Object.assign(window, { __bench: stats, __play: (plan: PlayPlan) => engine.setPlan(plan) });
