// `npm run hub -- [--port <hubPort>] [--host 127.0.0.1] [--file-host 127.0.0.2] [--model-api 1.0.7]
//                 [--seed-file seed.json] [--rate-limit N] [--quiet]`
// Entry listens on port+1 and the file origin on port+2 when --port is given (else ephemeral).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startHub } from './server';
import type { HubSeed } from './types';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'file-host': { type: 'string' },
      'model-api': { type: 'string' },
      'seed-file': { type: 'string' },
      'rate-limit': { type: 'string' },
      quiet: { type: 'boolean' },
    },
  });
  const port = values.port !== undefined ? parsePort(values.port) : 0;
  const seed = values['seed-file'] ? (JSON.parse(readFileSync(values['seed-file'], 'utf8')) as HubSeed) : undefined;
  const hub = await startHub({
    host: values.host,
    fileHost: values['file-host'],
    hubPort: port,
    entryPort: port ? port + 1 : 0,
    filePort: port ? port + 2 : 0,
    modelApiVersion: values['model-api'],
    rateLimitPerWindow: values['rate-limit'] ? Number(values['rate-limit']) : undefined,
    seed,
    log: values.quiet ? undefined : (line) => console.log(`${new Date().toISOString()} ${line}`),
  });
  console.log(`entry   ${hub.entryUrl}`);
  console.log(`hub     ${hub.hubUrl}`);
  console.log(`files   ${hub.fileUrl}`);
  console.log(`control ${hub.controlUrl}`);
  for (const d of hub.control.devices()) console.log(`seeded device ${d.id} sn=${d.sn ?? '-'}`);
  const stop = () => {
    hub.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 65533) throw new Error(`--port must be 1-65533, got ${v}`);
  return n;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
