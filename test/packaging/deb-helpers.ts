// Shared by the .deb tests: packages built from one `--linux dir` build, and a scratch root that
// dpkg installs into (dpkg --root runs the maintainer scripts chrooted there). The root holds
// busybox for the scripts' shell and tools, plus logging fakes for the few commands that would
// otherwise act on a system (systemctl, addgroup) or that Debian's busybox lacks (install, getent).
import { execFile, spawnSync } from 'node:child_process';
import { chmod, cp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { assembleDeb } from '../../scripts/package/deb-assemble';
import { repo, type LinuxDirBuild } from './linux-dir';

const run = promisify(execFile);
export const BUSYBOX = '/usr/bin/busybox';
export const APP = '/opt/Xyte Kiosk';

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

export function nativeArch(): string {
  return spawnSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).stdout.trim();
}

/**
 * A .deb of `version` from the shared build. The stub Electron binary is replaced by one that
 * prints "<name> <version> <args>" so a test sees which version the launcher started.
 */
export async function buildDeb(build: LinuxDirBuild, version: string): Promise<string> {
  const unpacked = path.join(build.work, `unpacked-${version}`);
  await cp(build.unpacked, unpacked, { recursive: true, verbatimSymlinks: true });
  await writeFile(path.join(unpacked, 'xyte-kiosk'), `#!/bin/sh\necho "xyte-kiosk ${version} $*"\n`);
  await chmod(path.join(unpacked, 'xyte-kiosk'), 0o755);
  const { debFile } = await assembleDeb({
    projectRoot: repo,
    unpackedDir: unpacked,
    outDir: path.join(build.work, 'debs'),
    workDir: path.join(build.work, `assemble-${version}`),
    version,
    arch: nativeArch(),
    compression: 'gzip',
  });
  return debFile;
}

const FAKES: Record<string, string> = {
  systemctl: 'echo "systemctl $*" >> /var/log/fake-tools.log\n',
  addgroup: 'echo "addgroup $*" >> /var/log/fake-tools.log\nfor g; do case $g in -*) ;; *) echo "$g:x:999:" >> /etc/group ;; esac; done\n',
  getent: 'grep "^$2:" "/etc/$1"\n',
  install: [
    'echo "install $*" >> /var/log/fake-tools.log',
    'mode= owner= group= dir=',
    'while [ $# -gt 0 ]; do case $1 in -d) ;; -m) mode=$2; shift ;; -o) owner=$2; shift ;; -g) group=$2; shift ;; *) dir=$1 ;; esac; shift; done',
    'mkdir -p "$dir" && if [ -n "$owner$group" ]; then chown "$owner:$group" "$dir"; fi && if [ -n "$mode" ]; then chmod "$mode" "$dir"; fi',
    '',
  ].join('\n'),
};

/** An empty system for dpkg --root: busybox, the fakes above, an empty dpkg database. */
export async function makeScratchRoot(root: string): Promise<void> {
  for (const d of ['bin', 'usr/bin', 'etc', 'tmp', 'dev', 'var/log', 'var/lib/dpkg/info', 'var/lib/dpkg/updates', 'home/kiosk']) {
    await mkdir(path.join(root, d), { recursive: true });
  }
  await writeFile(path.join(root, 'var/lib/dpkg/status'), '');
  await writeFile(path.join(root, 'var/lib/dpkg/available'), '');
  await writeFile(path.join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nkiosk:x:1000:1000::/home/kiosk:/bin/sh\n');
  await writeFile(path.join(root, 'etc/group'), 'root:x:0:\n');
  // a regular file stands in for the device node: the scripts only write to it
  await writeFile(path.join(root, 'dev/null'), '');
  await chmod(path.join(root, 'dev/null'), 0o666);
  await cp(BUSYBOX, path.join(root, 'bin/busybox'));
  const applets = spawnSync(BUSYBOX, ['--list'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  for (const applet of applets) {
    if (applet.includes('/') || applet === 'busybox' || applet in FAKES) continue;
    await symlink('busybox', path.join(root, 'bin', applet));
  }
  for (const [name, body] of Object.entries(FAKES)) {
    await writeFile(path.join(root, 'usr/bin', name), `#!/bin/sh\n${body}`);
    await chmod(path.join(root, 'usr/bin', name), 0o755);
  }
}

/** dpkg against the scratch root. Dependencies (GTK, NSS…) are not in it, hence --force-depends. */
export async function dpkgRoot(root: string, ...args: string[]): Promise<string> {
  const { stdout, stderr } = await run('dpkg', [`--root=${root}`, '--force-depends', ...args], {
    env: { ...process.env, PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
    maxBuffer: 4 * 1024 * 1024,
  });
  return stdout + stderr;
}

export function installedVersion(root: string): string | null {
  const out = spawnSync('dpkg-query', [`--admindir=${root}/var/lib/dpkg`, '-W', '-f=${Status} ${Version}', 'xyte-kiosk'], { encoding: 'utf8' });
  const m = /^install ok installed (\S+)$/.exec(out.stdout.trim());
  return m ? m[1]! : null;
}

/** Runs the installed launcher inside the scratch root as a user would (HOME=/home/kiosk). */
export function launchInRoot(root: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('/usr/sbin/chroot', [root, '/bin/sh', `${APP}/resources/launcher/xyte-kiosk-launcher.sh`, '--kiosk'], {
    env: { PATH: '/usr/bin:/bin', HOME: '/home/kiosk', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export async function fakeToolLog(root: string): Promise<string[]> {
  return (await readFile(path.join(root, 'var/log/fake-tools.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
}
