// The agent's two ways to be told something happened: standing issues (telemetry `status: error`)
// and the nudge that sends telemetry now. Built before the agent so the parts that raise issues or
// nudge (the upgrade, the session's modules) get them as plain inputs.
import type { Clock } from '../deps';
import { createIssues, type Issues } from './issues';
import { createSleeper, type Sleeper } from './sleeper';
import type { StatusTracker } from './status';

export interface AgentSignals {
  readonly issues: Issues;
  readonly sleeper: Sleeper;
  /** Send telemetry now (a notable event happened). */
  nudge(): void;
}

export function createAgentSignals(clock: Clock, status: Pick<StatusTracker, 'publish'>): AgentSignals {
  const sleeper = createSleeper(clock);
  // Raising or clearing an issue is itself notable: report it now and show it.
  const issues = createIssues(() => {
    sleeper.nudge();
    status.publish();
  });
  return { issues, sleeper, nudge: () => sleeper.nudge() };
}
