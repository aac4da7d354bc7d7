import type { StatusSnapshot } from '../../app/ipc/contract';
import { Card, Field } from '../components/card';
import { StatePill } from '../components/state-pill';
import { formatAgo, formatDate } from '../format/time';
import { useNow } from '../state/use-now';

function SoftwareCard({ status }: { status: StatusSnapshot }) {
  const { app, config, latestKnown } = status.versions;
  const newer = latestKnown !== app;
  return (
    <Card title="Software" testId="card-software">
      <Field label="Version" testId="version-app">
        {app}
      </Field>
      <div className="field-row">
        <Field label="Config">{config}</Field>
        <Field label="Latest" testId="version-latest">
          {latestKnown}
        </Field>
      </div>
      {newer && <StatePill tone="info" word="Update available" />}
    </Card>
  );
}

const PUSH_WORDS: Record<NonNullable<StatusSnapshot['push']>, string> = {
  connected: 'Instant updates on',
  disconnected: 'Instant updates reconnecting',
  off: 'Instant updates off',
};

function TelemetryCard({ lastAt, push }: { lastAt: string | null; push: StatusSnapshot['push'] }) {
  const now = useNow();
  return (
    <Card title="Last report" testId="card-telemetry">
      <div className="big-value" data-testid="last-telemetry">
        {formatAgo(lastAt, now)}
      </div>
      <div className="field-label">Telemetry to Xyte</div>
      {push && (
        <div className="field-label" data-testid="push-state" data-push={push}>
          {PUSH_WORDS[push]}
        </div>
      )}
    </Card>
  );
}

function SpaceCard({ space }: { space: StatusSnapshot['space'] }) {
  return (
    <Card title="Space" testId="card-space">
      <div className="big-value clamp-2" data-testid="space-name">
        {space.name ?? 'Not assigned'}
      </div>
      {space.maintenance ? <StatePill tone="warn" word="Maintenance" testId="maintenance-badge" /> : <div className="field-label">In service</div>}
    </Card>
  );
}

function LicensesCard({ licenses }: { licenses: StatusSnapshot['licenses'] }) {
  const expiries = licenses.items.map((i) => i.expiresAt).filter((e): e is string => e !== null).sort();
  return (
    <Card title="Licenses" testId="card-licenses">
      <div className="big-value" data-testid="licenses-active">
        {licenses.active === 0 ? 'None' : `${licenses.active} active`}
      </div>
      <div className="field-label">{expiries.length ? `Next expiry ${formatDate(expiries[0]!)}` : licenses.active ? 'No expiry' : 'No licenses installed'}</div>
    </Card>
  );
}

export function DetailCards({ status }: { status: StatusSnapshot }) {
  return (
    <div className="details">
      <SoftwareCard status={status} />
      <TelemetryCard lastAt={status.lastTelemetryAt} push={status.push} />
      <SpaceCard space={status.space} />
      <LicensesCard licenses={status.licenses} />
    </div>
  );
}
