// --invoke's value syntax: what it prints reads back as the same bits.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatValue, parseArg } from '../src/cli/values.js';
import type { RawValue } from '../src/exec/value.js';

const noRefs = () => 'null';

describe('--invoke values', () => {
  it('print and parse back i32 and i64 exactly', () => {
    fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (v) => {
      const text = formatValue({ type: 'i32', value: v }, noRefs);
      expect(parseArg(text, 'i32')).toEqual({ type: 'i32', value: v });
    }));
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (v) => {
      const text = formatValue({ type: 'i64', value: v }, noRefs);
      expect(parseArg(text, 'i64')).toEqual({ type: 'i64', value: v });
    }));
  });

  it('print every non-NaN f32 and f64 in a form that parses back to the same bits', () => {
    const isNan32 = (b: number) => (b & 0x7f800000) === 0x7f800000 && (b & 0x7fffff) !== 0;
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }).filter((b) => !isNan32(b)), (bits) => {
      const text = formatValue({ type: 'f32', bits }, noRefs);
      expect((parseArg(text, 'f32') as { bits: number }).bits >>> 0).toBe(bits >>> 0);
    }), { numRuns: 2000 });
    const isNan64 = (b: bigint) => (b & 0x7ff0000000000000n) === 0x7ff0000000000000n && (b & 0xfffffffffffffn) !== 0n;
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).filter((b) => !isNan64(b)), (bits) => {
      const text = formatValue({ type: 'f64', bits }, noRefs);
      expect((parseArg(text, 'f64') as { bits: bigint }).bits).toBe(bits);
    }), { numRuns: 2000 });
  });

  it('prints f32 in the shortest decimal that reads back as that f32', () => {
    const f32 = (x: number): RawValue => {
      const dv = new DataView(new ArrayBuffer(4));
      dv.setFloat32(0, x);
      return { type: 'f32', bits: dv.getUint32(0) };
    };
    expect(formatValue(f32(0.1), noRefs)).toBe('0.1');
    expect(formatValue(f32(666.6), noRefs)).toBe('666.6');
    expect(formatValue(f32(-0), noRefs)).toBe('-0');
    expect(formatValue({ type: 'f32', bits: 0x7fc00000 }, noRefs)).toBe('nan');
    expect(formatValue({ type: 'f32', bits: 0xffc00001 }, noRefs)).toBe('-nan:0x400001');
  });

  it('rejects text that is not a value of the parameter type', () => {
    for (const [text, type] of [['1.5', 'i32'], ['0x1_0000_0000', 'i32'], ['', 'i64'], ['12abc', 'f64'], ['x', 'f32']] as const) {
      expect(() => parseArg(text, type), `${text} as ${type}`).toThrow(/is not an? /);
    }
    expect(parseArg('-0x80000000', 'i32')).toEqual({ type: 'i32', value: -(2 ** 31) });
    expect(parseArg('1_000', 'i64')).toEqual({ type: 'i64', value: 1000n });
  });
});
