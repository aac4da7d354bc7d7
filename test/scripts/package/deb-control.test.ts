// The pure parts of the .deb: architecture and version names, the control file dpkg reads, and
// md5sums in dpkg's format.
import { describe, expect, it } from 'vitest';
import { debianArch, debianVersion, renderControl, renderMd5sums } from '../../../scripts/package/deb-control';

describe('deb control', () => {
  it.each([
    ['x64', 'amd64'],
    ['arm64', 'arm64'],
    ['arm', 'armhf'],
    ['ia32', 'i386'],
  ])('Node %s is Debian %s', (node, deb) => {
    expect(debianArch(node)).toBe(deb);
  });

  it('refuses an architecture it cannot name, and a version that is not semver', () => {
    expect(() => debianArch('mips')).toThrow(/no Debian architecture for Node's "mips"/);
    expect(() => debianVersion('v2')).toThrow(/"v2" is not a semver version/);
    expect(debianVersion('2.0.0-beta.2')).toBe('2.0.0~beta.2');
  });

  it('renders the control file with a continued description and a whole Installed-Size', () => {
    const control = renderControl({ version: '1.0.0', arch: 'amd64', installedSizeKiB: 1234.2, maintainer: 'T <t@x>', synopsis: 'kiosk client', description: 'First line.\n\nSecond paragraph.' });
    expect(control).toMatch(/^Package: xyte-kiosk\nVersion: 1\.0\.0\nArchitecture: amd64\nMaintainer: T <t@x>\nInstalled-Size: 1235\n/);
    expect(control).toMatch(/\nDepends: adduser, libgtk-3-0, /);
    expect(control).toMatch(/\nRecommends: openssl, systemd\n/);
    expect(control.endsWith('Description: kiosk client\n First line.\n .\n Second paragraph.\n')).toBe(true);
  });

  it('writes md5sums sorted, two spaces apart, without a leading slash', () => {
    expect(renderMd5sums([{ path: 'usr/b', md5: '2'.repeat(32) }, { path: '/opt/a b', md5: '1'.repeat(32) }])).toBe(`${'1'.repeat(32)}  opt/a b\n${'2'.repeat(32)}  usr/b\n`);
  });
});
