// What an operator opens (hold the logo for 2 s, or Ctrl+Shift+D) to see the technical side of the
// screen's plain words: ids, versions, the core's last messages. Closes itself like every dialog.
import type { StatusSnapshot } from '../../app/ipc/contract';
import { Modal } from '../components/modal';
import type { Diagnostic } from '../state/diagnostics';
import { useAutoClose } from '../state/use-auto-close';

export const DIAGNOSTICS_CLOSE_SEC = 60;

function Row({ label, value }: { label: string; value: string | undefined }) {
  return (
    <div className="diag-row">
      <dt>{label}</dt>
      <dd>{value ?? '—'}</dd>
    </div>
  );
}

export function DiagnosticsView({ status, diagnostics, onClose }: { status: StatusSnapshot | null; diagnostics: readonly Diagnostic[]; onClose: () => void }) {
  useAutoClose(DIAGNOSTICS_CLOSE_SEC, onClose);
  return (
    <Modal
      title="Diagnostics"
      tone="info"
      onEscape={onClose}
      onEnter={onClose}
      testId="diagnostics"
      actions={
        <button type="button" className="button primary" onClick={onClose} data-primary data-testid="diagnostics-close">
          Close
        </button>
      }
    >
      <dl className="diag-facts">
        <Row label="Device ID" value={status?.device.deviceId} />
        <Row label="Cloud ID" value={status?.device.cloudId} />
        <Row label="Serial" value={status?.device.sn} />
        <Row label="Version" value={status ? `${status.versions.app} (config ${status.versions.config})` : undefined} />
        <Row label="Connection" value={status?.connection.state} />
      </dl>
      <ol className="diag-log" data-testid="diagnostics-log">
        {diagnostics.length === 0 && <li>No problems seen since the screen started.</li>}
        {[...diagnostics].reverse().map((d, i) => (
          <li key={`${d.at}-${i}`}>
            <span className="diag-time">{new Date(d.at).toISOString().slice(11, 19)}</span> <strong>{d.topic}</strong> {d.text}
          </li>
        ))}
      </ol>
    </Modal>
  );
}
