// The title line: the logo (hold it to open the operator's diagnostics), the screen's title
// (wraps to two lines rather than being cut), and on the right the discreet markers — "Needs
// attention", "Reconnecting…", maintenance — and the clock in the space's time zone.
import { useRef, type ReactNode } from 'react';
import type { StatusSnapshot } from '../../app/ipc/contract';
import { StatePill } from '../components/state-pill';
import { formatClock } from '../format/clock';
import { describeConnection } from '../format/connection';
import { useNow } from '../state/use-now';

/** How long the logo must be held to open diagnostics (a stranger's tap does nothing). */
export const DIAGNOSTICS_HOLD_MS = 2000;

export function screenTitle(status: StatusSnapshot): string {
  return status.display.title || status.device.name || 'Xyte Kiosk';
}

function BrandButton({ onOpenDiagnostics }: { onOpenDiagnostics: () => void }) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const cancel = () => clearTimeout(timer.current);
  return (
    <button
      type="button"
      className="brand-button"
      aria-label="Diagnostics (hold for 2 seconds)"
      data-testid="brand"
      tabIndex={-1}
      onPointerDown={() => {
        cancel();
        timer.current = setTimeout(onOpenDiagnostics, DIAGNOSTICS_HOLD_MS);
      }}
      onPointerUp={cancel}
      onPointerLeave={cancel}
      onPointerCancel={cancel}
      onContextMenu={(e) => e.preventDefault()}
    >
      <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="8" className="brand-bg" />
        <path d="M10 10l12 12M22 10L10 22" className="brand-x" />
      </svg>
    </button>
  );
}

export function TopBar({ status, reconnecting, onOpenDiagnostics }: { status: StatusSnapshot; reconnecting: boolean; onOpenDiagnostics: () => void }) {
  const now = useNow();
  const attention = describeConnection(status.connection, now).attention;
  const markers: ReactNode[] = [];
  if (reconnecting) markers.push(<StatePill key="reconnecting" tone="warn" word="Reconnecting…" testId="reconnecting" />);
  if (attention) {
    markers.push(
      <button key="attention" type="button" className="marker-button" onClick={onOpenDiagnostics} data-testid="attention-marker">
        <StatePill tone="warn" word={attention} />
      </button>,
    );
  }
  if (status.space.maintenance) markers.push(<StatePill key="maintenance" tone="warn" word="Maintenance" />);
  return (
    <header className="topbar">
      <div className="brand">
        <BrandButton onOpenDiagnostics={onOpenDiagnostics} />
        <h1 className="device-name" data-testid="device-name">
          {screenTitle(status)}
        </h1>
      </div>
      <div className="topbar-right">
        {markers}
        <time className="clock" data-testid="clock">
          {formatClock(now, status.space.utcOffsetMin)}
        </time>
      </div>
    </header>
  );
}
