// The node flags the headless runner is launched with in production (README's systemd unit) and in
// the agent bench, which measures the runner as launched. Each was chosen with the bench's launch
// variants (XK_BENCH_VARIANTS: the launch plus a flag, same run, same windows as the launch and the
// peer; README "Benchmarks"): a flag stays only if it wins on a figure and loses none.
//
// --max-semi-space-size=1: V8 lets the young generation's semi-spaces grow to 16 MB each when a
// process allocates fast; the runner's allocations are short-lived (one telemetry round at a time),
// so the grown space only holds RSS. Capped at 1 MB, the bench's RSS growth from tick 1,000 to
// 20,000 went from 7.9 % to 0.7 % with no extra CPU per tick.
//
// --v8-pool-size=1: V8 starts 4 background threads (concurrent marking and sweeping, background
// compilation) whatever the machine, and each thread that allocates gets its own malloc arena.
// One is plenty for a heap of a few MB: RSS at the end of the 1 s run 1.5-2.8 MB lower (anonymous
// memory; two runs), CPU per tick and the flat-out rate unchanged within the bench's noise.
// MALLOC_ARENA_MAX=2 saves the same memory (the arenas are those threads') and nothing on top of
// this flag, so the unit sets no environment.
//
// --max-old-space-size=256: a safety cap. The runner's heap is a few MB; the largest things it
// holds at once are bounded far below (a hub reply ≤ 8 MB, the telemetry backlog ≤ 5 MB; downloads
// stream to disk). A leak then ends in an out-of-memory exit that the unit restarts, instead of
// growing to V8's default limit (a quarter of the player's RAM, up to 4 GB). It also leaves ~1 MB
// of the node binary's pages untouched (file-backed RSS 42.1 → 41.1 MB, the same with 64 and 128),
// at no CPU cost.
//
// --optimize-for-size: V8 grows its heap in smaller steps and sizes it for memory rather than
// speed. Flat out, the old space otherwise grows to its working size over the first ~7,000 ticks,
// which the bench's growth figure (RSS near tick 1,000 vs near 20,000) reads as 2-10 % growth
// (10.2 % in the run that also measured this flag); with it, 0.0 % in that run, the same CPU per
// tick at 1 s (1.33 ms in both windows), RSS end 53.5 vs 53.2 MB, flat out 3.0x instead of 3.3x
// the peer (above the >= 2x target). The player's heap is a few MB: speed of allocation-heavy code
// is not what it pays for.
//
// Measured and left out:
//   --lite-mode (implies --jitless: no optimizing or baseline compiler, no WebAssembly and so no
//   global fetch, and a V8 warning on every start unless --no-expose-wasm): RSS 9 MB lower (the
//   compilers' pages of the node binary are never touched), the same CPU per tick at 1 s, but flat
//   out 1,229 instead of 2,559 ticks per CPU-second: 1.04× the peer, where ≥ 2× is the target.
//   --no-opt (no TurboFan, Sparkplug kept): RSS 7.5 MB lower, flat out 1.3× the peer.
//   --single-threaded-gc: RSS and CPU unchanged within the noise (two runs); --single-threaded
//   (no background tasks at all) cost CPU per tick.
//   UV_THREADPOOL_SIZE=1: nothing at 1 s (libuv's pool starts with the first file or DNS job), and
//   a download's file writes would then wait behind every DNS lookup.
//   --stack-size: nothing to gain, and a value past the OS thread stack crashes instead of throwing.
export const HEADLESS_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--v8-pool-size=1', '--max-old-space-size=256', '--optimize-for-size'];

// The environment the unit sets for the runner (its Environment= lines); the bench launches with it
// too. None today (see MALLOC_ARENA_MAX above).
export const HEADLESS_NODE_ENV: Readonly<Record<string, string>> = {};
