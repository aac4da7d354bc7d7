// A throw-away certificate authority and one server certificate signed by it, made with the
// openssl binary (installed by .ci/run). Keys are P-256: quick to make, and enough for a test.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const OPENSSL = ['/usr/bin/openssl', '/bin/openssl'].find((p) => existsSync(p)) ?? null;

export interface TestCertificates {
  /** PEM of the CA; a client that trusts it accepts `cert`. */
  ca: string;
  key: string;
  cert: string;
}

/** A CA and a server certificate for `names` (DNS names, or IPs written as `IP:a.b.c.d`). */
export function makeTestCertificates(names: string[]): TestCertificates {
  if (!OPENSSL) throw new Error('openssl is not installed (.ci/run installs it)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xk-test-ca-'));
  try {
    const run = (args: string[]) => execFileSync(OPENSSL, args, { cwd: dir, stdio: 'ignore' });
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    run(['req', '-x509', ...ec, '-days', '2', '-subj', '/CN=xk-test-ca', '-keyout', 'ca.key', '-out', 'ca.crt']);
    run(['req', ...ec, '-subj', `/CN=${names[0] ?? 'localhost'}`, '-keyout', 'server.key', '-out', 'server.csr']);
    const san = names.map((name) => (name.startsWith('IP:') ? name : `DNS:${name}`)).join(',');
    writeFileSync(path.join(dir, 'san.ext'), `subjectAltName=${san}\n`);
    run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'san.ext', '-out', 'server.crt']);
    const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
    return { ca: read('ca.crt'), key: read('server.key'), cert: read('server.crt') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
