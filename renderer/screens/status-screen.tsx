import type { StatusSnapshot } from '../../app/ipc/contract';
import { StatePill } from '../components/state-pill';
import { useNow } from '../state/use-now';
import { ClaimCard } from './claim-card';
import { ConnectionHero } from './connection-hero';
import { DetailCards } from './detail-cards';

export function screenTitle(status: StatusSnapshot): string {
  return status.display.title || status.device.name || 'Xyte Kiosk';
}

function TopBar({ status }: { status: StatusSnapshot }) {
  const now = useNow();
  return (
    <header className="topbar">
      <div className="brand">
        <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
          <rect width="32" height="32" rx="8" className="brand-bg" />
          <path d="M10 10l12 12M22 10L10 22" className="brand-x" />
        </svg>
        <h1 className="device-name" data-testid="device-name">
          {screenTitle(status)}
        </h1>
      </div>
      <div className="topbar-right">
        {status.space.maintenance && <StatePill tone="warn" word="Maintenance" />}
        <time className="clock" data-testid="clock">
          {new Date(now).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
        </time>
      </div>
    </header>
  );
}

export function StatusScreen({ status }: { status: StatusSnapshot }) {
  const showClaim = !status.claim.claimed && Boolean(status.claim.claimUrl);
  return (
    <main className={`status-screen ${showClaim ? 'with-claim' : 'claimed'}`} data-testid="status-screen">
      <TopBar status={status} />
      <ConnectionHero status={status} />
      {showClaim && <ClaimCard claimUrl={status.claim.claimUrl!} cloudId={status.device.cloudId} sn={status.device.sn} />}
      <DetailCards status={status} />
    </main>
  );
}
