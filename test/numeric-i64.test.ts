// i64 on 32-bit halves, checked against a BigInt reference.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as I from '../src/exec/i64.js';
import { RuntimeError } from '../src/errors.js';
import { wat2wasm, WebAssembly as W } from '../src/index.js';

const MIN = -(2n ** 63n), MAX = 2n ** 63n - 1n;
const s = new Int32Array(8); // a at 0, b at 2, d at 4
const edges = [0n, 1n, -1n, 2n, -2n, MIN, MAX, MIN + 1n, MAX - 1n,
  2n ** 31n, -(2n ** 31n), 2n ** 32n, 2n ** 32n - 1n, 2n ** 32n + 1n, -(2n ** 32n),
  2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, 0xffffffffn, 0x7fffffffn, 0x80000000n,
  0x100000000n, 0x1234567890abcdefn, 63n, 64n, 65n, 32n];

// Mostly random bits, but with edges, small numbers and powers of two often enough to matter.
const i64 = fc.oneof(
  fc.constantFrom(...edges),
  fc.bigInt({ min: MIN, max: MAX }),
  fc.bigInt({ min: -1000n, max: 1000n }),
  fc.integer({ min: 0, max: 63 }).chain((k) => fc.constantFrom(1n << BigInt(k), -(1n << BigInt(k)), (1n << BigInt(k)) - 1n).map((v) => BigInt.asIntN(64, v))),
  fc.bigInt({ min: 1n, max: 2n ** 32n - 1n }),
  fc.tuple(fc.bigInt({ min: 1n, max: 2n ** 31n }), fc.bigInt({ min: 0n, max: 2n ** 32n - 1n })).map(([h, l]) => BigInt.asIntN(64, (h << 32n) | l)),
);

const wrap = (v: bigint) => BigInt.asIntN(64, v);
const u = (v: bigint) => BigInt.asUintN(64, v);

type Bin = (s: Int32Array, d: number, a: number, b: number) => void;
function runBin(f: Bin, a: bigint, b: bigint): bigint | string {
  I.i64FromBigInt(s, 0, a);
  I.i64FromBigInt(s, 2, b);
  try {
    f(s, 4, 0, 2);
  } catch (e) {
    if (e instanceof RuntimeError) return e.reason;
    throw e;
  }
  return I.i64ToBigInt(s, 4);
}

const binRef: [string, Bin, (a: bigint, b: bigint) => bigint | string][] = [
  ['add', I.i64Add, (a, b) => wrap(a + b)],
  ['sub', I.i64Sub, (a, b) => wrap(a - b)],
  ['mul', I.i64Mul, (a, b) => wrap(a * b)],
  ['and', I.i64And, (a, b) => a & b],
  ['or', I.i64Or, (a, b) => a | b],
  ['xor', I.i64Xor, (a, b) => a ^ b],
  ['div_s', I.i64DivS, (a, b) => (b === 0n ? 'integer divide by zero' : a === MIN && b === -1n ? 'integer overflow' : a / b)],
  ['div_u', I.i64DivU, (a, b) => (b === 0n ? 'integer divide by zero' : wrap(u(a) / u(b)))],
  ['rem_s', I.i64RemS, (a, b) => (b === 0n ? 'integer divide by zero' : a % b)],
  ['rem_u', I.i64RemU, (a, b) => (b === 0n ? 'integer divide by zero' : wrap(u(a) % u(b)))],
  ['shl', I.i64Shl, (a, b) => wrap(a << (u(b) & 63n))],
  ['shr_s', I.i64ShrS, (a, b) => a >> (u(b) & 63n)],
  ['shr_u', I.i64ShrU, (a, b) => wrap(u(a) >> (u(b) & 63n))],
  ['rotl', I.i64Rotl, (a, b) => { const k = u(b) & 63n; return wrap((u(a) << k) | (u(a) >> ((64n - k) & 63n))); }],
  ['rotr', I.i64Rotr, (a, b) => { const k = u(b) & 63n; return wrap((u(a) >> k) | (u(a) << ((64n - k) & 63n))); }],
];

