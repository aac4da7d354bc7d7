// The hub simulator as the benches use it: its own child process (its CPU is not a client's), and
// a few calls of its control API (/__sim) to count what the clients sent — ticks are counted here,
// at the hub, never by the client under test.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface SimDeviceView {
  id: string;
  sn: string | null;
  telemetry_count: number;
}

export interface SimRequestView {
  at: number;
  route: string | null;
  status: number;
  device_id: string | null;
}

export interface BenchSim {
  entryUrl: string;
  controlUrl: string;
  /** The device registered with this serial number, or null while there is none. */
  findBySn(sn: string): Promise<SimDeviceView | null>;
  device(id: string): Promise<SimDeviceView>;
  /** When the hub received the device's first telemetry (ms since epoch), or null. */
  firstTelemetryAt(id: string): Promise<number | null>;
  /** Every request the hub recorded (bounded by the simulator), oldest first. */
  requests(): Promise<SimRequestView[]>;
  /** Injects a fault (the simulator's FaultSpec); `clearFaults` ends them all. */
  injectFault(spec: Record<string, unknown>): Promise<void>;
  clearFaults(): Promise<void>;
  close(): Promise<void>;
}

/** The model hardware key every bench client registers with (the simulator accepts only known keys). */
export const BENCH_HARDWARE_KEY = '11111111-2222-4333-8444-555555555555';

export async function startBenchSim(root: string): Promise<BenchSim> {
  // XK_BENCH_SIM_PORT pins the simulator's ports (hub, entry = +1, files = +2) where a machine
  // shares port ranges between people; unset = ephemeral ports.
  const port = process.env.XK_BENCH_SIM_PORT;
  const args = ['--import', 'tsx', path.join('test', 'hub', 'cli.ts'), '--quiet', '--hardware-key', BENCH_HARDWARE_KEY, ...(port ? ['--port', port] : [])];
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const urls = await waitForUrls(child);
  const get = async <T>(sub: string): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${urls.control}${sub}`);
    return { status: res.status, body: (await res.json()) as T };
  };
  const send = async (method: string, sub: string, body?: unknown): Promise<void> => {
    const res = await fetch(`${urls.control}${sub}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`simulator control ${method} ${sub}: HTTP ${res.status}`);
  };
  return {
    entryUrl: urls.entry,
    controlUrl: urls.control,
    async findBySn(sn) {
      const { status, body } = await get<SimDeviceView>(`/devices/find?sn=${encodeURIComponent(sn)}`);
      return status === 200 ? body : null;
    },
    async device(id) {
      const { status, body } = await get<SimDeviceView>(`/devices/${encodeURIComponent(id)}`);
      if (status !== 200) throw new Error(`simulator has no device ${id}`);
      return body;
    },
    async firstTelemetryAt(id) {
      const { body } = await get<Array<{ at: number; route: string | null; status: number }>>(`/devices/${encodeURIComponent(id)}/requests`);
      return body.find((r) => r.route === 'sendTelemetry' && r.status === 200)?.at ?? null;
    },
    async requests() {
      return (await get<SimRequestView[]>('/requests')).body;
    },
    async injectFault(spec) {
      await send('POST', '/faults', spec);
    },
    async clearFaults() {
      await send('DELETE', '/faults');
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitForUrls(child: ChildProcess): Promise<{ entry: string; control: string }> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('hub simulator did not start within 60 s'));
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hub simulator exited with ${code}`));
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const entry = /^entry\s+(\S+)/m.exec(out)?.[1];
      const control = /^control\s+(\S+)/m.exec(out)?.[1];
      if (entry && control) {
        clearTimeout(timer);
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve({ entry, control });
      }
    });
  });
}
