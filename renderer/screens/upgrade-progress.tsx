import type { UpgradeProgress } from '../../app/ipc/contract';
import { formatBytes, formatRate, percentOf } from '../format/bytes';
import { formatEta } from '../format/time';
import { PROGRESS_STEPS, phaseWord, stepIndex } from '../format/upgrade';

export interface UpgradeProgressProps {
  current: string;
  target: string;
  progress: UpgradeProgress;
  title: string;
}

function Steps({ active }: { active: number }) {
  return (
    <ol className="steps" aria-label="Update steps">
      {PROGRESS_STEPS.map((step, i) => (
        <li key={step} className={i < active ? 'done' : i === active ? 'active' : ''} aria-current={i === active ? 'step' : undefined}>
          <span className="step-dot" aria-hidden="true" />
          {step}
        </li>
      ))}
    </ol>
  );
}

function Bar({ percent }: { percent: number | null }) {
  return (
    <div
      className={`bar ${percent === null ? 'indeterminate' : ''}`}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      aria-label="Update progress"
    >
      <div className="bar-fill" style={percent === null ? undefined : { width: `${percent}%` }} />
    </div>
  );
}

function downloadFacts(p: UpgradeProgress): string {
  const size = p.bytesTotal ? `${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}` : formatBytes(p.bytesDone);
  return [size, p.rateBytesPerSec > 0 ? formatRate(p.rateBytesPerSec) : null, formatEta(p.etaSec)].filter(Boolean).join(' · ');
}

/** Full screen while the update runs: nothing to press, and a plain warning not to power off. */
export function UpgradeProgressScreen({ current, target, progress, title }: UpgradeProgressProps) {
  const percent = progress.phase === 'download' ? percentOf(progress.bytesDone, progress.bytesTotal) : null;
  return (
    <main className="progress-screen" data-testid="upgrade-progress" aria-busy="true">
      <div className="progress-card">
        <p className="progress-kicker">{title}</p>
        <h1 className="progress-title">Updating to {target}</h1>
        <p className="progress-sub">from version {current}</p>
        <Steps active={stepIndex(progress.phase)} />
        <div className="progress-phase-row">
          <span className="progress-phase" data-testid="upgrade-phase">
            {phaseWord(progress.phase)}
          </span>
          {percent !== null && (
            <span className="progress-percent" data-testid="upgrade-percent">
              {percent}%
            </span>
          )}
        </div>
        <Bar percent={percent} />
        <p className="progress-facts" data-testid="upgrade-facts">
          {progress.phase === 'download' ? downloadFacts(progress) : ' '}
        </p>
        <p className="progress-warning" role="alert">
          <span className="warn-icon" aria-hidden="true">!</span>
          Do not power off this screen
        </p>
      </div>
    </main>
  );
}
