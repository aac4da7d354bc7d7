// A modal card with one primary action: focus moves into it, Tab cycles inside it, Esc means the
// secondary action and Enter (when focus is not already on a button) means the primary one.
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface ModalProps {
  title: string;
  tone?: 'info' | 'ok' | 'error';
  children: ReactNode;
  /** Rendered buttons; the one with data-primary gets the initial focus. */
  actions: ReactNode;
  onEscape: () => void;
  onEnter: () => void;
  testId?: string;
  /**
   * Rendered in place (in a grid cell of the screen) instead of over a backdrop: used while the
   * claim QR is up, which a dialog must never hide.
   */
  inline?: boolean;
}

const FOCUSABLE = 'button:not([disabled]), [href], [tabindex]:not([tabindex="-1"])';

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)];
}

export function Modal({ title, tone = 'info', children, actions, onEscape, onEnter, testId, inline = false }: ModalProps) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const root = ref.current;
    const primary = root?.querySelector<HTMLElement>('[data-primary]') ?? (root ? focusables(root)[0] : undefined);
    const previous = document.activeElement as HTMLElement | null;
    primary?.focus();
    return () => previous?.focus?.();
  }, []);

  // Keep focus inside even when something outside grabs it (a click on the backdrop, a toast).
  useEffect(() => {
    const pull = (event: FocusEvent) => {
      const root = ref.current;
      if (root && event.target instanceof Node && !root.contains(event.target)) focusables(root)[0]?.focus();
    };
    document.addEventListener('focusin', pull);
    return () => document.removeEventListener('focusin', pull);
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const root = ref.current;
    if (!root) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      onEscape();
    } else if (event.key === 'Enter' && !(event.target instanceof HTMLButtonElement)) {
      event.preventDefault();
      onEnter();
    } else if (event.key === 'Tab') {
      const items = focusables(root);
      if (!items.length) return;
      const index = items.indexOf(document.activeElement as HTMLElement);
      const next = event.shiftKey ? (index <= 0 ? items.length - 1 : index - 1) : (index + 1) % items.length;
      event.preventDefault();
      items[next]!.focus();
    }
  };

  return (
    <div className={inline ? 'dialog-slot' : 'backdrop'}>
      <div
        ref={ref}
        className={`modal tone-${tone}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby="modal-title"
        onKeyDown={onKeyDown}
        tabIndex={-1}
        data-testid={testId}
      >
        <h2 id="modal-title" className="modal-title">
          {title}
        </h2>
        <div className="modal-body">{children}</div>
        <div className="modal-actions">{actions}</div>
      </div>
    </div>
  );
}
