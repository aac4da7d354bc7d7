import { describe, expect, it } from 'vitest';
import { assertNever } from '../../../app/core/util/assert-never';

type Shape = { kind: 'a' } | { kind: 'b' };

function name(shape: Shape): string {
  switch (shape.kind) {
    case 'a':
      return 'A';
    case 'b':
      return 'B';
    default:
      return assertNever(shape, 'shape');
  }
}

describe('assertNever', () => {
  it('is never reached for the declared variants', () => {
    expect([name({ kind: 'a' }), name({ kind: 'b' })]).toEqual(['A', 'B']);
  });

  it('throws, naming what arrived, when data slipped past the types', () => {
    expect(() => name({ kind: 'c' } as unknown as Shape)).toThrow('unknown shape: kind c');
    expect(() => assertNever('step-9' as never, 'step')).toThrow('unknown step: "step-9"');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => assertNever(cyclic as never)).toThrow('unknown value: object');
    expect(() => assertNever(undefined as never)).toThrow('unknown value: undefined');
  });

  it('keeps the message short for a huge value', () => {
    let message = '';
    try {
      assertNever('x'.repeat(10_000) as never);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.length).toBeLessThan(120);
  });
});
