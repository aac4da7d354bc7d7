// build/deb/install-deb (the root update service) with fake apt-get, dpkg and dpkg-query on a PATH
// that holds nothing else but the tools the script needs: every decision it takes on a request —
// verify, refuse, install, reinstall after a failure, roll back — and the exact package-manager
// calls. Real packages (tiny ones, built with dpkg-deb) and real RSA signatures (openssl).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repo } from './linux-dir';

const SERVICE = path.join(repo, 'build', 'deb', 'install-deb');
const TOOLS = ['sh', 'sha256sum', 'cut', 'tr', 'grep', 'head', 'tail', 'awk', 'mv', 'rm', 'cp', 'mkdir', 'chmod', 'stat', 'date', 'cat', 'base64', 'openssl', 'dpkg-deb', 'tar', 'mktemp', 'dirname', 'sed'];
const ARCH = execFileSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).trim();
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });

let dir: string;
let bin: string;
let spool: string;
let state: string;
let key: string;
let conf: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'xyte-install-deb-'));
  bin = path.join(dir, 'bin');
  spool = path.join(dir, 'spool');
  state = path.join(dir, 'state');
  key = path.join(dir, 'update-key.pem');
  conf = path.join(dir, 'update.conf');
  await mkdir(bin);
  await mkdir(spool);
  for (const tool of TOOLS) {
    const real = execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
    await symlink(real, path.join(bin, tool));
  }
  await fake('apt-get', 'echo "apt-get $*" >> "$FAKE_LOG"\nn=$(( $(grep -c . "$FAKE_LOG") ))\nrc=$(echo "$FAKE_RCS" | cut -d" " -f$n)\n[ "${rc:-0}" = 0 ] || { echo "E: boom $n" >&2; exit "$rc"; }\n');
  await fake('dpkg', `case $1 in --print-architecture) echo ${ARCH} ;; *) echo "dpkg $*" >> "$FAKE_LOG" ;; esac\n`);
  await fake('dpkg-query', 'case " $* " in *" -W "*) [ -z "$FAKE_INSTALLED" ] || echo "install ok installed $FAKE_INSTALLED" ;; *) exit 1 ;; esac\n');
  await writeFile(key, keys.publicKey.export({ type: 'spki', format: 'pem' }));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fake(name: string, body: string): Promise<void> {
  await writeFile(path.join(bin, name), `#!/bin/sh\n${body}`);
  await chmod(path.join(bin, name), 0o755);
}

/** A minimal real package. */
async function deb(version: string, opts: { name?: string; arch?: string } = {}): Promise<string> {
  const tree = await mkdtemp(path.join(dir, 'tree-'));
  await mkdir(path.join(tree, 'DEBIAN'));
  await writeFile(
    path.join(tree, 'DEBIAN', 'control'),
    `Package: ${opts.name ?? 'xyte-kiosk'}\nVersion: ${version}\nArchitecture: ${opts.arch ?? ARCH}\nMaintainer: Test <t@example.invalid>\nDescription: test\n`,
  );
  const file = path.join(dir, `${opts.name ?? 'xyte-kiosk'}_${version}_${opts.arch ?? ARCH}.deb`);
  execFileSync('dpkg-deb', ['--root-owner-group', '-Zgzip', '--build', tree, file], { stdio: 'ignore' });
  return file;
}

const sha256 = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');
const signatureOf = async (file: string) => sign('sha256', await readFile(file), keys.privateKey).toString('base64');

/** Stages `file` in the spool like the app does and writes the request (fields override). */
async function stage(file: string, fields: Record<string, string> = {}): Promise<void> {
  const name = 'xyte-kiosk-req-1.deb';
  await copyFile(file, path.join(spool, name));
  const all = { id: 'req-1', action: 'install', file: name, sha256: await sha256(file), signature: await signatureOf(file), ...fields };
  await writeFile(path.join(spool, 'req-1.request'), Object.entries(all).map(([k, v]) => `${k}=${v}\n`).join(''));
}

