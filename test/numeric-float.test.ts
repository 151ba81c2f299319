// Scalar float ops and conversions, checked bit for bit against Node's native
// WebAssembly (NaN results: same class rules as the spec, see sameF32/sameF64).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as F from '../src/exec/float.js';
import * as C from '../src/exec/convert.js';
import * as I from '../src/exec/i64.js';
import { RuntimeError } from '../src/errors.js';
import {
  nativeRunner, type NativeOp, type NumType, bytes32, bytes64, readU32, readU64, sameF32, sameF64,
  f32Bits, f64Bits, isNaN32, isNaN64, isCanonical32, isCanonical64,
} from './numeric-native-module.js';

// Pure bit operations: the result must equal native's bits exactly, NaN or not.
const BIT_EXACT = /\.(abs|neg|copysign)$/;

// Our side: a miniature value stack laid out like the interpreter's
// (slot k: i32[2k], f32[2k], f64[k]); operands in slots 0 and 1, result in slot 2.
const buf = new ArrayBuffer(48);
const i32 = new Int32Array(buf), f32 = new Float32Array(buf), f64 = new Float64Array(buf), u8 = new Uint8Array(buf);

type Ours = () => void;
interface Case { instr: string; params: NumType[]; result: NumType; ours: Ours }

const cases: Case[] = [];
const add = (instr: string, params: NumType[], result: NumType, ours: Ours) => cases.push({ instr, params, result, ours });

for (const [w, fv] of [['f32', f32], ['f64', f64]] as const) {
  const x = w === 'f32' ? (k: number) => f32[2 * k]! : (k: number) => f64[k]!;
  const put = w === 'f32' ? (v: number) => { f32[4] = v; } : (v: number) => { f64[2] = v; };
  void fv;
  const bin: [string, (a: number, b: number) => number][] = w === 'f32'
    ? [['add', F.f32Add], ['sub', F.f32Sub], ['mul', F.f32Mul], ['div', F.f32Div], ['min', F.f32Min], ['max', F.f32Max]]
    : [['add', F.f64Add], ['sub', F.f64Sub], ['mul', F.f64Mul], ['div', F.f64Div], ['min', F.f64Min], ['max', F.f64Max]];
  for (const [n, f] of bin) add(`${w}.${n}`, [w, w], w, () => put(f(x(0), x(1))));
  const un: [string, (a: number) => number][] = [['ceil', F.fCeil], ['floor', F.fFloor], ['trunc', F.fTrunc],
    ['nearest', F.fNearest], ['sqrt', w === 'f32' ? F.f32Sqrt : F.f64Sqrt]];
  for (const [n, f] of un) add(`${w}.${n}`, [w], w, () => put(f(x(0))));
  const cmp: [string, (a: number, b: number) => number][] = [['eq', F.fEq], ['ne', F.fNe], ['lt', F.fLt], ['gt', F.fGt], ['le', F.fLe], ['ge', F.fGe]];
  for (const [n, f] of cmp) add(`${w}.${n}`, [w, w], 'i32', () => { i32[4] = f(x(0), x(1)); });
  if (w === 'f32') {
    add('f32.abs', [w], w, () => F.f32Abs(i32, 4, 0));
    add('f32.neg', [w], w, () => F.f32Neg(i32, 4, 0));
    add('f32.copysign', [w, w], w, () => F.f32Copysign(i32, 4, 0, 2));
  } else {
    add('f64.abs', [w], w, () => F.f64Abs(i32, 4, 0));
    add('f64.neg', [w], w, () => F.f64Neg(i32, 4, 0));
    add('f64.copysign', [w, w], w, () => F.f64Copysign(i32, 4, 0, 2));
  }
  add(`i32.trunc_${w}_s`, [w], 'i32', () => { i32[4] = C.i32TruncS(x(0)); });
  add(`i32.trunc_${w}_u`, [w], 'i32', () => { i32[4] = C.i32TruncU(x(0)); });
  add(`i32.trunc_sat_${w}_s`, [w], 'i32', () => { i32[4] = C.i32TruncSatS(x(0)); });
  add(`i32.trunc_sat_${w}_u`, [w], 'i32', () => { i32[4] = C.i32TruncSatU(x(0)); });
  add(`i64.trunc_${w}_s`, [w], 'i64', () => I.f64ToI64S(i32, 4, x(0)));
  add(`i64.trunc_${w}_u`, [w], 'i64', () => I.f64ToI64U(i32, 4, x(0)));
  add(`i64.trunc_sat_${w}_s`, [w], 'i64', () => I.f64ToI64SSat(i32, 4, x(0)));
  add(`i64.trunc_sat_${w}_u`, [w], 'i64', () => I.f64ToI64USat(i32, 4, x(0)));
  add(`${w}.convert_i32_s`, ['i32'], w, () => put(w === 'f32' ? C.f32ConvertI32S(i32[0]!) : C.f64ConvertI32S(i32[0]!)));
  add(`${w}.convert_i32_u`, ['i32'], w, () => put(w === 'f32' ? C.f32ConvertI32U(i32[0]!) : C.f64ConvertI32U(i32[0]!)));
  add(`${w}.convert_i64_s`, ['i64'], w, () => put(w === 'f32' ? I.i64ToF32S(i32, 0) : I.i64ToF64S(i32, 0)));
  add(`${w}.convert_i64_u`, ['i64'], w, () => put(w === 'f32' ? I.i64ToF32U(i32, 0) : I.i64ToF64U(i32, 0)));
}
add('f32.demote_f64', ['f64'], 'f32', () => F.f32DemoteF64(i32, 4, 0));
add('f64.promote_f32', ['f32'], 'f64', () => F.f64PromoteF32(i32, 4, 0));

