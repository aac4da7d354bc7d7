// Electron's rule for downloads, whoever starts them (the kiosk page, a web item's view): cancel.
// Web items never load inside the kiosk page in Electron: each has its own view, whose navigation
// rules live in content-view-policy.ts; the kiosk page's frames never leave app:// (navigation-policy.ts).

/** The answer to every `will-download`: cancel. A signage screen saves nothing a page offers. */
export function downloadDecision(): 'cancel' {
  return 'cancel';
}
