// Debian's mosquitto as a broker nobody here wrote: started per test file with its own config on
// free loopback ports (plain + TLS with a throw-away CA), password auth, stopped and cleaned up.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const MOSQUITTO = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((p) => existsSync(p)) ?? null;
const OPENSSL = ['/usr/bin/openssl', '/bin/openssl'].find((p) => existsSync(p)) ?? null;
export const HAS_MOSQUITTO = MOSQUITTO !== null && OPENSSL !== null && existsSync('/usr/bin/mosquitto_passwd');

export interface Mosquitto {
  plainUrl: string;
  tlsUrl: string;
  /** PEM of the CA that signed the TLS listener's certificate. */
  ca: string;
  stop(): Promise<void>;
}

export async function startMosquitto(users: Record<string, string>): Promise<Mosquitto> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xk-mosquitto-'));
  let child: ChildProcess | null = null;
  try {
    const file = (name: string) => path.join(dir, name);
    const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: dir, stdio: 'ignore' });
    for (const [index, [user, password]] of Object.entries(users).entries()) {
      run('/usr/bin/mosquitto_passwd', [...(index === 0 ? ['-c'] : []), '-b', file('passwd'), user, password]);
    }
    run(OPENSSL!, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=xk-test-ca', '-keyout', 'ca.key', '-out', 'ca.crt']);
    run(OPENSSL!, ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr']);
    writeFileSync(file('san.ext'), 'subjectAltName=IP:127.0.0.1\n');
    run(OPENSSL!, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'san.ext', '-out', 'server.crt']);
    const [plainPort, tlsPort] = [await freePort(), await freePort()];
    writeFileSync(
      file('mosquitto.conf'),
      [
        'user root',
        'persistence false',
        'log_dest stderr',
        'per_listener_settings false',
        'allow_anonymous false',
        `password_file ${file('passwd')}`,
        `listener ${plainPort} 127.0.0.1`,
        `listener ${tlsPort} 127.0.0.1`,
        `cafile ${file('ca.crt')}`,
        `certfile ${file('server.crt')}`,
        `keyfile ${file('server.key')}`,
        '',
      ].join('\n'),
    );
    const proc = spawn(MOSQUITTO!, ['-c', file('mosquitto.conf')], { stdio: 'ignore' });
    child = proc;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    await waitForPort(plainPort);
    await waitForPort(tlsPort);
    return {
      plainUrl: `mqtt://127.0.0.1:${plainPort}`,
      tlsUrl: `mqtts://127.0.0.1:${tlsPort}`,
      ca: readFileSync(file('ca.crt'), 'utf8'),
      async stop() {
        if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
        await exited;
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`mosquitto did not listen on ${port}`);
}
