// The core's façade for every shell (Electron, headless, browser). createKioskRuntime() reads as
// the list of setup steps in app/core/composition/: resolve the options once, then stores →
// identity → status → telemetry → platform → downloads → upgrade → content → agent → IPC
// handlers behind the screen gate. Each step gets what it needs as arguments, and nothing refers
// to a part that is built later. One call per process; the shell wires `handlers` and `onEvent`
// to its transport.
import type { KioskEvent, KioskHandlers } from '../ipc/contract';
import { createKioskHandlers } from './composition/kiosk-handlers';
import { resolveRuntimeEnv, resolveRuntimeOptions, type KioskRuntimeOptions } from './composition/runtime-options';
import { screenSafeHandlers, screenSafeListener } from './composition/screen-gate';
import { setupAgent } from './composition/setup-agent';
import { setupContent, setupOutbound } from './composition/setup-content';
import { setupStatus, setupTelemetry } from './composition/setup-status';
import { setupIdentity, setupStores } from './composition/setup-stores';
import { createSessionSlot, setupPlatform, setupUpgrade } from './composition/setup-upgrade';
import { setupPush } from './push/runtime-push';

export { DEFAULT_ENTRY_URL, type KioskRuntimeOptions } from './composition/runtime-options';

export interface KioskRuntime {
  handlers: KioskHandlers;
  onEvent(listener: (event: KioskEvent) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** A verified cached media file for the shells' `/content/<key>` route, or null. */
  contentFile(key: string): string | null;
}

export async function createKioskRuntime(o: KioskRuntimeOptions): Promise<KioskRuntime> {
  const opts = resolveRuntimeOptions(o);
  const env = resolveRuntimeEnv(o);
  const stores = setupStores(opts, env, o);
  const who = setupIdentity(opts, env, stores);
  const sessions = createSessionSlot();
  const view = setupStatus(opts, env, stores, who, sessions);
  const push = setupPush({ clock: env.clock, random: env.random, logger: env.logger, config: view.config, status: view.status, nudge: view.signals.nudge });
  const telemetry = setupTelemetry(opts, env, stores, o);
  const platform = setupPlatform(opts, view, o);
  const outbound = setupOutbound(opts, who);
  const upgrade = setupUpgrade(opts, env, { stores, who, view, platform, sessions, outbound });
  const content = setupContent(opts, env, { stores, view, outbound, sessions });
  const agent = setupAgent(opts, env, { stores, who, view, telemetry, platform, upgrade, content, sessions, push });
  const handlers = createKioskHandlers({
    status: view.status,
    notice: view.notice,
    logger: env.logger,
    now: env.clock.now,
    startUpgrade: (request) => upgrade.acceptNotice(request),
    onHeartbeat: (beat) => {
      telemetry.heartbeats.record(beat);
      upgrade.onHeartbeat();
      o.onRendererHeartbeat?.(beat);
    },
    content,
  });
  const secrets = () => {
    const identity = who.identity.current();
    return identity ? [identity.accessKey] : [];
  };

  return {
    handlers: screenSafeHandlers(handlers, secrets),
    onEvent: (listener) => view.bus.onEvent(screenSafeListener(listener, secrets)),
    async start() {
      const identity = who.identity.current();
      view.status.setConnection(identity ? { state: 'offline', message: 'Connecting to the hub…' } : { state: 'unregistered' });
      env.logger.info('starting', { appVersion: opts.appVersion, deviceId: identity?.deviceId, sn: who.hardware.sn, cloudId: who.hardware.cloudId });
      // Before the loop: the command runner's start-up report must find the upgrade's verdict.
      const verdict = await upgrade.onStart();
      if (verdict.restartRequested) {
        // This process runs a version just rolled back: it says nothing to the hub (it would
        // report the bad version) and waits for the shell to restart it into the previous one.
        env.logger.warn('restarting into the previous version; the agent does not start in this process');
        return;
      }
      agent.start();
      // after the agent: the cache's start-up re-hash of large files must not delay the hub
      await content.start();
    },
    contentFile: (key) => content.contentFile(key),
    async stop() {
      content.stop();
      await agent.stop();
      await push.stop();
      env.logger.info('stopped');
    },
  };
}
