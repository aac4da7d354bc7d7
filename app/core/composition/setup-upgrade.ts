// Setup step 4: the platform hooks (what this shell can do: reboot, restart, reload…) and the
// firmware upgrade, which reaches the hub through the agent's current session (session slot).
import type { AgentSession } from '../agent/agent-session';
import type { PlatformHooks } from '../commands';
import type { OutboundPolicy } from '../net/outbound-url';
import { createUpgradeController, type UpgradeController } from '../upgrade/controller';
import { createRuntimeFirmware } from '../upgrade/firmware-wiring';
import { completePlatformHooks } from './platform-hooks';
import type { KioskRuntimeOptions, ResolvedOptions, RuntimeEnv } from './runtime-options';
import type { StatusParts } from './setup-status';
import type { Stores, WhoWeAre } from './setup-stores';

/** The session for the current credentials: opened by the agent, read by the upgrade (Get File). */
export interface SessionSlot {
  current(): AgentSession | null;
  /** The agent opened a session for new credentials; it replaces the previous one. */
  open(session: AgentSession): AgentSession;
}

export function createSessionSlot(): SessionSlot {
  let current: AgentSession | null = null;
  return {
    current: () => current,
    open: (session) => (current = session),
  };
}

export function setupPlatform(opts: ResolvedOptions, parts: Pick<StatusParts, 'config'>, host: Pick<KioskRuntimeOptions, 'platform'>): PlatformHooks {
  return completePlatformHooks(host.platform, {
    systemReboot: opts.systemReboot,
    rebootCommand: () => parts.config().commands.reboot_command,
  });
}

export interface UpgradeInputs {
  stores: Stores;
  who: WhoWeAre;
  view: StatusParts;
  platform: PlatformHooks;
  sessions: SessionSlot;
  outbound: () => OutboundPolicy;
}

export function setupUpgrade(opts: ResolvedOptions, env: RuntimeEnv, inputs: UpgradeInputs): UpgradeController {
  const { stores, who, view, platform, sessions, outbound } = inputs;
  return createUpgradeController(
    {
      appVersion: opts.appVersion,
      state: stores.state,
      status: view.status,
      config: view.config,
      notice: view.notice,
      platform,
      session: () => sessions.current(),
      issues: view.signals.issues,
      emitProgress: (payload) => view.bus.emit({ name: 'onUpgradeProgress', payload }),
      nudge: view.signals.nudge,
      requireHeartbeat: opts.requireHeartbeat,
      clock: env.clock,
      logger: env.logger.child('upgrade'),
    },
    (onProgress) =>
      createRuntimeFirmware({
        options: opts.firmware,
        dataDir: opts.dataDir,
        appVersion: opts.appVersion,
        state: stores.state,
        config: view.config,
        identity: () => who.identity.current(),
        clock: env.clock,
        logger: env.logger,
        onProgress,
        outbound,
      }),
  );
}