function runService(env: Record<string, string> = {}) {
  const result = spawnSync('/bin/sh', [SERVICE], {
    env: { PATH: bin, XYTE_SPOOL_DIR: spool, XYTE_STATE_DIR: state, XYTE_UPDATE_KEY: key, XYTE_UPDATE_CONF: conf, FAKE_LOG: path.join(dir, 'calls.log'), FAKE_INSTALLED: '1.0.0', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(result.status, result.stderr).toBe(0);
  return result;
}

const calls = async () => (await readFile(path.join(dir, 'calls.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
async function lastResult(): Promise<Record<string, string>> {
  const text = await readFile(path.join(state, 'last-result'), 'utf8');
  return Object.fromEntries(text.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}
const kept = (name: string) => path.join(state, 'packages', name);
const versionOf = (file: string) => execFileSync('dpkg-deb', ['-f', file, 'Version'], { encoding: 'utf8' }).trim();

/** The installed package as the service kept it before (so no repack is needed). */
async function keepInstalled(version: string): Promise<void> {
  await mkdir(path.join(state, 'packages'), { recursive: true });
  await copyFile(await deb(version), kept('current.deb'));
}

describe('install-deb, the root update service', { timeout: 120_000 }, () => {
  it('installs a signed package from its own copy, keeps the previous one and reports ok', async () => {
    await keepInstalled('1.0.0');
    const v2 = await deb('2.0.0');
    await stage(v2, { version: '2.0.0' });
    runService();
    expect(await calls()).toEqual([`apt-get install -y -q --allow-downgrades -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confold ${state}/incoming/new.deb`]);
    expect(await lastResult()).toMatchObject({ id: 'req-1', action: 'install', status: 'ok', version: '2.0.0', previous: '1.0.0', message: 'installed 2.0.0' });
    expect(await sha256(kept('current.deb'))).toBe(await sha256(v2));
    expect(versionOf(kept('previous.deb'))).toBe('1.0.0');
    expect(await readdir(spool)).toEqual([]);
  });

  it.each([
    ['a checksum that does not match', async () => ({ sha256: 'f'.repeat(64) }), /refused: checksum mismatch/],
    ['a signature over other bytes', async () => ({ signature: sign('sha256', Buffer.from('other'), keys.privateKey).toString('base64') }), /refused: the signature does not verify/],
    ['no signature while a key is configured', async () => ({ signature: '' }), /refused: a signing key is configured but the request has no signature/],
    ['a version other than the request says', async () => ({ version: '3.0.0' }), /refused: the package is version 2.0.0, the request says 3.0.0/],
    ['a path in the file name', async () => ({ file: '../xyte-kiosk-req-1.deb' }), /refused a malformed request: bad file name/],
    ['shell in the id', async () => ({ id: '$(touch PWNED)' }), /refused a malformed request: bad id/],
    ['an unknown action', async () => ({ action: 'remove' }), /refused a malformed request: unknown action/],
  ])('refuses %s and installs nothing', async (_, fields, reason) => {
    await keepInstalled('1.0.0');
    await stage(await deb('2.0.0'), await fields());
    runService();
    expect(await calls()).toEqual([]);
    expect((await lastResult()).status).toBe('failed');
    expect((await lastResult()).message).toMatch(reason);
    expect(versionOf(kept('current.deb'))).toBe('1.0.0');
    expect(existsSync(path.join(dir, 'PWNED')) || existsSync(path.join(state, 'PWNED'))).toBe(false);
    expect((await readdir(spool)).filter((f) => f.endsWith('.request'))).toEqual([]);
  });

  it.each([
    ['another package', { name: 'evil-tool' }, /refused: the package is "evil-tool", not xyte-kiosk/],
    ['another architecture', { arch: ARCH === 'arm64' ? 'amd64' : 'arm64' }, /refused: the package is for \S+, this machine is/],
  ])('refuses %s even when it is signed', async (_, opts, reason) => {
    await stage(await deb('2.0.0', opts));
    runService();
    expect(await calls()).toEqual([]);
    expect((await lastResult()).message).toMatch(reason);
  });

  it('refuses a staged symlink: only a regular file it copies itself is installed', async () => {
    const v2 = await deb('2.0.0');
    await stage(v2);
    await rm(path.join(spool, 'xyte-kiosk-req-1.deb'));
    await symlink(v2, path.join(spool, 'xyte-kiosk-req-1.deb'));
    runService();
    expect(await calls()).toEqual([]);
    expect((await lastResult()).message).toMatch(/missing or not a regular file/);
  });

  it('without a key, refuses unsigned packages unless root allowed them in update.conf', async () => {
    await rm(key);
    await stage(await deb('2.0.0'), { signature: '' });
    runService();
    expect((await lastResult()).message).toMatch(/no signing key at .* and unsigned packages are not allowed in .*update\.conf/);
    expect(await calls()).toEqual([]);

    await writeFile(conf, '# closed fleet\nallow_unsigned=yes\n');
    await keepInstalled('1.0.0');
    await stage(await deb('2.0.0'), { signature: '' });
    runService();
    expect((await lastResult()).status).toBe('ok');
    expect(await calls()).toHaveLength(1);
  });

  it('installs nothing when it cannot keep the installed package for a rollback', async () => {
    // the fake dpkg-query knows no file list, so the installed 1.0.0 cannot be rebuilt
    await stage(await deb('2.0.0'));
    runService();
    expect(await calls()).toEqual([]);
    expect(await lastResult()).toMatchObject({ status: 'failed', message: 'could not keep the installed 1.0.0 for rollback' });
  });

  it('puts the kept package back when the install fails, and reports the package manager\'s reason', async () => {
    await keepInstalled('1.0.0');
    await stage(await deb('2.0.0'));
    runService({ FAKE_RCS: '100 0' });
    expect(await calls()).toEqual([expect.stringMatching(/ \S+\/incoming\/new\.deb$/), expect.stringMatching(/ \S+\/packages\/current\.deb$/)]);
    expect(await lastResult()).toMatchObject({ status: 'failed', message: 'install of 2.0.0 failed (E: boom 1); 1.0.0 reinstalled' });
    expect(versionOf(kept('current.deb'))).toBe('1.0.0');
    expect(existsSync(kept('previous.deb'))).toBe(false);
  });

  it('rolls back to the kept previous package, and refuses when there is none', async () => {
    await writeFile(path.join(spool, 'l-1.request'), 'id=l-1\naction=rollback\n');
    runService();
    expect(await lastResult()).toMatchObject({ id: 'l-1', status: 'failed', message: 'no previous package kept to roll back to' });

    await keepInstalled('1.0.0');
    await stage(await deb('2.0.0'));
    runService();
    await writeFile(path.join(spool, 'l-2.request'), 'id=l-2\naction=rollback\n');
    runService({ FAKE_INSTALLED: '2.0.0' });
    expect((await calls())[1]).toMatch(/^apt-get install .* \S+\/packages\/previous\.deb$/);
    expect(await lastResult()).toMatchObject({ id: 'l-2', action: 'rollback', status: 'ok', message: 'rolled back from 2.0.0 to 1.0.0', version: '1.0.0', previous: '2.0.0' });
    expect(versionOf(kept('current.deb'))).toBe('1.0.0');
    expect(existsSync(kept('previous.deb'))).toBe(false);
  });

  it('uses dpkg -i where apt-get is absent', async () => {
    await rm(path.join(bin, 'apt-get'));
    await keepInstalled('1.0.0');
    await stage(await deb('2.0.0'));
    runService();
    expect(await calls()).toEqual([`dpkg --force-confold -i ${state}/incoming/new.deb`]);
    expect((await lastResult()).status).toBe('ok');
  });

  it('keeps its packages where only root can read them', async () => {
    await keepInstalled('1.0.0');
    await stage(await deb('2.0.0'));
    runService();
    const mode = (p: string) => (spawnSync('stat', ['-c', '%a', p], { encoding: 'utf8' }).stdout.trim());
    expect([mode(path.join(state, 'packages')), mode(path.join(state, 'incoming')), mode(path.join(state, 'last-result'))]).toEqual(['700', '700', '644']);
  });
});
