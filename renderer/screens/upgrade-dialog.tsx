import { Modal } from '../components/modal';
import { formatDuration } from '../format/time';
import { useAutoClose } from '../state/use-auto-close';
import { useNow } from '../state/use-now';

export interface UpgradeDialogProps {
  current: string;
  available: string;
  notes: string | null;
  /** Closes itself as "Later" after this many seconds (cloud `upgrade.prompt_timeout_sec`). */
  timeoutSec: number;
  /** In a grid cell beside the claim QR instead of over the screen. */
  inline: boolean;
  onUpgrade: () => void;
  onLater: () => void;
}

/**
 * The once-per-version notice: one primary action, Esc = Later, Enter = Upgrade now. A kiosk
 * usually has no keyboard and nobody answering, so it says "Later" by itself when its time is up.
 */
export function UpgradeDialog({ current, available, notes, timeoutSec, inline, onUpgrade, onLater }: UpgradeDialogProps) {
  const deadline = useAutoClose(timeoutSec, onLater);
  const now = useNow();
  const left = Math.max(0, Math.ceil((deadline - now) / 1000));
  return (
    <Modal
      title="Software update"
      tone="info"
      onEscape={onLater}
      onEnter={onUpgrade}
      testId="upgrade-dialog"
      inline={inline}
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
      {notes && (
        <p className="modal-notes" data-testid="upgrade-notes">
          {notes}
        </p>
      )}
      <p className="modal-hint">
        The screen restarts during the update, which takes a few minutes.{' '}
        <span data-testid="upgrade-dialog-countdown">This message closes by itself in {formatDuration(left)}.</span>
      </p>
    </Modal>
  );
}
