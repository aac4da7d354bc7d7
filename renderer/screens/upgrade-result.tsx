import { Modal } from '../components/modal';
import { useAutoClose } from '../state/use-auto-close';

export interface UpgradeResultProps {
  ok: boolean;
  version: string;
  running: string;
  /** Closes itself after this many seconds, like the notice (nobody may be there to press OK). */
  timeoutSec: number;
  inline: boolean;
  onDismiss: () => void;
}

/**
 * After an update: "Updated to X", or that it did not complete and which version still runs. The
 * reason (checksum, installer exit code, …) is technical: it goes to the diagnostics view.
 */
export function UpgradeResult({ ok, version, running, timeoutSec, inline, onDismiss }: UpgradeResultProps) {
  useAutoClose(timeoutSec, onDismiss);
  return (
    <Modal
      title={ok ? 'Update complete' : 'Software update'}
      tone={ok ? 'ok' : 'error'}
      onEscape={onDismiss}
      onEnter={onDismiss}
      testId="upgrade-result"
      inline={inline}
      actions={
        <button type="button" className="button primary" onClick={onDismiss} data-primary data-testid="upgrade-dismiss">
          OK
        </button>
      }
    >
      <p className="modal-lead" data-testid="upgrade-result-text">
        {ok ? `Updated to ${version}.` : `The update to ${version} did not complete. Still running ${running}.`}
      </p>
      {!ok && <p className="modal-hint">The screen keeps working on the current version.</p>}
    </Modal>
  );
}
