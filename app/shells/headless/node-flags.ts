// The node flags the headless runner is launched with in production (README's systemd unit) and in
// the agent bench, which measures the runner as launched.
//
// --max-semi-space-size=1: V8 lets the young generation's semi-spaces grow to 16 MB each when a
// process allocates fast; the runner's allocations are short-lived (one telemetry round at a time),
// so the grown space only holds RSS. Capped at 1 MB, the bench's RSS growth from tick 1,000 to
// 20,000 went from 7.9 % to 0.7 % with no extra CPU per tick (README "Headless players").
export const HEADLESS_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1'];

// The environment the unit sets for the runner (its Environment= lines); the bench launches with it too.
export const HEADLESS_NODE_ENV: Readonly<Record<string, string>> = {};
