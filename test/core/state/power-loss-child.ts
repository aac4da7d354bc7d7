// Child process of power-loss.test.ts: writes identity + device state in a tight loop until the
// parent SIGKILLs it. After both stores accepted generation N it prints "N" (stdout to a pipe is
// synchronous on Linux, so a printed generation really was confirmed before the kill).
import { createLogger } from '../../../app/core/log/logger';
import { openDeviceStateStore } from '../../../app/core/state/device-state-store';
import { openIdentityStore } from '../../../app/core/state/identity-store';
import { accessKeyFor, seededRandom } from './power-loss-shared';

const MAX_GENERATIONS = 100_000; // bounded: stops by itself if the parent never kills it
const MAX_RUN_MS = 20_000;

function main(): void {
  const [dir, seedText] = process.argv.slice(2);
  if (!dir) throw new Error('usage: power-loss-child <dir> <seed>');
  process.stdout.write('start\n');
  const random = seededRandom(Number(seedText ?? 1));
  // Warnings (restores done by this child's own open) go to the parent as `log {json}` lines.
  const logger = createLogger({ level: 'warn', format: 'json', write: (line) => process.stdout.write(`log ${line}\n`) });
  const identity = openIdentityStore({ dir, logger });
  const device = openDeviceStateStore({ dir, logger });
  const lastIdentityGen = Number(identity.load()?.registeredAt ?? 0);
  const firstGen = Math.max(device.get().configVersion, lastIdentityGen) + 1;
  process.stdout.write('ready\n');
  const started = Date.now();
  for (let gen = firstGen; gen < firstGen + MAX_GENERATIONS && Date.now() - started < MAX_RUN_MS; gen++) {
    // Large, varying values so a write takes long enough to be interrupted part-way.
    const cert = 'c'.repeat(Math.floor(random() * 32 * 1024));
    const blob = 'b'.repeat(Math.floor(random() * 128 * 1024));
    identity.save({
      deviceId: 'power-loss-device',
      accessKey: accessKeyFor(gen),
      hubUrl: 'http://127.0.0.1:1',
      hubUrlStaticCert: cert,
      registeredAt: String(gen),
    });
    device.update({ configVersion: gen, config: { gen, blob }, latestVer: `1.0.${gen}` });
    process.stdout.write(`${gen}\n`);
  }
}

main();
