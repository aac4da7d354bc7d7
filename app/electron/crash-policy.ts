// What to do when the renderer dies or hangs (docs/ARCHITECTURE.md#operations): reload with bounded exponential
// backoff, and after too many crashes in a short window stop reloading and show a static safe
// screen instead of flapping forever. Pure: the caller keeps the history and passes the clock.

export type RendererGoneReason =
  | 'clean-exit'
  | 'abnormal-exit'
  | 'killed'
  | 'crashed'
  | 'oom'
  | 'launch-failed'
  | 'integrity-failure'
  | 'memory-eviction';

export type RendererTrouble = RendererGoneReason | 'unresponsive';

export type CrashAction =
  | { kind: 'reload'; delayMs: number }
  | { kind: 'safe-screen'; message: string; retryInMs: number }
  | { kind: 'ignore' };

export interface CrashPolicyOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  /** This many troubles inside `loopWindowMs` is a crash loop. */
  loopThreshold: number;
  loopWindowMs: number;
  /** A hang gets at least this long to recover (the caller cancels the reload on 'responsive'). */
  unresponsiveGraceMs: number;
}

export const defaultCrashPolicy: CrashPolicyOptions = {
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  loopThreshold: 5,
  loopWindowMs: 5 * 60_000,
  unresponsiveGraceMs: 10_000,
};

export interface CrashInput {
  trouble: RendererTrouble;
  /** The app is quitting: processes going away is expected. */
  quitting: boolean;
  /** Times (ms) of earlier troubles that led to an action; older entries are dropped here. */
  history: readonly number[];
  now: number;
  options?: CrashPolicyOptions;
}

export interface CrashDecision {
  action: CrashAction;
  /** The history to keep for the next call. */
  history: number[];
}

export function decideCrashAction({ trouble, quitting, history, now, options = defaultCrashPolicy }: CrashInput): CrashDecision {
  const recent = history.filter((at) => at <= now && now - at < options.loopWindowMs);
  if (quitting) return { action: { kind: 'ignore' }, history: recent };
  const count = recent.length + 1;
  const next = [...recent, now];
  // Corrupt code will fail the same way on every reload: no point in retrying fast.
  if (trouble === 'integrity-failure') {
    return { action: { kind: 'safe-screen', message: 'application files failed an integrity check', retryInMs: options.loopWindowMs }, history: next };
  }
  if (count >= options.loopThreshold) {
    return { action: { kind: 'safe-screen', message: describeTrouble(trouble), retryInMs: options.loopWindowMs }, history: next };
  }
  const backoff = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (count - 1));
  const delayMs = trouble === 'unresponsive' ? Math.max(backoff, options.unresponsiveGraceMs) : backoff;
  return { action: { kind: 'reload', delayMs }, history: next };
}

/** Short human text for the safe screen and the logs. */
export function describeTrouble(trouble: RendererTrouble): string {
  switch (trouble) {
    case 'clean-exit':
      return 'the display process exited';
    case 'abnormal-exit':
      return 'the display process exited abnormally';
    case 'killed':
      return 'the display process was killed';
    case 'crashed':
      return 'the display process crashed repeatedly';
    case 'oom':
      return 'the display process ran out of memory';
    case 'launch-failed':
      return 'the display process could not start';
    case 'integrity-failure':
      return 'application files failed an integrity check';
    case 'memory-eviction':
      return 'the display process was evicted to free memory';
    case 'unresponsive':
      return 'the display stopped responding';
  }
}

const KNOWN: ReadonlySet<string> = new Set<RendererTrouble>([
  'clean-exit',
  'abnormal-exit',
  'killed',
  'crashed',
  'oom',
  'launch-failed',
  'integrity-failure',
  'memory-eviction',
  'unresponsive',
]);

/** Electron may add reasons in later versions: treat an unknown one as a crash. */
export function toTrouble(reason: string): RendererTrouble {
  return KNOWN.has(reason) ? (reason as RendererTrouble) : 'crashed';
}
