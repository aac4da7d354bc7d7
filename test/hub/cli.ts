// `npm run hub -- [options]` (see --help): the simulator as a standalone process. Bad flags or a
// bad seed file exit 2 with one clear line, like the kiosk's own CLIs.
import { parseHubArgs, type HubCliOptions } from './cli-args';
import { ControlError } from './control';
import { startHub } from './server';

async function run(options: HubCliOptions): Promise<void> {
  const port = options.port;
  const hub = await startHub({
    host: options.host,
    fileHost: options.fileHost,
    hubPort: port,
    entryPort: port ? port + 1 : 0,
    filePort: port ? port + 2 : 0,
    modelApiVersion: options.modelApi,
    rateLimitPerWindow: options.rateLimit,
    hardwareKeys: options.hardwareKeys,
    seed: options.seed,
    mqtt: options.mqtt,
    log: options.quiet ? undefined : (line) => console.log(`${new Date().toISOString()} ${line}`),
  });
  console.log(`entry   ${hub.entryUrl}`);
  console.log(`hub     ${hub.hubUrl}`);
  console.log(`files   ${hub.fileUrl}`);
  console.log(`control ${hub.controlUrl}`);
  if (hub.mqtt) console.log(`mqtt    ${hub.mqtt.url}`);
  for (const d of hub.control.devices()) console.log(`seeded device ${d.id} sn=${d.sn ?? '-'}`);
  const stop = () => {
    hub.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const parsed = parseHubArgs(process.argv.slice(2));
if (parsed.kind === 'help') console.log(parsed.text);
else if (parsed.kind === 'error') {
  console.error(`error: ${parsed.message}\n\nRun with --help for the options.`);
  process.exit(2);
} else {
  run(parsed.options).catch((error: unknown) => {
    // A seeded device or firmware the simulator refuses is bad input too.
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof ControlError ? 2 : 1);
  });
}
