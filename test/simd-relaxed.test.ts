// Relaxed SIMD: Node 20 has no relaxed SIMD without a flag, so each relaxed op
// is checked against the deterministic native op (or native op sequence) the
// spec permits and simd.ts documents choosing, plus the `either` cases of the
// official relaxed_*.wast files.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as S from '../src/exec/simd.js';
import { nativeRunner, type NativeOp, bytes32, f32Bits, f64Bits, f32FromBits, readU32, readU64, f64FromBits } from './numeric-native-module.js';

const buf = new ArrayBuffer(64);
const V = S.v128Views(buf);
function run(operands: Uint8Array[], f: (d: number) => void): Uint8Array {
  V.u8.fill(0xcc);
  operands.forEach((b, k) => V.u8.set(b, 16 * k));
  f(0); // in place, as the interpreter does
  return V.u8.slice(0, 16);
}

const v128 = fc.uint8Array({ minLength: 16, maxLength: 16 });
const f32v = fc.array(fc.oneof(fc.float().map(f32Bits), fc.integer({ min: 0, max: 0xffffffff })), { minLength: 4, maxLength: 4 })
  .map((ls) => { const b = new Uint8Array(16); ls.forEach((x, i) => b.set(bytes32(x), 4 * i)); return b; });

const ops = ['i8x16.swizzle', 'i32x4.trunc_sat_f32x4_s', 'i32x4.trunc_sat_f32x4_u', 'i32x4.trunc_sat_f64x2_s_zero',
  'i32x4.trunc_sat_f64x2_u_zero', 'f32x4.min', 'f32x4.max', 'f64x2.min', 'f64x2.max', 'i16x8.q15mulr_sat_s',
  'f32x4.mul', 'f32x4.add', 'f64x2.mul', 'f64x2.add', 'f32x4.neg', 'f64x2.neg'];
const ternaryOps = ['v128.bitselect'];
const UNARY = /trunc_sat|neg/;
const native = nativeRunner([
  ...ops.map((n): NativeOp => ({ name: n, instr: n, params: UNARY.test(n) ? ['v128'] : ['v128', 'v128'], result: 'v128' })),
  ...ternaryOps.map((n): NativeOp => ({ name: n, instr: n, params: ['v128', 'v128', 'v128'], result: 'v128' })),
]);
const nat = (name: string, ...operands: Uint8Array[]) => native.run(name, operands) as Uint8Array;

