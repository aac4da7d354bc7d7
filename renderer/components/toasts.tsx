import { useEffect } from 'react';
import { TOAST_MS, type Toast } from '../state/toasts';

function ToastItem({ toast, onExpire }: { toast: Toast; onExpire: (key: string, rev: number) => void }) {
  useEffect(() => {
    const timer = setTimeout(() => onExpire(toast.key, toast.rev), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast.key, toast.rev, onExpire]);
  return (
    <li className={`toast tone-${toast.tone}`} data-testid="toast">
      <span className="dot" aria-hidden="true" />
      <span>{toast.text}</span>
    </li>
  );
}

/** Brief, non-blocking notices; a polite live region so screen readers do not interrupt. */
export function Toasts({ toasts, onExpire }: { toasts: readonly Toast[]; onExpire: (key: string, rev: number) => void }) {
  return (
    <ol className="toasts" aria-live="polite" aria-label="Notifications">
      {toasts.map((toast) => (
        <ToastItem key={toast.key} toast={toast} onExpire={onExpire} />
      ))}
    </ol>
  );
}
