// `npm run bench` part: store-and-forward. A device online, then a 24 h outage (every connection
// reset) at a 30 s telemetry interval, then the hub returns: how many samples were kept (one a
// minute beyond the first hour), how many reached the hub, none twice, and how long the replay
// took (fake clock for the agent's own time; real seconds for the whole run).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BACKLOG_FILE, openBacklogFiles } from '../../app/core/telemetry/backlog-file';
import { startHub } from '../../test/hub/index';
import { createFakeClock } from '../../test/core/agent/fake-clock';
import type { BenchContext } from '../bench';
import { seededRandom, startCore, until, type Core } from './push-rig';

type Figures = Record<string, number | string>;

export async function benchBacklog(context: BenchContext): Promise<Figures> {
  const outageMs = (context.quick ? 2 : 24) * 60 * 60_000;
  const clock = createFakeClock();
  const hub = await startHub({ now: clock.now });
  let core: Core | undefined;
  const realStart = Date.now();
  try {
    core = await startCore(hub, { clock, random: seededRandom(11), intervalSec: 30 });
    const id = await until(() => core!.deviceId(), 'registration');
    await until(() => core!.status()?.connection.state === 'online', 'online');
    const start = clock.now();
    hub.control.injectFault({ route: 'sendTelemetry', reset: true, times: 10_000_000 });
    await until(() => clock.now() >= start + outageMs, 'outage over', 15 * 60_000);
    const kept = openBacklogFiles(core.dataDir).load();
    const keptCount = kept.entries.length;
    const attempts = hub.control.requestLog(id).filter((q) => q.route === 'sendTelemetry' && q.at >= start).length;
    hub.control.clearFaults();
    const back = clock.now();
    const realReplay = Date.now();
    await until(() => !existsSync(path.join(core!.dataDir, BACKLOG_FILE)), 'backlog delivered', 10 * 60_000);
    const drainedAt = clock.now();
    const keptStamps = new Set(kept.entries.map((e) => e.body.timestamp));
    const delivered = hub.control
      .requestLog(id)
      .filter((q) => q.route === 'sendTelemetry' && q.status === 200 && q.at >= back)
      .map((q) => (q.body as { timestamp: string }).timestamp)
      .filter((t) => keptStamps.has(t));
    const unique = new Set(delivered);
    const figures: Figures = {
      backlogOutageHours: outageMs / 3_600_000,
      backlogAttempts: attempts,
      backlogKept: keptCount,
      backlogDelivered: unique.size,
      backlogLost: keptCount - unique.size,
      backlogDuplicates: delivered.length - unique.size,
      backlogReplayAgentMin: Math.round((drainedAt - back) / 6_000) / 10,
      backlogReplayRealSec: Math.round((Date.now() - realReplay) / 100) / 10,
      backlogRunRealSec: Math.round((Date.now() - realStart) / 100) / 10,
    };
    context.print(`  backlog: ${keptCount} samples kept over ${figures.backlogOutageHours} h, ${unique.size} delivered, ${figures.backlogDuplicates} twice, replay ${figures.backlogReplayAgentMin} min of agent time`);
    return figures;
  } finally {
    await core?.close();
    await hub.close();
  }
}
