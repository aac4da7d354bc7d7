// Launch variants for the agent bench: the built runner with extra node flags and environment on
// top of how production launches it (HEADLESS_NODE_FLAGS / HEADLESS_NODE_ENV, the systemd unit),
// measured in the same run as the launch itself and the peer: how a flag is chosen for the unit.
//   XK_BENCH_VARIANTS="lite=--lite-mode; arena=MALLOC_ARENA_MAX=2 --v8-pool-size=1"
// Each variant is `name=token token ...`; a token is a node/V8 flag (`--name` or `--name=value`)
// or an environment setting (`NAME=value`). Anything else is refused with the reason.
import { HEADLESS_NODE_ENV, HEADLESS_NODE_FLAGS } from '../../app/shells/headless/node-flags';

export interface Launch {
  /** Node/V8 flags before the runner's file. */
  flags: string[];
  /** Environment on top of the parent's. */
  env: Record<string, string>;
}

export interface LaunchVariant extends Launch {
  name: string;
}

const MAX_VARIANTS = 12;
const NAME = /^[a-z0-9][a-z0-9-]{0,19}$/i;
const FLAG = /^--[a-z0-9-]+(=[A-Za-z0-9._-]{1,32})?$/;
const ENV = /^([A-Z_][A-Z0-9_]{0,39})=([A-Za-z0-9._-]{0,32})$/;

/** How production launches the built runner: the unit's flags and Environment= settings. */
export function productionLaunch(): Launch {
  return { flags: [...HEADLESS_NODE_FLAGS], env: { ...HEADLESS_NODE_ENV } };
}

/** The production launch with a variant's flags and environment added (a variant's value wins). */
export function launchWith(extra: Launch): Launch {
  const base = productionLaunch();
  return { flags: [...base.flags, ...extra.flags], env: { ...base.env, ...extra.env } };
}

/** Parses XK_BENCH_VARIANTS (see the header); undefined or blank = no variants. */
export function parseVariants(text: string | undefined): LaunchVariant[] {
  if (text === undefined || text.trim() === '') return [];
  const parts = text.split(';').map((part) => part.trim()).filter(Boolean);
  if (parts.length > MAX_VARIANTS) throw new Error(`XK_BENCH_VARIANTS: at most ${MAX_VARIANTS} variants, got ${parts.length}`);
  const seen = new Set<string>();
  return parts.map((part) => {
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq).trim();
    if (!NAME.test(name)) throw new Error(`XK_BENCH_VARIANTS: bad variant name "${name.slice(0, 40)}" (letters, digits, '-', up to 20)`);
    if (seen.has(name)) throw new Error(`XK_BENCH_VARIANTS: variant "${name}" given twice`);
    seen.add(name);
    return { name, ...parseLaunch(eq < 0 ? '' : part.slice(eq + 1), `XK_BENCH_VARIANTS: variant "${name}"`) };
  });
}

/**
 * XK_BENCH_BEFORE_LAUNCH: the node flags / environment an older build (XK_BENCH_BEFORE) is
 * launched with, e.g. the unit's flags at that commit, so before/after compares launches as they
 * were; undefined or blank = plain `node`.
 */
export function parseBeforeLaunch(text: string | undefined): Launch {
  return parseLaunch(text ?? '', 'XK_BENCH_BEFORE_LAUNCH');
}

function parseLaunch(text: string, where: string): Launch {
  const launch: Launch = { flags: [], env: {} };
  for (const token of text.split(/\s+/).filter(Boolean)) {
    const env = ENV.exec(token);
    if (FLAG.test(token)) launch.flags.push(token);
    else if (env) launch.env[env[1]!] = env[2]!;
    else throw new Error(`${where}: "${token.slice(0, 40)}" is neither --flag[=value] nor NAME=value`);
  }
  return launch;
}

/** A variant as a reader sees it: what it adds to the production launch. */
export function describeVariant(variant: Launch): string {
  const env = Object.entries(variant.env).map(([key, value]) => `${key}=${value}`);
  return [...variant.flags, ...env].join(' ') || '(production launch)';
}
