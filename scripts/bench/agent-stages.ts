// Where the agent's CPU goes, per stage of a tick, from a V8 CPU profile of the in-process run
// (node:inspector). Each sample is charged to the stage of the NEAREST app frame on its stack (a
// zod call made by hub/parse.ts is "parse", a node:http call made by hub/http.ts is "request"); a
// stack without any app frame is charged by its nearest dependency or node-internal module
// (socket reads and HTTP parsing happen in callbacks with no app frame above them).
import { Session } from 'node:inspector/promises';

export type Stage = 'collect' | 'request' | 'parse' | 'sync' | 'status' | 'events' | 'log' | 'state' | 'loop' | 'gc' | 'runtime' | 'other';
export const STAGES: Stage[] = ['collect', 'request', 'parse', 'sync', 'status', 'events', 'log', 'state', 'loop', 'gc', 'runtime', 'other'];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

// Order matters: the first match wins.
const APP_STAGES: Array<[RegExp, Stage]> = [
  [/\/telemetry\//, 'collect'],
  [/\/hub\/(parse|schemas)/, 'parse'],
  [/\/hub\//, 'request'],
  [/\/agent\/status|\/ipc\//, 'status'],
  // Event subscribers (the content player re-decides on every status event) count as events.
  [/\/agent\/event-bus|\/content\//, 'events'],
  [/\/log\/|\/redact/, 'log'],
  [/\/state\//, 'state'],
  [/\/agent\/(sync|firmware-notice)|\/config\/|\/licenses\/|\/commands\/|\/upgrade\/|\/firmware\//, 'sync'],
  [/\/agent\/|\/composition\/|\/runtime\.ts|\/deps\.ts|\/util\//, 'loop'],
];
const PACKAGE_STAGES: Array<[RegExp, Stage]> = [
  [/node_modules\/zod/, 'parse'],
  [/node_modules\/(conf|ajv|atomically|dot-prop|env-paths)/, 'state'],
  [/node:(_http|http|https|net|stream|internal\/streams|internal\/http|_stream|dns|internal\/dns|buffer|zlib|internal\/url|url|events|string_decoder)/, 'request'],
  [/node:(timers|internal\/timers|internal\/process\/task_queues)/, 'loop'],
  [/node:(fs|internal\/fs|os)/, 'state'],
];

export interface StageCharge {
  stages: Record<Stage, number>;
  /** The leaf functions that took the most samples: "stage  function (file:line)" → µs. */
  top: Array<[string, number]>;
}

export interface StageProfiler {
  stop(): Promise<StageCharge>;
}

/** Starts sampling (100 µs); stop() returns microseconds of samples per stage. */
export async function startStageProfiler(): Promise<StageProfiler> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
      session.disconnect();
      return chargeStages(profile);
    },
  };
}

export function chargeStages(profile: Profile): StageCharge {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stageOf = new Map<number, Stage | null>();
  const classify = (id: number): Stage | null => {
    if (stageOf.has(id)) return stageOf.get(id)!;
    const leaf = byId.get(id)!;
    let stage: Stage | null;
    if (leaf.callFrame.functionName === '(idle)') stage = null;
    else if (leaf.callFrame.functionName === '(garbage collector)') stage = 'gc';
    else if (leaf.callFrame.functionName === '(program)') stage = 'runtime';
    else stage = nearest(id, byId, parent);
    stageOf.set(id, stage);
    return stage;
  };
  const out = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  const leaves = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const stage = classify(id);
    if (!stage) return;
    const us = profile.timeDeltas[i] ?? 0;
    out[stage] += us;
    const label = `${stage.padEnd(8)} ${describe(byId.get(id)!)}${byId.get(id)!.callFrame.url ? '' : ` ← ${describeCaller(id, byId, parent)}`}`;
    leaves.set(label, (leaves.get(label) ?? 0) + us);
  });
  const top = [...leaves.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30);
  return { stages: out, top };
}

function nearest(id: number, byId: Map<number, ProfileNode>, parent: Map<number, number>): Stage | null {
  let fallback: Stage | null = null;
  let found: Stage | null = null;
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const url = byId.get(at)!.callFrame.url;
    // The profiler's own start/stop is the bench's cost, not the agent's.
    if (url === 'node:inspector') return null;
    if (!url || found) continue;
    if (/\/app\//.test(url) && !url.includes('node_modules')) found = APP_STAGES.find(([re]) => re.test(url))?.[1] ?? 'other';
    else fallback ??= PACKAGE_STAGES.find(([re]) => re.test(url))?.[1] ?? null;
  }
  return found ?? fallback ?? 'runtime';
}

function describe(node: ProfileNode): string {
  const frame = node.callFrame;
  return `${frame.functionName || '(anonymous)'} (${frame.url.replace(/^.*\/(node_modules|app)\//, '$1/')}:${frame.lineNumber + 1})`;
}

/** A native leaf says little: name the nearest JS caller. */
function describeCaller(id: number, byId: Map<number, ProfileNode>, parent: Map<number, number>): string {
  for (let at = parent.get(id); at !== undefined; at = parent.get(at)) {
    if (byId.get(at)!.callFrame.url) return describe(byId.get(at)!);
  }
  return '(no JS caller)';
}
