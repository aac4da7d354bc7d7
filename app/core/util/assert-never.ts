// Exhaustiveness guard for `switch` over a discriminated union: when a new variant is added and a
// switch forgets it, `x` is no longer `never` and the call stops compiling. At run time it only
// fires on data that slipped past the types (e.g. a state file from a newer version).
export function assertNever(x: never, what = 'value'): never {
  throw new Error(`unknown ${what}: ${describe(x)}`);
}

function describe(x: unknown): string {
  if (typeof x === 'object' && x !== null && 'kind' in x) return `kind ${String((x as { kind: unknown }).kind)}`;
  try {
    return JSON.stringify(x)?.slice(0, 80) ?? String(x);
  } catch {
    return typeof x;
  }
}
