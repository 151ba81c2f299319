import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseF32, parseF32Exact, parseF64, parseF64Exact, parseInt as parseIntLit, RangeErrorLiteral } from '../src/text/numbers.js';

const f64Bits = (x: number) => {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x, true);
  return v.getBigUint64(0, true);
};
const f32Bits = (x: number) => {
  const v = new DataView(new ArrayBuffer(4));
  v.setFloat32(0, x, true);
  return v.getUint32(0, true);
};
const f32FromBits = (b: number) => {
  const v = new DataView(new ArrayBuffer(4));
  v.setUint32(0, b, true);
  return v.getFloat32(0, true);
};

/** Exact decimal text of m * 2^e (a dyadic rational always has a finite decimal expansion). */
function exactDecimal(m: bigint, e: number): string {
  if (e >= 0) return (m << BigInt(e)).toString();
  const digits = (m * 5n ** BigInt(-e)).toString().padStart(-e + 1, '0');
  return `${digits.slice(0, digits.length + e)}.${digits.slice(digits.length + e)}`;
}

describe('integer literals', () => {
  it('accepts the signed and unsigned ranges and nothing else', () => {
    expect(parseIntLit('0xffffffff', 32)).toBe(-1n);
    expect(parseIntLit('-0x80000000', 32)).toBe(-2147483648n);
    expect(parseIntLit('+0x7fffffff', 32)).toBe(2147483647n);
    expect(parseIntLit('1_000', 32)).toBe(1000n);
    expect(() => parseIntLit('0x100000000', 32)).toThrow(RangeErrorLiteral);
    expect(() => parseIntLit('-0x80000001', 32)).toThrow(RangeErrorLiteral);
    expect(() => parseIntLit('+0x80000000', 32)).toThrow(RangeErrorLiteral);
    expect(parseIntLit('1__0', 32)).toBeNull();
    expect(parseIntLit('_1', 32)).toBeNull();
    expect(parseIntLit('0x', 32)).toBeNull();
    expect(parseIntLit('1x', 32)).toBeNull();
  });
  it('round-trips every i64 through its decimal and hex text', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), (n) => {
      expect(parseIntLit(n.toString(), 64)).toBe(n);
      expect(parseIntLit('0x' + BigInt.asUintN(64, n).toString(16), 64)).toBe(n);
    }));
  });
});

describe('f64 literals', () => {
  it('agree with the (correctly rounded) JS number parser on decimal text', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 1, max: 25 }), (x, p) => {
      const s = x.toPrecision(p);
      if (Number.isFinite(Number(s))) expect(parseF64(s)).toBe(f64Bits(Number(s)));
      else expect(() => parseF64(s)).toThrow(RangeErrorLiteral);
    }), { numRuns: 3000 });
  });
  it('handle special forms', () => {
    expect(parseF64('inf')).toBe(0x7ff0000000000000n);
    expect(parseF64('-inf')).toBe(0xfff0000000000000n);
    expect(parseF64('nan')).toBe(0x7ff8000000000000n);
    expect(parseF64('-nan:0x1')).toBe(0xfff0000000000001n);
    expect(parseF64('0x1p-1074')).toBe(1n);
    expect(parseF64('0x1p-1075')).toBe(0n);
    expect(parseF64('0x1.fffffffffffffp1023')).toBe(0x7fefffffffffffffn);
    expect(() => parseF64('0x1p1024')).toThrow(RangeErrorLiteral);
    expect(() => parseF64('1e309')).toThrow(RangeErrorLiteral);
    expect(() => parseF64('nan:0x0')).toThrow(RangeErrorLiteral);
    expect(parseF64('1e-400')).toBe(0n);
    expect(parseF64('.5')).toBeNull();
    expect(parseF64('1.e5')).toBe(f64Bits(1e5));
  });
});

describe('f32 literals', () => {
  it('round-trip the shortest decimal text of every f32', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0x7f7fffff }), (bits) => {
      const x = f32FromBits(bits);
      // 9 significant digits always identify an f32.
      expect(parseF32(x.toPrecision(9))).toBe(bits);
    }), { numRuns: 3000 });
  });
  it('round halfway cases to even (no double rounding through f64)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0x7f7ffffe }), (bits) => {
      // The exact midpoint between an f32 and its successor.
      const exp = bits >>> 23;
      const mant = BigInt((bits & 0x7fffff) | (exp ? 0x800000 : 0));
      const e = (exp ? exp : 1) - 150;
      const mid = exactDecimal(mant * 2n + 1n, e - 1);
      const expected = (bits & 1) === 0 ? bits : bits + 1;
      expect(parseF32(mid)).toBe(expected);
      // A hair above the midpoint rounds up.
      expect(parseF32(mid.includes('.') ? mid + '000001' : mid + '.000001')).toBe(bits + 1);
    }), { numRuns: 1000 });
  });
  it('handle special forms and range limits', () => {
    expect(parseF32('0x1p-149')).toBe(1);
    expect(parseF32('0x1p-150')).toBe(0);
    expect(parseF32('0x1.8p-149')).toBe(2);
    expect(parseF32('3.4028235e38')).toBe(0x7f7fffff);
    expect(() => parseF32('3.4028236e38')).toThrow(RangeErrorLiteral);
    expect(() => parseF32('0x1p128')).toThrow(RangeErrorLiteral);
    expect(parseF32('0x1.fffffefffffffffffp127')).toBe(0x7f7fffff);
    expect(parseF32('nan:0x200000')).toBe(0x7fa00000);
    expect(() => parseF32('nan:0x800000')).toThrow(RangeErrorLiteral);
    expect(parseF32('-0')).toBe(0x80000000);
    expect(parseF32('1_000.000_1')).toBe(f32Bits(1000.0001));
  });
});

describe('the double-arithmetic fast path', () => {
  const outcome = (f: () => unknown) => {
    try {
      return f();
    } catch (e) {
      return e instanceof RangeErrorLiteral ? 'out of range' : e;
    }
  };
  const literal = fc.oneof(
    fc.tuple(fc.bigInt({ min: 0n, max: (1n << 60n) }), fc.integer({ min: -30, max: 30 }))
      .map(([m, e]) => `${m}e${e}`),
    fc.tuple(fc.bigInt({ min: 0n, max: (1n << 56n) }), fc.integer({ min: -1100, max: 1100 }))
      .map(([m, e]) => `0x${m.toString(16)}p${e}`),
    fc.tuple(fc.nat(), fc.nat({ max: 99999 })).map(([a, b]) => `${a}.${b}`),
  );
  it('agrees with exact BigInt rounding', () => {
    fc.assert(fc.property(literal, fc.boolean(), (text, neg) => {
      const t = (neg ? '-' : '') + text;
      expect(outcome(() => parseF64(t))).toEqual(outcome(() => parseF64Exact(t)));
      expect(outcome(() => parseF32(t))).toEqual(outcome(() => parseF32Exact(t)));
    }), { numRuns: 20000 });
  });
});
