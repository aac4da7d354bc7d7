import type { ReactNode } from 'react';

/** A rounded card with a muted title; children are usually <Field>s. */
export function Card({ title, children, className, testId }: { title: string; children: ReactNode; className?: string; testId?: string }) {
  return (
    <section className={`card ${className ?? ''}`} aria-label={title} data-testid={testId}>
      <h2 className="card-title">{title}</h2>
      {children}
    </section>
  );
}

/** A muted label over a strong value. */
export function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="field">
      <div className="field-label">{label}</div>
      <div className="field-value" data-testid={testId}>
        {children}
      </div>
    </div>
  );
}
