import type { StatusSnapshot } from '../../app/ipc/contract';
import { IdText } from '../components/id-text';
import { describeConnection } from '../format/connection';
import { useNow } from '../state/use-now';

/** The status line: one big word in the state's colour, and what it means in a sentence. */
export function ConnectionHero({ status }: { status: StatusSnapshot }) {
  const now = useNow();
  const view = describeConnection(status.connection, now);
  return (
    <section className={`card hero tone-${view.tone}`} aria-label="Connection" data-testid="connection">
      <div className="hero-line">
        <span className="hero-dot" aria-hidden="true" />
        <span className="hero-word" data-testid="connection-word">
          {view.word}
        </span>
      </div>
      {view.detail && (
        <p className="hero-detail" data-testid="connection-detail">
          {view.detail}
        </p>
      )}
      {status.claim.claimed && (
        <p className="hero-ids" data-testid="hero-ids">
          {status.device.cloudId && (
            <>
              Cloud ID <IdText id={status.device.cloudId} /> ·{' '}
            </>
          )}
          Serial <IdText id={status.device.sn} />
        </p>
      )}
    </section>
  );
}
