// Glue between Electron's renderer events and crash-policy: keeps the history, schedules the one
// pending reload, cancels it when a hung page recovers, and shows the safe screen on a crash loop
// (then tries the real page again after the loop window). Timers and clock are parameters.
import type { Logger } from '../core/log/logger';
import { decideCrashAction, describeTrouble, type CrashPolicyOptions, type RendererTrouble } from './crash-policy';
import { assertNever } from '../core/util/assert-never';

export interface CrashSupervisorDeps {
  now: () => number;
  setTimer: (fn: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  isQuitting: () => boolean;
  /** Loads the kiosk page again; for 'unresponsive' the hung renderer must be replaced first. */
  reload: (trouble: RendererTrouble) => void;
  showSafeScreen: (message: string) => void;
  logger: Logger;
  options?: CrashPolicyOptions;
}

export interface CrashSupervisor {
  onTrouble(trouble: RendererTrouble): void;
  /** The page answered again after 'unresponsive': the pending forced reload is not needed. */
  onResponsive(): void;
  dispose(): void;
}

export function createCrashSupervisor(deps: CrashSupervisorDeps): CrashSupervisor {
  let history: number[] = [];
  let pending: { handle: unknown; trouble: RendererTrouble } | null = null;

  const schedule = (trouble: RendererTrouble, ms: number) => {
    if (pending) deps.clearTimer(pending.handle);
    const handle = deps.setTimer(() => {
      pending = null;
      if (!deps.isQuitting()) deps.reload(trouble);
    }, ms);
    pending = { handle, trouble };
  };

  return {
    onTrouble(trouble) {
      // A hang reported again while its reload is pending is the same incident, not a new one.
      if (trouble === 'unresponsive' && pending?.trouble === 'unresponsive') return;
      const decision = decideCrashAction({ trouble, quitting: deps.isQuitting(), history, now: deps.now(), ...(deps.options ? { options: deps.options } : {}) });
      history = decision.history;
      const action = decision.action;
      switch (action.kind) {
        case 'ignore':
          return;
        case 'reload':
          deps.logger.warn('renderer trouble: reloading', { trouble, delayMs: action.delayMs, recent: history.length });
          schedule(trouble, action.delayMs);
          return;
        case 'safe-screen':
          deps.logger.error('renderer crash loop: showing the safe screen', { trouble, recent: history.length });
          if (pending) deps.clearTimer(pending.handle);
          pending = null;
          deps.showSafeScreen(action.message);
          schedule(trouble, action.retryInMs);
          return;
        default:
          return assertNever(action, 'crash action');
      }
    },
    onResponsive() {
      if (pending?.trouble !== 'unresponsive') return;
      deps.clearTimer(pending.handle);
      pending = null;
      deps.logger.info('renderer responsive again: reload cancelled', { message: describeTrouble('unresponsive') });
    },
    dispose() {
      if (pending) deps.clearTimer(pending.handle);
      pending = null;
    },
  };
}
