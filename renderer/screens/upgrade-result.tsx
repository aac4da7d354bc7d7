import { Modal } from '../components/modal';

export interface UpgradeResultProps {
  ok: boolean;
  version: string;
  reason: string | null;
  running: string;
  onDismiss: () => void;
}

/** After an update: "Updated to X", or why it failed and which version is still running. */
export function UpgradeResult({ ok, version, reason, running, onDismiss }: UpgradeResultProps) {
  return (
    <Modal
      title={ok ? 'Update complete' : 'Software update'}
      tone={ok ? 'ok' : 'error'}
      onEscape={onDismiss}
      onEnter={onDismiss}
      testId="upgrade-result"
      actions={
        <button type="button" className="button primary" onClick={onDismiss} data-primary data-testid="upgrade-dismiss">
          OK
        </button>
      }
    >
      <p className="modal-lead" data-testid="upgrade-result-text">
        {ok ? `Updated to ${version}.` : `Update failed: ${reason ?? 'unknown error'}. Still running ${running}.`}
      </p>
      {!ok && <p className="modal-hint">The screen keeps working on the current version. Xyte will offer the update again.</p>}
    </Modal>
  );
}
