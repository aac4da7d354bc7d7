// Builds the renderer into dist/renderer with relative asset paths, so the same files load from
// the browser shell (http://127.0.0.1) and from Electron's custom protocol (app://kiosk/).
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * Preloads the Inter woff2 files: without it the browser only asks for a weight once a rendered
 * element uses it, so the status screen would paint in the fallback font and re-lay-out when Inter
 * arrives (font-display: swap). Same-origin files, so the CSP's font-src 'self' covers them.
 */
function preloadFonts(): Plugin {
  return {
    name: 'kiosk-preload-fonts',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (_html, ctx) =>
        Object.keys(ctx.bundle ?? {})
          .filter((file) => /inter-latin-\d+-normal-[\w-]+\.woff2$/.test(file))
          .sort()
          .map((file) => ({ tag: 'link', attrs: { rel: 'preload', as: 'font', type: 'font/woff2', href: `./${file}`, crossorigin: '' }, injectTo: 'head' as const })),
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  plugins: [react(), preloadFonts()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Fonts and icons must be files: the CSP has no data: for fonts, and nothing inline.
    assetsInlineLimit: 0,
    // The polyfill would be an inline script, which the CSP forbids; Chromium needs none.
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    sourcemap: false,
    reportCompressedSize: false,
  },
});
