import { Modal } from '../components/modal';

export interface UpgradeDialogProps {
  current: string;
  available: string;
  notes: string | null;
  onUpgrade: () => void;
  onLater: () => void;
}

/** The once-per-version notice: one primary action, Esc = Later, Enter = Upgrade now. */
export function UpgradeDialog({ current, available, notes, onUpgrade, onLater }: UpgradeDialogProps) {
  return (
    <Modal
      title="Software update"
      tone="info"
      onEscape={onLater}
      onEnter={onUpgrade}
      testId="upgrade-dialog"
      actions={
        <>
          <button type="button" className="button secondary" onClick={onLater} data-testid="upgrade-later">
            Later
          </button>
          <button type="button" className="button primary" onClick={onUpgrade} data-primary data-testid="upgrade-now">
            Upgrade now
          </button>
        </>
      }
    >
      <p className="modal-lead" data-testid="upgrade-dialog-text">
        Version <strong>{available}</strong> is available (you have {current}).
      </p>
      {notes && <p className="modal-notes">{notes}</p>}
      <p className="modal-hint">The screen restarts during the update, which takes a few minutes.</p>
    </Modal>
  );
}
