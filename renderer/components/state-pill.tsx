import type { Tone } from '../format/connection';

/** A coloured dot plus a word: colour is never the only signal (docs/ARCHITECTURE.md#screen). */
export function StatePill({ tone, word, testId }: { tone: Tone; word: string; testId?: string }) {
  return (
    <span className={`pill tone-${tone}`} data-testid={testId}>
      <span className="dot" aria-hidden="true" />
      {word}
    </span>
  );
}