describe('i64 binary ops match BigInt', () => {
  for (const [name, f, ref] of binRef) {
    it(name, () => {
      fc.assert(fc.property(i64, i64, (a, b) => {
        expect(runBin(f, a, b)).toBe(ref(a, b));
      }), { numRuns: 3000 });
    });
  }
  it('div/rem: dividing by large divisors near the quotient estimate boundary', () => {
    // Divisors >= 2^32 exercise the estimate-and-correct path.
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 2n ** 32n, max: 2n ** 64n - 1n }), fc.integer({ min: -3, max: 3 }), (n, m, k) => {
      // n chosen close to a multiple of m
      const q = n / m;
      const near = q * m + BigInt(k);
      const x = near < 0n || near >= 2n ** 64n ? n : near;
      expect(runBin(I.i64DivU, wrap(x), wrap(m))).toBe(wrap(x / m));
      expect(runBin(I.i64RemU, wrap(x), wrap(m))).toBe(wrap(x % m));
    }), { numRuns: 3000 });
  });
  it('div/rem: 32-bit divisors in each fast path, dividends near a multiple', () => {
    // Divisors below 2^12 (exact in two steps), in [2^12, 2^30) (one double division corrected by
    // one step) and in [2^30, 2^32) (16-bit digits); dividends of all sizes, often within a few of a multiple.
    const divisor = fc.oneof(fc.bigInt({ min: 1n, max: 2n ** 12n - 1n }), fc.bigInt({ min: 2n ** 12n, max: 2n ** 20n }),
      fc.bigInt({ min: 2n ** 20n, max: 2n ** 30n - 1n }), fc.bigInt({ min: 2n ** 30n, max: 2n ** 32n - 1n }),
      fc.constantFrom(2n ** 12n - 1n, 2n ** 12n, 2n ** 12n + 1n, 2n ** 30n - 1n, 2n ** 30n, 2n ** 32n - 1n));
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), divisor, fc.integer({ min: -3, max: 3 }), fc.boolean(), (n, m, k, near) => {
      const y = (n / m) * m + BigInt(k);
      const x = near && y >= 0n && y < 2n ** 64n ? y : n;
      expect(runBin(I.i64DivU, wrap(x), wrap(m))).toBe(wrap(x / m));
      expect(runBin(I.i64RemU, wrap(x), wrap(m))).toBe(wrap(x % m));
      const sx = wrap(x), sm = wrap(m);
      expect(runBin(I.i64DivS, sx, sm)).toBe(sx / sm);
      expect(runBin(I.i64RemS, sx, -sm)).toBe(sx % -sm);
    }), { numRuns: 5000 });
  });
  it('results may overwrite an operand', () => {
    fc.assert(fc.property(i64, i64, (a, b) => {
      for (const [, f, ref] of binRef) {
        const want = ref(a, b);
        if (typeof want === 'string') continue;
        I.i64FromBigInt(s, 0, a);
        I.i64FromBigInt(s, 2, b);
        f(s, 0, 0, 2);
        expect(I.i64ToBigInt(s, 0)).toBe(want);
        I.i64FromBigInt(s, 0, a);
        I.i64FromBigInt(s, 2, b);
        f(s, 2, 0, 2);
        expect(I.i64ToBigInt(s, 2)).toBe(want);
      }
    }), { numRuns: 300 });
  });
});

type Un = (s: Int32Array, d: number, a: number) => void;
const unRef: [string, Un, (a: bigint) => bigint][] = [
  ['clz', I.i64Clz, (a) => { let n = 0n; for (let x = u(a); n < 64n && (x & (1n << 63n)) === 0n; x <<= 1n) n++; return n; }],
  ['ctz', I.i64Ctz, (a) => { let n = 0n; for (let x = u(a); n < 64n && (x & 1n) === 0n; x >>= 1n) n++; return n; }],
  ['popcnt', I.i64Popcnt, (a) => BigInt([...u(a).toString(2)].filter((c) => c === '1').length)],
  ['extend8_s', I.i64Extend8S, (a) => BigInt.asIntN(8, a)],
  ['extend16_s', I.i64Extend16S, (a) => BigInt.asIntN(16, a)],
  ['extend32_s', I.i64Extend32S, (a) => BigInt.asIntN(32, a)],
];

describe('i64 unary ops match BigInt', () => {
  for (const [name, f, ref] of unRef) {
    it(name, () => {
      fc.assert(fc.property(i64, (a) => {
        I.i64FromBigInt(s, 0, a);
        f(s, 4, 0);
        expect(I.i64ToBigInt(s, 4)).toBe(ref(a));
      }), { numRuns: 2000 });
    });
  }
  it('extend_i32_s / extend_i32_u', () => {
    fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (v) => {
      s[0] = v;
      I.i64ExtendI32S(s, 4, 0);
      expect(I.i64ToBigInt(s, 4)).toBe(BigInt(v));
      I.i64ExtendI32U(s, 4, 0);
      expect(I.i64ToBigInt(s, 4)).toBe(BigInt(v >>> 0));
    }));
  });
});

