// electron-builder beforeBuild hook: `false` = node_modules are handled outside electron-builder.
// Ours are: scripts/build-electron.ts bundles every dependency into dist/electron/*.cjs, so the
// package must contain no node_modules at all (electron-builder.yml).
module.exports = async function beforeBuild() {
  return false;
};