describe('relaxed ops equal the deterministic op they document', () => {
  const pairs: [string, S.SimdBinary | S.SimdUnary, string, number][] = [
    ['i8x16.relaxed_swizzle', S.i8x16RelaxedSwizzle, 'i8x16.swizzle', 2],
    ['i32x4.relaxed_trunc_f32x4_s', S.i32x4RelaxedTruncF32x4S, 'i32x4.trunc_sat_f32x4_s', 1],
    ['i32x4.relaxed_trunc_f32x4_u', S.i32x4RelaxedTruncF32x4U, 'i32x4.trunc_sat_f32x4_u', 1],
    ['i32x4.relaxed_trunc_f64x2_s_zero', S.i32x4RelaxedTruncF64x2SZero, 'i32x4.trunc_sat_f64x2_s_zero', 1],
    ['i32x4.relaxed_trunc_f64x2_u_zero', S.i32x4RelaxedTruncF64x2UZero, 'i32x4.trunc_sat_f64x2_u_zero', 1],
    ['i16x8.relaxed_q15mulr_s', S.i16x8RelaxedQ15mulrS, 'i16x8.q15mulr_sat_s', 2],
  ];
  for (const [name, f, ref, arity] of pairs) {
    it(`${name} = ${ref}`, () => {
      fc.assert(fc.property(fc.oneof(v128, f32v), v128, (a, b) => {
        const got = arity === 1 ? run([a], (d) => (f as S.SimdUnary)(V, d, 0)) : run([a, b], (d) => (f as S.SimdBinary)(V, d, 0, 16));
        expect([...got]).toEqual([...nat(ref, a, b)]);
      }), { numRuns: 500 });
    });
  }
  it('relaxed_min/max = min/max (NaN lanes: both arithmetic NaNs)', () => {
    fc.assert(fc.property(f32v, f32v, (a, b) => {
      for (const [f, ref] of [[S.f32x4RelaxedMin, 'f32x4.min'], [S.f32x4RelaxedMax, 'f32x4.max'],
        [S.f64x2RelaxedMin, 'f64x2.min'], [S.f64x2RelaxedMax, 'f64x2.max']] as const) {
        const got = run([a, b], (d) => f(V, d, 0, 16)), want = nat(ref, a, b);
        if (ref.startsWith('f32')) {
          for (let i = 0; i < 4; i++) {
            const g = readU32(got, 4 * i), w = readU32(want, 4 * i);
            if (Number.isNaN(f32FromBits(w))) expect((g & 0x7fc00000) >>> 0).toBe(0x7fc00000);
            else expect(g).toBe(w);
          }
        } else {
          for (let i = 0; i < 2; i++) {
            const g = readU64(got, 8 * i), w = readU64(want, 8 * i);
            if (Number.isNaN(f64FromBits(w))) expect(g & 0x7ff8000000000000n).toBe(0x7ff8000000000000n);
            else expect(g).toBe(w);
          }
        }
      }
    }), { numRuns: 500 });
  });
  it('relaxed_laneselect = bitselect, for every lane width', () => {
    fc.assert(fc.property(v128, v128, v128, (a, b, c) => {
      const want = [...nat('v128.bitselect', a, b, c)];
      for (const f of [S.i8x16RelaxedLaneselect, S.i16x8RelaxedLaneselect, S.i32x4RelaxedLaneselect, S.i64x2RelaxedLaneselect]) {
        expect([...run([a, b, c], (d) => f(V, d, 0, 16, 32))]).toEqual(want);
      }
    }), { numRuns: 300 });
  });
  it('relaxed_madd/nmadd = unfused mul then add (nmadd negates the product)', () => {
    const f64v = fc.array(fc.double().map(f64Bits), { minLength: 2, maxLength: 2 })
      .map((ls) => { const b = new Uint8Array(16); const dv = new DataView(b.buffer); ls.forEach((x, i) => dv.setBigUint64(8 * i, x, true)); return b; });
    fc.assert(fc.property(f32v, f32v, f32v, f64v, f64v, f64v, (a, b, c, x, y, z) => {
      // canonical NaNs only: the unfused native sequence and ours may pick different NaN payloads
      const okNaN32 = (g: Uint8Array, w: Uint8Array) => [0, 1, 2, 3].every((i) => {
        const gi = readU32(g, 4 * i), wi = readU32(w, 4 * i);
        return Number.isNaN(f32FromBits(wi)) ? Number.isNaN(f32FromBits(gi)) && (gi & 0x400000) !== 0 : gi === wi;
      });
      const okNaN64 = (g: Uint8Array, w: Uint8Array) => [0, 1].every((i) => {
        const gi = readU64(g, 8 * i), wi = readU64(w, 8 * i);
        return Number.isNaN(f64FromBits(wi)) ? Number.isNaN(f64FromBits(gi)) && (gi & 0x8000000000000n) !== 0n : gi === wi;
      });
      const m32 = nat('f32x4.mul', a, b), m64 = nat('f64x2.mul', x, y);
      expect(okNaN32(run([a, b, c], (d) => S.f32x4RelaxedMadd(V, d, 0, 16, 32)), nat('f32x4.add', m32, c))).toBe(true);
      expect(okNaN32(run([a, b, c], (d) => S.f32x4RelaxedNmadd(V, d, 0, 16, 32)), nat('f32x4.add', nat('f32x4.neg', m32, m32), c))).toBe(true);
      expect(okNaN64(run([x, y, z], (d) => S.f64x2RelaxedMadd(V, d, 0, 16, 32)), nat('f64x2.add', m64, z))).toBe(true);
      expect(okNaN64(run([x, y, z], (d) => S.f64x2RelaxedNmadd(V, d, 0, 16, 32)), nat('f64x2.add', nat('f64x2.neg', m64, m64), z))).toBe(true);
    }), { numRuns: 500 });
  });
});

