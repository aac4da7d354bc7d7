// Turns electron-builder's unpacked linux app (`--linux dir`) into an installable .deb with Debian's
// own dpkg-deb (no fpm, nothing downloaded): the app under /opt, the launcher inside it, the menu
// entry and icons, the XDG autostart entry and systemd user unit, the root update service, and the
// maintainer scripts from build/deb/. Files are owned by root (--root-owner-group).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, copyFile, cp, lstat, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { APP_DIR, DEB_PACKAGE, renderControl, renderMd5sums } from './deb-control';
import { writeIconSet } from './icons';

const run = promisify(execFile);

export interface AssembleOptions {
  projectRoot: string;
  /** electron-builder's release/linux-unpacked. */
  unpackedDir: string;
  /** Where the .deb is written. */
  outDir: string;
  /** Scratch directory for the package tree (emptied first). */
  workDir: string;
  /** Debian version (see debianVersion()). */
  version: string;
  /** Debian architecture (see debianArch()). */
  arch: string;
  /** xz for releases; tests use gzip to save CPU. */
  compression?: 'xz' | 'gzip';
}

/** Where each shipped file of build/ goes, mode included. */
const PLACED: { from: string; to: string; mode: number }[] = [
  { from: 'build/deb/xyte-kiosk.desktop', to: 'usr/share/applications/xyte-kiosk.desktop', mode: 0o644 },
  { from: 'build/linux/xyte-kiosk-autostart.desktop', to: 'etc/xdg/autostart/xyte-kiosk.desktop', mode: 0o644 },
  { from: 'build/linux/xyte-kiosk.service', to: 'usr/lib/systemd/user/xyte-kiosk.service', mode: 0o644 },
  { from: 'build/deb/xyte-kiosk-update.path', to: 'usr/lib/systemd/system/xyte-kiosk-update.path', mode: 0o644 },
  { from: 'build/deb/xyte-kiosk-update.service', to: 'usr/lib/systemd/system/xyte-kiosk-update.service', mode: 0o644 },
  { from: 'build/deb/install-deb', to: 'usr/libexec/xyte-kiosk/install-deb', mode: 0o755 },
  { from: 'build/deb/copyright', to: 'usr/share/doc/xyte-kiosk/copyright', mode: 0o644 },
  { from: 'build/deb/lintian-overrides', to: 'usr/share/lintian/overrides/xyte-kiosk', mode: 0o644 },
];
const MAINTAINER_SCRIPTS = ['postinst', 'prerm', 'postrm'];
/** Files under /etc are the admin's to edit: dpkg keeps their changes on upgrade. */
export const CONFFILES = ['/etc/xdg/autostart/xyte-kiosk.desktop'];

export async function assembleDeb(o: AssembleOptions): Promise<{ debFile: string; tree: string }> {
  const tree = path.join(o.workDir, 'tree');
  await rm(tree, { recursive: true, force: true });
  await mkdir(path.join(tree, 'DEBIAN'), { recursive: true });
  const pkg = JSON.parse(await readFile(path.join(o.projectRoot, 'package.json'), 'utf8')) as { description: string };

  await cp(o.unpackedDir, path.join(tree, APP_DIR), { recursive: true, verbatimSymlinks: true });
  await mkdir(path.join(tree, 'usr', 'bin'), { recursive: true });
  await symlink(`${APP_DIR}/xyte-kiosk`, path.join(tree, 'usr', 'bin', 'xyte-kiosk'));
  for (const f of PLACED) {
    const to = path.join(tree, f.to);
    await mkdir(path.dirname(to), { recursive: true });
    await copyFile(path.join(o.projectRoot, f.from), to);
  }
  await writeIconSet(path.join(o.projectRoot, 'build', 'icon.png'), tree, DEB_PACKAGE);
  await writeFile(path.join(tree, 'usr/share/doc/xyte-kiosk/changelog.gz'), gzipSync(changelog(o.version), { level: 9 }));
  await mkdir(path.join(tree, 'usr/share/man/man1'), { recursive: true });
  await writeFile(path.join(tree, 'usr/share/man/man1/xyte-kiosk.1.gz'), gzipSync(await readFile(path.join(o.projectRoot, 'build/deb/xyte-kiosk.1')), { level: 9 }));
  await normaliseModes(tree);
  for (const f of PLACED) await chmod(path.join(tree, f.to), f.mode);

  const files = await listFiles(tree);
  const md5 = await Promise.all(files.map(async (p) => ({ path: p, md5: createHash('md5').update(await readFile(path.join(tree, p))).digest('hex') })));
  const sizeKiB = (await Promise.all(files.map(async (p) => Math.ceil((await lstat(path.join(tree, p))).size / 1024)))).reduce((a, b) => a + b, 0);
  const control = renderControl({
    version: o.version,
    arch: o.arch,
    installedSizeKiB: sizeKiB,
    maintainer: 'Xyte Kiosk team <kiosk@xyte.io>',
    synopsis: 'kiosk and digital-signage client for the Xyte device cloud',
    description: `${pkg.description}.\nStarts at boot (XDG autostart or systemd user unit) and updates itself\nthrough a root update service that verifies every package it installs.`,
  });
  await writeFile(path.join(tree, 'DEBIAN', 'control'), control);
  await writeFile(path.join(tree, 'DEBIAN', 'md5sums'), renderMd5sums(md5));
  await writeFile(path.join(tree, 'DEBIAN', 'conffiles'), CONFFILES.map((c) => `${c}\n`).join(''));
  for (const s of MAINTAINER_SCRIPTS) {
    await copyFile(path.join(o.projectRoot, 'build', 'deb', s), path.join(tree, 'DEBIAN', s));
    await chmod(path.join(tree, 'DEBIAN', s), 0o755);
  }
  for (const f of ['control', 'md5sums', 'conffiles']) await chmod(path.join(tree, 'DEBIAN', f), 0o644);

  await mkdir(o.outDir, { recursive: true });
  const debFile = path.join(o.outDir, `${DEB_PACKAGE}_${o.version}_${o.arch}.deb`);
  await run('dpkg-deb', ['--root-owner-group', `-Z${o.compression ?? 'xz'}`, '--build', tree, debFile], { maxBuffer: 4 * 1024 * 1024 });
  return { debFile, tree };
}

function changelog(version: string): string {
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  const date = new Date(Number.isFinite(epoch) && epoch > 0 ? epoch * 1000 : Date.now()).toUTCString().replace('GMT', '+0000');
  return `${DEB_PACKAGE} (${version}) stable; urgency=medium\n\n  * Release ${version}.\n\n -- Xyte Kiosk team <kiosk@xyte.io>  ${date}\n`;
}

/** Directories 0755, files 0755 when any execute bit is set and 0644 otherwise; links untouched. */
async function normaliseModes(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) {
      await chmod(p, 0o755);
      await normaliseModes(p);
    } else {
      await chmod(p, (await lstat(p)).mode & 0o111 ? 0o755 : 0o644);
    }
  }
}

/** Regular files below `root` (package paths, DEBIAN excluded). */
async function listFiles(root: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(root, rel), { withFileTypes: true })) {
    const p = path.posix.join(rel, entry.name);
    if (p === 'DEBIAN') continue;
    if (entry.isDirectory()) out.push(...(await listFiles(root, p)));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}
