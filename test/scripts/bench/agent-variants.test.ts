// The agent bench's launch variants: XK_BENCH_VARIANTS is parsed into node flags and environment
// on top of the production launch (the systemd unit's flags and Environment= settings).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEADLESS_NODE_ENV, HEADLESS_NODE_FLAGS } from '../../../app/shells/headless/node-flags';
import { describeVariant, launchWith, parseBeforeLaunch, parseVariants, productionLaunch } from '../../../scripts/bench/agent-variants';

// Mostly well-formed XK_BENCH_VARIANTS text with junk mixed in, so both paths are exercised.
const token = fc.oneof(fc.constantFrom('--lite-mode', '--v8-pool-size=1', 'MALLOC_ARENA_MAX=2', 'A=', '--', '=x', '--a=b=c', 'x;y'), fc.string({ maxLength: 12 }));
const variantsText = fc
  .array(fc.tuple(fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,8}$/), fc.string({ maxLength: 6 })), fc.array(token, { maxLength: 4 })), { maxLength: 14 })
  .map((variants) => variants.map(([name, tokens]) => `${name}=${tokens.join(' ')}`).join(';'));

describe('agent bench launch variants', () => {
  it('start from the production launch: the node flags and environment of the systemd unit', () => {
    expect(productionLaunch()).toEqual({ flags: [...HEADLESS_NODE_FLAGS], env: { ...HEADLESS_NODE_ENV } });
  });

  it('parse flags and environment settings per named variant', () => {
    expect(parseVariants('lite=--lite-mode; arena=MALLOC_ARENA_MAX=2 --v8-pool-size=1 ;bare=')).toEqual([
      { name: 'lite', flags: ['--lite-mode'], env: {} },
      { name: 'arena', flags: ['--v8-pool-size=1'], env: { MALLOC_ARENA_MAX: '2' } },
      { name: 'bare', flags: [], env: {} },
    ]);
    expect(parseVariants(undefined)).toEqual([]);
    expect(parseVariants('  ')).toEqual([]);
  });

  it('add a variant on top of the production launch; its environment value wins', () => {
    const launch = launchWith({ flags: ['--no-opt'], env: { MALLOC_ARENA_MAX: '1' } });
    expect(launch.flags).toEqual([...HEADLESS_NODE_FLAGS, '--no-opt']);
    expect(launch.env).toEqual({ ...HEADLESS_NODE_ENV, MALLOC_ARENA_MAX: '1' });
    expect(describeVariant({ flags: ['--no-opt'], env: { MALLOC_ARENA_MAX: '1' } })).toBe('--no-opt MALLOC_ARENA_MAX=1');
    expect(describeVariant({ flags: [], env: {} })).toBe('(production launch)');
  });

  it('refuse what is neither a flag nor NAME=value, bad or repeated names, and too many variants', () => {
    expect(() => parseVariants('x=--ok; x=--again')).toThrow(/given twice/);
    expect(() => parseVariants('x=rm -rf')).toThrow(/neither --flag/);
    expect(() => parseVariants('x=--eval=$(id)')).toThrow(/neither --flag/);
    expect(() => parseVariants('x=lower=case')).toThrow(/neither --flag/);
    expect(() => parseVariants('../x=--ok')).toThrow(/bad variant name/);
    expect(() => parseVariants(Array.from({ length: 13 }, (_, i) => `v${i}=--ok`).join(';'))).toThrow(/at most 12/);
  });

  it('either parse into bounded flag / NAME=value tokens or throw an Error, for any input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), variantsText), (text) => {
        let variants;
        try {
          variants = parseVariants(text);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          return;
        }
        expect(variants.length).toBeLessThanOrEqual(12);
        for (const v of variants) {
          for (const flag of v.flags) expect(flag).toMatch(/^--[a-z0-9-]+(=[A-Za-z0-9._-]{1,32})?$/);
          for (const [key, value] of Object.entries(v.env)) expect(`${key}=${value}`).toMatch(/^[A-Z_][A-Z0-9_]*=[A-Za-z0-9._-]*$/);
        }
      }),
    );
  });

  it("parse an older build's launch (XK_BENCH_BEFORE_LAUNCH) with the same tokens; blank = plain node", () => {
    expect(parseBeforeLaunch(undefined)).toEqual({ flags: [], env: {} });
    expect(parseBeforeLaunch('  ')).toEqual({ flags: [], env: {} });
    expect(parseBeforeLaunch('--max-semi-space-size=1 MALLOC_ARENA_MAX=2')).toEqual({ flags: ['--max-semi-space-size=1'], env: { MALLOC_ARENA_MAX: '2' } });
    expect(() => parseBeforeLaunch('--eval=$(id)')).toThrow(/XK_BENCH_BEFORE_LAUNCH: .* neither --flag/);
  });
});
