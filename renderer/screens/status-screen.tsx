import type { ReactNode } from 'react';
import type { StatusSnapshot } from '../../app/ipc/contract';
import { ClaimCard } from './claim-card';
import { ConnectionHero } from './connection-hero';
import { DetailCards } from './detail-cards';
import { TopBar } from './top-bar';

export { screenTitle } from './top-bar';

/** True while the claim QR is on screen: nothing may cover it then. */
export function showsClaim(status: StatusSnapshot): boolean {
  return !status.claim.claimed && Boolean(status.claim.claimUrl);
}

export interface StatusScreenProps {
  status: StatusSnapshot;
  reconnecting: boolean;
  onOpenDiagnostics: () => void;
  /** A dialog shown in the details' place beside the claim QR (only while unclaimed). */
  dialog?: ReactNode;
}

export function StatusScreen({ status, reconnecting, onOpenDiagnostics, dialog }: StatusScreenProps) {
  const showClaim = showsClaim(status);
  const withDialog = showClaim && dialog;
  return (
    <main className={`status-screen ${showClaim ? 'with-claim' : 'claimed'}${withDialog ? ' with-dialog' : ''}`} data-testid="status-screen">
      <TopBar status={status} reconnecting={reconnecting} onOpenDiagnostics={onOpenDiagnostics} />
      <ConnectionHero status={status} />
      {showClaim && <ClaimCard claimUrl={status.claim.claimUrl!} cloudId={status.device.cloudId} sn={status.device.sn} />}
      {withDialog ? dialog : <DetailCards status={status} />}
    </main>
  );
}