const native = nativeRunner(cases.map((c): NativeOp => ({ name: c.instr, instr: c.instr, params: c.params, result: c.result })));

// ---- operand generators (raw bits) ----
const f32Edges = [0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7fa00000, 0xffa00001,
  0x7f800001, 0x7fffffff, 0xffffffff, 0x7fc00001, 0x00000001, 0x80000001, 0x007fffff, 0x00800000, 0x7f7fffff,
  0x3f800000, 0xbf800000, 0x3f000000, 0xbf000000, 0x3fc00000, 0xbfc00000, 0x40200000, 0xc0200000, 0x3effffff,
  0x4f000000, 0xcf000000, 0x4f800000, 0x4effffff, 0x4f7fffff, 0xcf000001, 0x5f000000, 0xdf000000, 0x5f800000,
  0x5effffff, 0x5f7fffff, 0xdf000001, 0x4b000000, 0x4affffff, 0x4b7fffff, 0xcb000001, 0xbf7fffff];
const f64Edges = [0n, 0x8000000000000000n, 0x7ff0000000000000n, 0xfff0000000000000n, 0x7ff8000000000000n,
  0xfff8000000000000n, 0x7ff4000000000000n, 0x7ff0000000000001n, 0xfff0000000000001n, 0x7fffffffffffffffn,
  0x7ff8000000000001n, 0x0000000000000001n, 0x800fffffffffffffn, 0x0010000000000000n, 0x7fefffffffffffffn,
  0x3ff0000000000000n, 0xbff0000000000000n, 0x3fe0000000000000n, 0xbfe0000000000000n, 0x3ff8000000000000n,
  0x4004000000000000n, 0xc004000000000000n, 0x3fdfffffffffffffn, 0xbfefffffffffffffn,
  0x41e0000000000000n, 0xc1e0000000000000n, 0x41dfffffffc00000n, 0x41dfffffffffffffn, 0xc1e0000000200000n,
  0xc1e00000001fffffn, 0x41efffffffe00000n, 0x41efffffffffffffn, 0x41f0000000000000n, 0x43e0000000000000n,
  0xc3e0000000000000n, 0x43dfffffffffffffn, 0xc3e0000000000001n, 0x43f0000000000000n, 0x43efffffffffffffn,
  0x4330000000000000n, 0x432fffffffffffffn, 0x4330000000000001n, 0xc32fffffffffffffn,
  0x47efffffe0000000n, 0x47efffff00000000n, 0x36a0000000000000n, 0x3690000000000000n, 0x3690000000000001n,
  0x380fffffffffffffn, 0x47effffff0000000n];
const f32BitsArb = fc.oneof(
  fc.constantFrom(...f32Edges),
  fc.integer({ min: 0, max: 0xffffffff }),
  fc.float({ noDefaultInfinity: false }).map(f32Bits),
  fc.integer({ min: -(2 ** 33), max: 2 ** 33 }).map((n) => f32Bits(n + 0.5 * (n & 1))),
  fc.integer({ min: 0, max: 0x7fffff }).map((m) => (0x7f800000 | m | (m === 0 ? 1 : 0)) >>> 0), // NaNs
);
const f64BitsArb = fc.oneof(
  fc.constantFrom(...f64Edges),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  fc.double().map(f64Bits),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).map((n) => f64Bits(n * 2 ** 24 + 0.5 * (n & 1))),
  fc.bigInt({ min: 1n, max: 2n ** 52n - 1n }).map((m) => 0x7ff0000000000000n | m | (m & 1n ? 0x8000000000000000n : 0n)),
);
const i32Arb = fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  fc.constantFrom(0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 16777217, -16777217, 0x7fffffc0, 0x7fffffbf));
const i64Arb = fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.constantFrom(0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 53n + 1n, 2n ** 60n + 2n ** 36n + 1n, -(2n ** 60n) - 2n ** 36n - 1n,
    0x7ffffffffffffdffn, 0x20000010000001n),
  fc.tuple(fc.integer({ min: 0, max: 62 }), fc.bigInt({ min: -(2n ** 40n), max: 2n ** 40n })).map(([k, v]) => BigInt.asIntN(64, (1n << BigInt(k)) + v)));

