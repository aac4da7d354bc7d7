// electron-builder beforeBuild hook: `false` = node_modules are handled outside electron-builder.
// Ours are: scripts/build-electron.ts bundles every dependency into dist/electron/*.cjs, so the
// package must contain no node_modules at all (see electron-builder.yml).
export default async function beforeBuild() {
  return false;
}