describe('relaxed dot products', () => {
  const i8 = (b: Uint8Array, i: number) => (b[i]! << 24) >> 24;
  const sat16 = (x: number) => Math.max(-32768, Math.min(32767, x));
  const i7v = fc.array(fc.integer({ min: 0, max: 127 }), { minLength: 16, maxLength: 16 }).map((l) => Uint8Array.from(l));
  it('i16x8.relaxed_dot_i8x16_i7x16_s: exact for i7 operands, signed-saturating otherwise', () => {
    fc.assert(fc.property(v128, fc.oneof(i7v, v128), (a, b) => {
      const got = new Int16Array(run([a, b], (d) => S.i16x8RelaxedDotI8x16I7x16S(V, d, 0, 16)).buffer);
      for (let i = 0; i < 8; i++) {
        const exact = i8(a, 2 * i) * i8(b, 2 * i) + i8(a, 2 * i + 1) * i8(b, 2 * i + 1);
        expect(got[i]).toBe(sat16(exact) | 0);
      }
    }), { numRuns: 500 });
  });
  it('i32x4.relaxed_dot_i8x16_i7x16_add_s: exact for i7 operands, wrapping add of c', () => {
    fc.assert(fc.property(v128, i7v, v128, (a, b, c) => {
      const got = new Int32Array(run([a, b, c], (d) => S.i32x4RelaxedDotI8x16I7x16AddS(V, d, 0, 16, 32)).buffer);
      const cc = new Int32Array(c.slice().buffer);
      for (let i = 0; i < 4; i++) {
        let sum = 0;
        for (let k = 0; k < 4; k++) sum += i8(a, 4 * i + k) * i8(b, 4 * i + k);
        expect(got[i]).toBe((sum + cc[i]!) | 0);
      }
    }), { numRuns: 500 });
  });
  it('the either-cases of relaxed_dot_product.wast', () => {
    const a = new Uint8Array(16), b = new Uint8Array(16), c = new Uint8Array(16);
    a.set([0x80, 0x80, 0x80, 0x80]); b.set([0x81, 0x81, 0x81, 0x81]);
    const r16 = new Int16Array(run([a, b], (d) => S.i16x8RelaxedDotI8x16I7x16S(V, d, 0, 16)).buffer);
    expect([-32768, 32512, 33024 - 65536]).toContain(r16[0]);
    new Int32Array(c.buffer).set([1, 2, 3, 4]);
    const r32 = new Int32Array(run([a, b, c], (d) => S.i32x4RelaxedDotI8x16I7x16AddS(V, d, 0, 16, 32)).buffer);
    expect([-66047, -65535, 65025, 66049]).toContain(r32[0]);
    expect([...r32.slice(1)]).toEqual([2, 3, 4]);
  });
});

describe('the either-cases of relaxed_madd_nmadd.wast', () => {
  const splat32 = (x: number) => { const b = new Uint8Array(16); for (let i = 0; i < 4; i++) b.set(bytes32(f32Bits(x)), 4 * i); return b; };
  const splat64 = (x: number) => { const b = new Uint8Array(16); const dv = new DataView(b.buffer); dv.setFloat64(0, x, true); dv.setFloat64(8, x, true); return b; };
  it('FLT_MAX * 2 - FLT_MAX is FLT_MAX or inf', () => {
    const M = f32FromBits(0x7f7fffff);
    const r = new Float32Array(run([splat32(M), splat32(2), splat32(-M)], (d) => S.f32x4RelaxedMadd(V, d, 0, 16, 32)).buffer);
    for (const x of r) expect([M, Infinity]).toContain(x);
  });
  it('the two-roundings case gives 2^-37 or 0 (f32) and 2^-53 or 0 (f64)', () => {
    const r = new Float32Array(run([splat32(1 + 2 ** -22), splat32(1 + 2 ** -15), splat32(-(1 + 2 ** -15 + 2 ** -22))],
      (d) => S.f32x4RelaxedMadd(V, d, 0, 16, 32)).buffer);
    for (const x of r) expect([2 ** -37, 0]).toContain(x);
    const r64 = new Float64Array(run([splat64(1 + 2 ** -30), splat64(1 + 2 ** -23), splat64(-(1 + 2 ** -23 + 2 ** -30))],
      (d) => S.f64x2RelaxedMadd(V, d, 0, 16, 32)).buffer);
    for (const x of r64) expect([2 ** -53, 0]).toContain(x);
    const n64 = new Float64Array(run([splat64(-(1 + 2 ** -30)), splat64(1 + 2 ** -23), splat64(-(1 + 2 ** -23 + 2 ** -30))],
      (d) => S.f64x2RelaxedNmadd(V, d, 0, 16, 32)).buffer);
    for (const x of n64) expect([2 ** -53, 0]).toContain(x);
  });
});
