// Trace of every call the main process makes into the fake Electron, one JSON object per line
// (appended synchronously, so the record survives a crash or a process.exit mid-way).
'use strict';
const fs = require('node:fs');

const file = process.env.FAKE_ELECTRON_TRACE;
let seq = 0;
const state = { ready: false };

/** JSON-safe copy: functions, buffers and cycles become short markers; depth is bounded. */
function plain(value, depth = 0, seen = new WeakSet()) {
  if (typeof value === 'function') return '[function]';
  if (typeof value === 'bigint') return String(value);
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object') return value;
  if (Buffer.isBuffer(value)) return `[buffer ${value.length}]`;
  if (seen.has(value) || depth > 6) return '[object]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => plain(v, depth + 1, seen));
  const out = {};
  for (const [key, v] of Object.entries(value)) out[key] = plain(v, depth + 1, seen);
  return out;
}

/** Records `call(args…)`, with whether the app was ready at that moment. */
function record(call, ...args) {
  if (!file) return;
  const entry = { n: ++seq, call, ready: state.ready, args: plain(args) };
  fs.appendFileSync(file, JSON.stringify(entry) + '\n');
}

module.exports = { record, state };
