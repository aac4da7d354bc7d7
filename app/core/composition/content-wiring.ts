// Wires the signage player into the runtime: the media cache in `<dataDir>/content-cache`, the
// player fed by the applied config and the space's time zone, re-deciding whenever the config or
// the status (claim, space) changes, and the pieces the runtime hands on: IPC handlers, command
// handlers, telemetry fields, the dump section and the cached-file lookup for the shells.
import { join } from 'node:path';
import type { KioskEvent, PlaybackReport, PlayPlan } from '../../ipc/contract';
import type { ConfigView } from '../agent/config-view';
import type { CommandHandler } from '../commands/handler-types';
import { createMediaCache } from '../content/cache';
import { createContentCommandHandlers } from '../content/commands';
import { createContentPlayer, type ContentDump } from '../content/player';
import { chooseUtcOffset } from '../content/schedule';
import { preflightWebPage } from '../content/web-preflight';
import type { Clock } from '../deps';
import type { EventRequest, TelemetryValue } from '../hub';
import type { Logger } from '../log/logger';
import type { OutboundPolicy } from '../net/outbound-url';
import type { StateAccess } from '../state/state-access';

const MIB = 1024 * 1024;

export interface RuntimeContentDeps {
  dataDir: string;
  state: Pick<StateAccess, 'get'>;
  config: ConfigView;
  clock: Clock;
  logger: Logger;
  outbound: () => OutboundPolicy;
  emit(event: KioskEvent): void;
  onEvent(listener: (event: KioskEvent) => void): () => void;
  /** The hub session's addEvent, when there is a session. */
  sendEvent(event: EventRequest): Promise<void>;
}

export interface RuntimeContent {
  start(): Promise<void>;
  stop(): void;
  plan(): PlayPlan;
  report(report: PlaybackReport): void;
  commandHandlers: CommandHandler[];
  telemetry(): Record<string, TelemetryValue>;
  dump(): ContentDump;
  /** Absolute path of a verified cached file, for the shells' `/content/<key>` route. */
  contentFile(key: string): string | null;
}

export function createRuntimeContent(deps: RuntimeContentDeps): RuntimeContent {
  const content = () => deps.config().content;
  const cache = createMediaCache({
    dir: join(deps.dataDir, 'content-cache'),
    clock: deps.clock,
    budgetBytes: content().cache_budget_mb * MIB,
    outbound: deps.outbound,
    onDiscarded: (keys) => deps.logger.warn('content cache: discarded files that failed the start-up check', { count: keys.length }),
  });
  const player = createContentPlayer({
    content,
    claimed: () => deps.state.get().spaceDataVersion > 0,
    utcOffsetMin: (now) => chooseUtcOffset(now, deps.state.get().space.utcOffsetMin),
    cache,
    clock: deps.clock,
    logger: deps.logger.child('content'),
    emitPlan: (payload) => deps.emit({ name: 'onPlayPlan', payload }),
    checkWebPage: (url, signal) => preflightWebPage({ url, allowOrigins: content().web_allow_list, outbound: deps.outbound(), signal }),
    sendEvent: deps.sendEvent,
  });
  let unsubscribe: (() => void) | null = null;
  let started = false;
  // A status event comes with every telemetry tick (its time changes); the plan only depends on the
  // claim, the space's UTC offset (or the machine's, which moves at DST) and the content config.
  // Same inputs: no re-decision, but failure events kept for a hub session are still retried.
  let decidedFrom: readonly unknown[] = [];
  const refreshOnChange = () => {
    const state = deps.state.get();
    const inputs = [state.spaceDataVersion > 0, chooseUtcOffset(deps.clock.now(), state.space.utcOffsetMin), content()];
    if (inputs.every((value, i) => value === decidedFrom[i])) return player.retryEvents();
    decidedFrom = inputs;
    player.refresh();
  };

  return {
    async start() {
      await cache.open();
      started = true;
      player.start();
      unsubscribe = deps.onEvent((event) => {
        if (event.name === 'onConfig' && event.payload.outcome === 'applied') void cache.setBudget(content().cache_budget_mb * MIB).then(() => player.refresh());
        else if (event.name === 'onStatus') refreshOnChange();
      });
    },
    stop() {
      unsubscribe?.();
      player.stop();
    },
    plan: () => player.plan(),
    report: (report) => (started ? player.report(report) : undefined),
    commandHandlers: createContentCommandHandlers(() => player),
    telemetry: () => player.telemetry(),
    dump: () => player.dump(),
    contentFile: (key) => (/^[0-9a-f]{40}$/.test(key) ? (cache.byKey(key)?.path ?? null) : null),
  };
}