describe('i64 comparisons match BigInt', () => {
  const cmp: [string, (s: Int32Array, a: number, b: number) => number, (a: bigint, b: bigint) => boolean][] = [
    ['eq', I.i64Eq, (a, b) => a === b], ['ne', I.i64Ne, (a, b) => a !== b],
    ['lt_s', I.i64LtS, (a, b) => a < b], ['lt_u', I.i64LtU, (a, b) => u(a) < u(b)],
    ['gt_s', I.i64GtS, (a, b) => a > b], ['gt_u', I.i64GtU, (a, b) => u(a) > u(b)],
    ['le_s', I.i64LeS, (a, b) => a <= b], ['le_u', I.i64LeU, (a, b) => u(a) <= u(b)],
    ['ge_s', I.i64GeS, (a, b) => a >= b], ['ge_u', I.i64GeU, (a, b) => u(a) >= u(b)],
  ];
  for (const [name, f, ref] of cmp) {
    it(name, () => {
      fc.assert(fc.property(i64, fc.oneof(i64, fc.constant(null)), (a, bOrNull) => {
        const b = bOrNull ?? a; // equal operands often
        I.i64FromBigInt(s, 0, a);
        I.i64FromBigInt(s, 2, b);
        expect(f(s, 0, 2)).toBe(ref(a, b) ? 1 : 0);
      }), { numRuns: 2000 });
    });
  }
  it('eqz', () => {
    fc.assert(fc.property(i64, (a) => {
      I.i64FromBigInt(s, 0, a);
      expect(I.i64Eqz(s, 0)).toBe(a === 0n ? 1 : 0);
    }));
  });
});

// Exact rounding reference: round a BigInt to `bits` significant bits, ties to even.
function roundToBits(v: bigint, bits: number): number {
  const neg = v < 0n;
  let m = neg ? -v : v;
  if (m === 0n) return 0;
  const len = m.toString(2).length;
  if (len > bits) {
    const shift = BigInt(len - bits);
    const q = m >> shift, r = m & ((1n << shift) - 1n), half = 1n << (shift - 1n);
    let qq = q;
    if (r > half || (r === half && (q & 1n) === 1n)) qq++;
    m = qq << shift;
  }
  const x = Number(m); // exact: m has at most `bits` <= 53 significant bits
  return neg ? -x : x;
}

describe('i64 -> float conversions round exactly once', () => {
  it('signed and unsigned to f64', () => {
    fc.assert(fc.property(i64, (a) => {
      I.i64FromBigInt(s, 0, a);
      expect(I.i64ToF64S(s, 0)).toBe(roundToBits(a, 53));
      expect(I.i64ToF64U(s, 0)).toBe(roundToBits(u(a), 53));
    }), { numRuns: 5000 });
  });
  it('signed and unsigned to f32', () => {
    fc.assert(fc.property(i64, (a) => {
      I.i64FromBigInt(s, 0, a);
      expect(I.i64ToF32S(s, 0)).toBe(roundToBits(a, 24));
      expect(I.i64ToF32U(s, 0)).toBe(roundToBits(u(a), 24));
    }), { numRuns: 5000 });
  });
  it('the double-rounding trap case: 2^60 + 2^36 + 1 rounds up in f32', () => {
    // via f64 first this would become 2^60 + 2^36 (a tie) and then round down to 2^60
    const v = 2n ** 60n + 2n ** 36n + 1n;
    I.i64FromBigInt(s, 0, v);
    expect(I.i64ToF32U(s, 0)).toBe(2 ** 60 + 2 ** 37);
    expect(I.i64ToF32S(s, 0)).toBe(2 ** 60 + 2 ** 37);
  });
});

