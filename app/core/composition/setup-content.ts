// Setup step 4b: downloads and the signage player. One outbound-URL policy for every download
// (firmware and content alike), decided from the options and the hub's own address; the player
// reaches the hub through the agent's current session.
import { defaultOutboundPolicy, type OutboundPolicy } from '../net/outbound-url';
import { createRuntimeContent, type RuntimeContent } from './content-wiring';
import type { ResolvedOptions, RuntimeEnv } from './runtime-options';
import type { StatusParts } from './setup-status';
import type { Stores, WhoWeAre } from './setup-stores';
import type { SessionSlot } from './setup-upgrade';

export function setupOutbound(opts: ResolvedOptions, who: WhoWeAre): () => OutboundPolicy {
  return () => ({ ...defaultOutboundPolicy(opts.allowPrivateDownloads, who.identity.current()?.hubUrl ?? opts.entryUrl), proxyEnv: opts.proxyEnv });
}

export interface ContentInputs {
  stores: Stores;
  view: StatusParts;
  outbound: () => OutboundPolicy;
  sessions: SessionSlot;
}

export function setupContent(opts: ResolvedOptions, env: RuntimeEnv, inputs: ContentInputs): RuntimeContent {
  const { stores, view, outbound, sessions } = inputs;
  return createRuntimeContent({
    dataDir: opts.dataDir,
    state: stores.state,
    config: view.config,
    clock: env.clock,
    logger: env.logger,
    outbound,
    emit: (event) => view.bus.emit(event),
    onEvent: (listener) => view.bus.onEvent(listener),
    sendEvent: async (event) => {
      const session = sessions.current();
      if (!session) throw new Error('no hub session yet');
      await session.hub.addEvent(event);
    },
  });
}
