// Pure parts of the .deb: the control file, md5sums and the Debian architecture name. Kept apart
// from the file copying so they are table-tested without building anything.
import { debianVersion as debianVersionOf } from '../../app/core/firmware/installers/deb-spool';

export const DEB_PACKAGE = 'xyte-kiosk';
export const APP_DIR = '/opt/Xyte Kiosk';

/** What Electron needs at run time (electron-builder's deb defaults), plus adduser for the group. */
export const DEB_DEPENDS = ['adduser', 'libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0'];

/** openssl checks signed updates; systemd runs the update service (the package works without both). */
export const DEB_RECOMMENDS = ['openssl', 'systemd'];

export interface ControlFields {
  version: string;
  arch: string;
  installedSizeKiB: number;
  maintainer: string;
  synopsis: string;
  description: string;
}

const NODE_TO_DEB: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'armhf', ia32: 'i386' };

export function debianArch(nodeArch: string): string {
  const arch = NODE_TO_DEB[nodeArch];
  if (!arch) throw new Error(`no Debian architecture for Node's "${nodeArch}"`);
  return arch;
}

/** A Debian version from package.json's semver (the same rule the app's deb installer uses). */
export function debianVersion(semver: string): string {
  const version = debianVersionOf(semver);
  if (!version) throw new Error(`"${semver}" is not a semver version`);
  return version;
}

/** Long description lines start with a space; an empty line is " ." (deb-control(5)). */
function formatDescription(text: string): string {
  return text
    .trim()
    .split('\n')
    .map((line) => (line.trim() === '' ? ' .' : ` ${line.trim()}`))
    .join('\n');
}

export function renderControl(f: ControlFields): string {
  return [
    `Package: ${DEB_PACKAGE}`,
    `Version: ${f.version}`,
    `Architecture: ${f.arch}`,
    `Maintainer: ${f.maintainer}`,
    `Installed-Size: ${Math.max(1, Math.ceil(f.installedSizeKiB))}`,
    `Depends: ${DEB_DEPENDS.join(', ')}`,
    `Recommends: ${DEB_RECOMMENDS.join(', ')}`,
    'Section: misc',
    'Priority: optional',
    `Description: ${f.synopsis}`,
    formatDescription(f.description),
    '',
  ].join('\n');
}

/** md5sums lines: "<hex>  <path without leading slash>", sorted for a reproducible package. */
export function renderMd5sums(entries: { path: string; md5: string }[]): string {
  return [...entries]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((e) => `${e.md5}  ${e.path.replace(/^\/+/, '')}\n`)
    .join('');
}