describe('float -> i64 truncation', () => {
  const doubles = fc.oneof(
    fc.double(),
    fc.constantFrom(0, -0, 0.5, -0.5, -0.99, 1, -1, 2 ** 63, -(2 ** 63), 2 ** 64, 2 ** 63 - 1024, -(2 ** 63) - 2048,
      2 ** 64 - 2048, 9.5, -9.5, Infinity, -Infinity, NaN, 2 ** 53 + 2, -(2 ** 53) - 2, 4294967296.5),
    fc.double({ min: -(2 ** 65), max: 2 ** 65 }),
  );
  const trunc = (x: number) => BigInt(Math.trunc(x));
  const runT = (f: (s: Int32Array, d: number, x: number) => void, x: number, signed: boolean): bigint | string => {
    try {
      f(s, 4, x);
    } catch (e) {
      if (e instanceof RuntimeError) return e.reason;
      throw e;
    }
    return I.i64ToBigInt(s, 4, signed);
  };
  it('trapping signed/unsigned', () => {
    fc.assert(fc.property(doubles, (x) => {
      const refS = Number.isNaN(x) ? 'invalid conversion to integer'
        : !Number.isFinite(x) || trunc(x) < MIN || trunc(x) > MAX ? 'integer overflow' : trunc(x);
      const refU = Number.isNaN(x) ? 'invalid conversion to integer'
        : !Number.isFinite(x) || trunc(x) < 0n || trunc(x) >= 2n ** 64n ? 'integer overflow' : trunc(x);
      expect(runT(I.f64ToI64S, x, true)).toBe(refS);
      expect(runT(I.f64ToI64U, x, false)).toBe(refU);
    }), { numRuns: 5000 });
  });
  it('saturating signed/unsigned', () => {
    const clamp = (v: bigint, lo: bigint, hi: bigint) => (v < lo ? lo : v > hi ? hi : v);
    fc.assert(fc.property(doubles, (x) => {
      const refS = Number.isNaN(x) ? 0n : x === Infinity ? MAX : x === -Infinity ? MIN : clamp(trunc(x), MIN, MAX);
      const refU = Number.isNaN(x) ? 0n : x === Infinity ? 2n ** 64n - 1n : x === -Infinity ? 0n : clamp(trunc(x), 0n, 2n ** 64n - 1n);
      expect(runT(I.f64ToI64SSat, x, true)).toBe(refS);
      expect(runT(I.f64ToI64USat, x, false)).toBe(refU);
    }), { numRuns: 5000 });
  });
});

describe('i64 division in the interpreter (inline path for divisors in [2^12, 2^30))', () => {
  // The interpreter divides by such divisors itself and hands every other case to i64.ts;
  // the results, also when they overwrite an operand, must match BigInt division.
  const ops = ['div_u', 'rem_u', 'div_s', 'rem_s'] as const;
  const wat = `(module ${ops.map((op) => `
    (func (export "${op}") (param $a i64) (param $b i64) (result i64) (i64.${op} (local.get $a) (local.get $b)))
    (func (export "${op}_into_a") (param $a i64) (param $b i64) (result i64)
      (local.set $a (i64.${op} (local.get $a) (local.get $b))) (local.get $a))
    (func (export "${op}_into_b") (param $a i64) (param $b i64) (result i64)
      (local.set $b (i64.${op} (local.get $a) (local.get $b))) (local.get $b))`).join('')})`;
  const e = new W.Instance(new W.Module(wat2wasm(wat)), {}).exports as Record<string, (a: bigint, b: bigint) => bigint>;
  const model: Record<(typeof ops)[number], (a: bigint, b: bigint) => bigint> = {
    div_u: (a, b) => wrap(u(a) / u(b)), rem_u: (a, b) => wrap(u(a) % u(b)),
    div_s: (a, b) => wrap(a / b), rem_s: (a, b) => wrap(a % b),
  };
  const divisor = fc.oneof(fc.bigInt({ min: 2n ** 12n, max: 2n ** 30n - 1n }),
    fc.constantFrom(2n ** 12n - 1n, 2n ** 12n, 2n ** 30n - 1n, 2n ** 30n, 7n, 1n, 2n ** 32n + 5n),
    fc.bigInt({ min: -(2n ** 30n), max: -1n }));
  it('matches BigInt for all four ops, dividends of every size and sign, often near a multiple', () => {
    fc.assert(fc.property(i64, divisor, fc.integer({ min: -2, max: 2 }), fc.boolean(), (n, m, k, near) => {
      const y = wrap((n / m) * m + BigInt(k));
      const x = near ? y : n;
      for (const op of ops) {
        if (op === 'div_s' && x === MIN && m === -1n) {
          // the one signed quotient that does not fit (the divisors include -1, the dividends INT64_MIN)
          for (const f of [op, `${op}_into_a`, `${op}_into_b`]) expect(() => e[f](x, m)).toThrow('integer overflow');
          continue;
        }
        const want = model[op](x, m);
        expect(e[op](x, m)).toBe(want);
        expect(e[`${op}_into_a`](x, m)).toBe(want);
        expect(e[`${op}_into_b`](x, m)).toBe(want);
      }
    }), { numRuns: 3000 });
  });
  it('INT64_MIN and other edges as dividends', () => {
    for (const x of [MIN, MIN + 1n, MAX, -1n, 0n, -(2n ** 32n), 2n ** 32n - 1n]) {
      for (const m of [4096n, 4097n, 12345n, 2n ** 30n - 1n]) {
        for (const op of ops) expect(e[op](x, m)).toBe(model[op](x, m));
      }
    }
  });
});
