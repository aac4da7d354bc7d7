import { IdText } from '../components/id-text';
import { QrCode } from '../components/qr-code';

/** While unclaimed: a QR large enough to scan from a metre away, IDs printed beside it. */
export function ClaimCard({ claimUrl, cloudId, sn }: { claimUrl: string; cloudId: string | undefined; sn: string }) {
  return (
    <section className="card claim" aria-labelledby="claim-title" data-testid="claim-card">
      <div className="qr-frame">
        <QrCode text={claimUrl} label="Claim QR code" />
      </div>
      <div className="claim-text">
        <h2 id="claim-title" className="claim-title">
          Scan to claim this screen
        </h2>
        <p className="claim-hint">Scan with a phone to add this screen to your Xyte space.</p>
        <div className="field">
          <div className="field-label">Cloud ID</div>
          <div className="field-value id-value" data-testid="claim-cloud-id">
            {cloudId ? <IdText id={cloudId} /> : '—'}
          </div>
        </div>
        <div className="field">
          <div className="field-label">Serial number</div>
          <div className="field-value id-value" data-testid="claim-serial">
            <IdText id={sn} />
          </div>
        </div>
        <p className="claim-url">{claimUrl.replace(/^https?:\/\//, '')}</p>
      </div>
    </section>
  );
}
