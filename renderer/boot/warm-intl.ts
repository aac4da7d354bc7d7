// Chromium loads its ICU locale data on the first Intl call in a renderer process (20–60 ms on a
// kiosk-class CPU), and the status screen's clock makes that call inside its first render. The data
// is per process, not per thread: a throw-away worker making the same calls on the other core while
// the main thread evaluates the bundle takes that cost off the first status paint. Imported early
// by main.tsx. The worker is a same-origin file, so the strict CSP (script-src 'self') allows it.
function warmIntlOffThread(): void {
  if (typeof Worker !== 'function') return;
  try {
    const worker = new Worker(new URL('./intl-warmup.worker.ts', import.meta.url));
    // Only an optimisation: a worker that fails to load must not put an error on the kiosk.
    worker.addEventListener('error', (event) => event.preventDefault());
  } catch {
    // A protocol or policy that refuses workers: the first render pays the ICU cost instead.
  }
}

warmIntlOffThread();