function operand(t: NumType): fc.Arbitrary<{ bytes: Uint8Array; f32?: number; f64?: bigint }> {
  switch (t) {
    case 'f32': return f32BitsArb.map((b) => ({ bytes: bytes32(b), f32: b >>> 0 }));
    case 'f64': return f64BitsArb.map((b) => ({ bytes: bytes64(b), f64: b }));
    case 'i32': return i32Arb.map((v) => ({ bytes: bytes32(v) }));
    case 'i64': return i64Arb.map((v) => ({ bytes: bytes64(v) }));
    default: throw new Error('no v128 here');
  }
}

function runOurs(c: Case, ops: Uint8Array[]): Uint8Array | { trap: string } {
  u8.fill(0);
  ops.forEach((b, k) => u8.set(b, 8 * k));
  try {
    c.ours();
  } catch (e) {
    if (e instanceof RuntimeError) return { trap: e.reason };
    throw e;
  }
  return u8.slice(16, 16 + (c.result === 'i32' || c.result === 'f32' ? 4 : 8));
}

describe('scalar float ops and conversions match native WebAssembly', () => {
  for (const c of cases) {
    it(c.instr, () => {
      fc.assert(fc.property(fc.tuple(...c.params.map(operand)), (ops) => {
        const want = native.run(c.instr, ops.map((o) => o.bytes));
        const got = runOurs(c, ops.map((o) => o.bytes));
        if ('trap' in want) {
          expect('trap' in got, `${c.instr} should trap`).toBe(true);
          return;
        }
        expect(got).toBeInstanceOf(Uint8Array);
        const g = got as Uint8Array;
        // NaN operands all canonical (vacuously true without NaN operands)
        const canon = ops.every((o) => (o.f32 === undefined || !isNaN32(o.f32) || isCanonical32(o.f32))
          && (o.f64 === undefined || !isNaN64(o.f64) || isCanonical64(o.f64)));
        if (BIT_EXACT.test(c.instr)) {
          expect([...g]).toEqual([...want]);
        } else if (c.result === 'f32') {
          const ok = sameF32(readU32(g), readU32(want), canon);
          expect(ok, `${c.instr}: got ${readU32(g).toString(16)} want ${readU32(want).toString(16)}`).toBe(true);
        } else if (c.result === 'f64') {
          const ok = sameF64(readU64(g), readU64(want), canon);
          expect(ok, `${c.instr}: got ${readU64(g).toString(16)} want ${readU64(want).toString(16)}`).toBe(true);
        } else {
          expect([...g]).toEqual([...want]);
        }
      }), { numRuns: 2500 });
    });
  }
});

describe('trap wording', () => {
  it('i32 truncation: NaN is an invalid conversion, out of range an overflow', () => {
    expect(() => C.i32TruncS(NaN)).toThrow('invalid conversion to integer');
    expect(() => C.i32TruncU(NaN)).toThrow('invalid conversion to integer');
    expect(() => C.i32TruncS(2147483648)).toThrow('integer overflow');
    expect(() => C.i32TruncS(-2147483649)).toThrow('integer overflow');
    expect(() => C.i32TruncU(-1)).toThrow('integer overflow');
    expect(() => C.i32TruncU(4294967296)).toThrow('integer overflow');
    expect(C.i32TruncS(-2147483648.9)).toBe(-2147483648);
    expect(C.i32TruncU(-0.9)).toBe(0);
    expect(C.i32TruncU(4294967295.9)).toBe(-1);
  });
});

describe('bit-exact sign operations', () => {
  it('abs/neg/copysign keep signalling NaN payloads', () => {
    i32[0] = 0x7fa00001; // f32 sNaN
    F.f32Neg(i32, 4, 0);
    expect(i32[4]! >>> 0).toBe(0xffa00001);
    F.f32Abs(i32, 4, 4);
    expect(i32[4]! >>> 0).toBe(0x7fa00001);
    i32[2] = -1;
    F.f32Copysign(i32, 4, 0, 2);
    expect(i32[4]! >>> 0).toBe(0xffa00001);
  });
  it('demote/promote map canonical NaN to canonical NaN and quiet signalling NaNs', () => {
    i32[0] = 0; i32[1] = 0x7ff80000;
    F.f32DemoteF64(i32, 4, 0);
    expect(i32[4]! >>> 0).toBe(0x7fc00000);
    i32[0] = 0x7fa00000 | 0;
    F.f64PromoteF32(i32, 4, 0);
    expect([i32[4]! >>> 0, i32[5]! >>> 0]).toEqual([0, 0x7ffc0000]);
  });
  it('the JS NaN constant is the canonical NaN', () => {
    f64[0] = NaN;
    expect([i32[0], i32[1]! >>> 0]).toEqual([0, 0x7ff80000]);
    f32[0] = NaN;
    expect(i32[0]! >>> 0).toBe(0x7fc00000);
  });
  it('nearest keeps the sign of zero and rounds ties to even', () => {
    expect(Object.is(F.fNearest(-0.5), -0)).toBe(true);
    expect(Object.is(F.fNearest(-0.3), -0)).toBe(true);
    expect(Object.is(F.fNearest(0.5), 0)).toBe(true);
    expect(F.fNearest(2.5)).toBe(2);
    expect(F.fNearest(-3.5)).toBe(-4);
    expect(F.fNearest(4503599627370497)).toBe(4503599627370497);
  });
});
