// A scripted in-memory stand-in for the core runtime (app/core/runtime.ts): the same handlers +
// event stream, driven directly by tests, the UI e2e specs, the renderer bench and the dev
// server. Every call is recorded so a test can assert what the screen asked for.
import type { InvokeName, KioskEvent, KioskHandlers, PlayPlan, StatusSnapshot, UpgradeProgress, WebViewRequest, WebViewResult } from '../../../app/ipc/contract';

export interface FakeRuntime {
  handlers: KioskHandlers;
  onEvent(listener: (event: KioskEvent) => void): () => void;
  status(): StatusSnapshot;
  /** Replaces parts of the snapshot and pushes it as an onStatus event. */
  setStatus(patch: Partial<StatusSnapshot>): void;
  /** Replaces the play plan and pushes it as an onPlayPlan event. */
  setPlayPlan(plan: PlayPlan): void;
  emit(event: KioskEvent): void;
  /** How `controlWebView` answers (Electron's web-item views; default: refused, as the browser shell). */
  answerWebView(answer: (request: WebViewRequest) => WebViewResult | Promise<WebViewResult>): void;
  calls: { name: InvokeName; args: unknown[] }[];
  callsOf(name: InvokeName): unknown[][];
  listenerCount(): number;
}

export const FAKE_CLAIM_URL = 'https://claim.example.test/c/CLD-7F3A-91B2';

/** A realistic unclaimed, online device. */
export function sampleStatus(now = Date.now()): StatusSnapshot {
  return {
    connection: { state: 'online' },
    device: { name: 'Lobby Display 3', deviceId: 'dev-0001', cloudId: 'CLD-7F3A-91B2', sn: 'XK-2024-000317' },
    claim: { claimed: false, claimUrl: FAKE_CLAIM_URL },
    versions: { app: '1.0.0', config: 3, latestKnown: '1.0.0' },
    lastTelemetryAt: new Date(now - 12_000).toISOString(),
    space: { name: 'HQ — Floor 2 Lobby', maintenance: false, utcOffsetMin: 120, temperatureUnits: 'celsius' },
    licenses: { active: 2, items: [{ id: 'lic-signage', expiresAt: '2027-01-31T00:00:00.000Z' }, { id: 'lic-analytics', expiresAt: null }] },
    upgrade: { kind: 'idle' },
    display: { theme: 'dark' },
  };
}

export function sampleProgress(over: Partial<UpgradeProgress> = {}): UpgradeProgress {
  return { phase: 'download', version: '1.2.0', bytesDone: 31_457_280, bytesTotal: 83_886_080, rateBytesPerSec: 2_621_440, etaSec: 20, ...over };
}

export function createFakeRuntime(initial: StatusSnapshot = sampleStatus()): FakeRuntime {
  let snapshot = structuredClone(initial);
  const listeners = new Set<(event: KioskEvent) => void>();
  const calls: FakeRuntime['calls'] = [];
  const record = (name: InvokeName, args: unknown[]) => calls.push({ name, args: structuredClone(args) });
  const emit = (event: KioskEvent) => {
    for (const listener of [...listeners]) listener(event);
  };
  const setStatus = (patch: Partial<StatusSnapshot>) => {
    snapshot = { ...snapshot, ...structuredClone(patch) };
    emit({ name: 'onStatus', payload: structuredClone(snapshot) });
  };

  let playPlan: PlayPlan = { revision: 0, skip: 0, screen: { kind: 'status', reason: 'no-content' }, offlineBadge: false, allowOrigins: [] };
  const setPlayPlan = (plan: PlayPlan) => {
    playPlan = structuredClone(plan);
    emit({ name: 'onPlayPlan', payload: structuredClone(plan) });
  };

  let webViewAnswer = (_request: WebViewRequest): WebViewResult | Promise<WebViewResult> => ({ ok: false, reason: 'load-error' });
  const handlers: KioskHandlers = {
    async getStatus() {
      record('getStatus', []);
      return structuredClone(snapshot);
    },
    async acceptUpgrade(decision) {
      record('acceptUpgrade', [decision]);
      return { ok: true };
    },
    async postponeUpgrade(decision) {
      record('postponeUpgrade', [decision]);
      return { ok: true, remindAt: new Date(Date.now() + 4 * 3600_000).toISOString() };
    },
    async dismissUpgradeResult() {
      record('dismissUpgradeResult', []);
      if (snapshot.upgrade.kind === 'succeeded' || snapshot.upgrade.kind === 'failed') setStatus({ upgrade: { kind: 'idle' } });
      return { ok: true };
    },
    async heartbeat(beat) {
      record('heartbeat', [beat]);
      return { ok: true };
    },
    async getPlayPlan() {
      record('getPlayPlan', []);
      return structuredClone(playPlan);
    },
    async reportPlayback(report) {
      record('reportPlayback', [report]);
      return { ok: true };
    },
    async controlWebView(request) {
      record('controlWebView', [request]);
      return webViewAnswer(request);
    },
  };

  return {
    handlers,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    status: () => structuredClone(snapshot),
    setStatus,
    setPlayPlan,
    emit,
    answerWebView: (answer) => (webViewAnswer = answer),
    calls,
    callsOf: (name) => calls.filter((c) => c.name === name).map((c) => c.args),
    listenerCount: () => listeners.size,
  };
}
