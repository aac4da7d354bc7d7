// Runs once in a throw-away worker (see warm-intl.ts): the same Intl calls the first render
// makes, so Chromium's per-process ICU data is loaded on the other core. Then it ends itself.
new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
close();
