// `node --require register.cjs main.cjs`: makes require('electron') — and only that name —
// resolve to the fake in this folder. Everything else resolves as usual.
'use strict';
const Module = require('node:module');
const path = require('node:path');

const fake = path.join(__dirname, 'index.cjs');
const original = Module._resolveFilename;
Module._resolveFilename = function resolveElectron(request, ...rest) {
  if (request === 'electron') return fake;
  return original.call(this, request, ...rest);
};
