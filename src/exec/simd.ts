// v128 operations (the whole 0xFD family except v128.const), as allocation-free
// functions over typed-array views of one buffer. Loads/stores only move bytes:
// effective address and bounds check are the caller's.
//
// Addressing: every v128 operand or result is a BYTE OFFSET into the buffer, a
// multiple of 8 (on the interpreter's stack, slot k is byte 8k; a v128 takes
// slots k and k+1). Lane i of an i16 value at offset a is v.i16[(a >> 1) + i],
// and so on. A result may overwrite an operand (d === a is the normal case):
// operations whose output lanes read other input lanes go through a scratch
// value first.
//
// Shapes (v: V128Views from v128Views(buffer); d, a, b, c: byte offsets):
//   unary    (v, d, a): void              e.g. i8x16Abs, f32x4Sqrt, i16x8ExtendLowI8x16S
//   binary   (v, d, a, b): void           e.g. i8x16Add, f64x2Min, i8x16Swizzle, i16x8NarrowI32x4S
//   ternary  (v, d, a, b, c): void        v128Bitselect, relaxed madd/nmadd/laneselect, i32x4RelaxedDotI8x16I7x16AddS
//   test     (v, a): number               v128AnyTrue, i8x16AllTrue ..., i8x16Bitmask ...  (an i32)
//   shift    (v, d, a, n): void           n = the i32 shift count (taken mod the lane width)
//   splat:   i8x16Splat/i16x8Splat/i32x4Splat(v, d, x: number)
//            i64x2Splat/f32x4Splat/f64x2Splat(v, d, src)   -- src: byte offset of the scalar (bits copied)
//   extract: i8x16ExtractLaneS/U, i16x8ExtractLaneS/U, i32x4ExtractLane (v, a, lane): number
//            i64x2ExtractLane/f32x4ExtractLane/f64x2ExtractLane (v, d, a, lane)  -- writes the scalar at d
//   replace: i8x16ReplaceLane/i16x8ReplaceLane/i32x4ReplaceLane (v, d, a, lane, x: number)
//            i64x2ReplaceLane/f32x4ReplaceLane/f64x2ReplaceLane (v, d, a, lane, src)  -- src: byte offset
//   shuffle: i8x16Shuffle(v, d, a, b, lanes: ArrayLike<number>)  -- 16 lane indices 0..31
//   memory (caller has bounds-checked ea .. ea + width):
//            v128Load/v128Load8x8S/U/v128Load16x4S/U/v128Load32x2S/U/v128Load{8,16,32,64}Splat/
//            v128Load32Zero/v128Load64Zero (v, d, mem: Uint8Array, ea)
//            v128Store(v, a, mem, ea)
//            v128LoadLane(v, d, a, mem, ea, lane, width)  v128StoreLane(v, a, mem, ea, lane, width)  -- width in bytes
// Tables by instruction name and by opcode code, for generic dispatch:
//   SIMD_UNARY, SIMD_BINARY, SIMD_TERNARY, SIMD_TEST, SIMD_SHIFT   (Record<name, fn>)
//   SIMD_UNARY_BY_CODE ... SIMD_SHIFT_BY_CODE                       (Map<code, fn>)
//
// Float lanes follow the scalar rules of float.ts (NaN results are arithmetic,
// canonical for canonical inputs; abs/neg/pmin/pmax copy bits exactly).
//
// Relaxed SIMD: each op gives one result the spec permits, deterministically:
//   i8x16.relaxed_swizzle          = i8x16.swizzle (index >= 16 gives 0)
//   i32x4.relaxed_trunc_*          = the matching trunc_sat (saturate, NaN -> 0)
//   f32x4/f64x2.relaxed_madd       = unfused: round(round(a*b) + c); relaxed_nmadd = round(-round(a*b) + c)
//   i*.relaxed_laneselect          = v128.bitselect
//   relaxed_min / relaxed_max      = min / max
//   i16x8.relaxed_q15mulr_s        = i16x8.q15mulr_sat_s
//   i16x8.relaxed_dot_i8x16_i7x16_s  = signed x signed products, pairwise sum saturated to i16
//   i32x4.relaxed_dot_i8x16_i7x16_add_s = the i16 dot above, pairwise-added to i32, plus c (wrapping)

import { opcode } from '../binary/opcodes.js';
import { fMin, fMax, fCeil, fFloor, fTrunc, fNearest, f32DemoteBits, f64PromoteBits, f64PromoteLo } from './float.js';
import { i32TruncSatS, i32TruncSatU } from './convert.js';
import { i64Add, i64Sub, i64Mul, i64Eq, i64Ne, i64LtS, i64Shl, i64ShrS, i64ShrU } from './i64.js';

export interface V128Views {
  u8: Uint8Array; i8: Int8Array; c8: Uint8ClampedArray;
  u16: Uint16Array; i16: Int16Array;
  u32: Uint32Array; i32: Int32Array;
  f32: Float32Array; f64: Float64Array;
}

/** All lane views of one buffer (create once per buffer, not per operation). */
export function v128Views(buffer: ArrayBufferLike): V128Views {
  return {
    u8: new Uint8Array(buffer), i8: new Int8Array(buffer), c8: new Uint8ClampedArray(buffer),
    u16: new Uint16Array(buffer), i16: new Int16Array(buffer),
    u32: new Uint32Array(buffer), i32: new Int32Array(buffer),
    f32: new Float32Array(buffer), f64: new Float64Array(buffer),
  };
}

type V = V128Views;
export type SimdUnary = (v: V, d: number, a: number) => void;
export type SimdBinary = (v: V, d: number, a: number, b: number) => void;
export type SimdTernary = (v: V, d: number, a: number, b: number, c: number) => void;
export type SimdTest = (v: V, a: number) => number;
export type SimdShift = (v: V, d: number, a: number, n: number) => void;

// Scratch result for lane-permuting operations, copied to d at the end.
const T = v128Views(new ArrayBuffer(16));
// Scratch words for 64-bit lane arithmetic via i64.ts: operands at 0 and 2, count at 2, result at 4.
const W = new Int32Array(8);

function flush(v: V, d: number): void {
  const w = d >> 2, t = T.i32, x = v.i32;
  x[w] = t[0]!; x[w + 1] = t[1]!; x[w + 2] = t[2]!; x[w + 3] = t[3]!;
}

function copy16(v: V, d: number, a: number): void {
  if (d === a) return;
  const x = v.i32, dw = d >> 2, aw = a >> 2;
  x[dw] = x[aw]!; x[dw + 1] = x[aw + 1]!; x[dw + 2] = x[aw + 2]!; x[dw + 3] = x[aw + 3]!;
}

const sat8s = (r: number) => (r > 127 ? 127 : r < -128 ? -128 : r);
const sat8u = (r: number) => (r > 255 ? 255 : r < 0 ? 0 : r);
const sat16s = (r: number) => (r > 32767 ? 32767 : r < -32768 ? -32768 : r);
const sat16u = (r: number) => (r > 65535 ? 65535 : r < 0 ? 0 : r);

// ======================= bitwise =======================

export function v128Not(v: V, d: number, a: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = ~x[A + i]!;
}
export function v128And(v: V, d: number, a: number, b: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = x[A + i]! & x[B + i]!;
}
export function v128Andnot(v: V, d: number, a: number, b: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = x[A + i]! & ~x[B + i]!;
}
export function v128Or(v: V, d: number, a: number, b: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = x[A + i]! | x[B + i]!;
}
export function v128Xor(v: V, d: number, a: number, b: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = x[A + i]! ^ x[B + i]!;
}
export function v128Bitselect(v: V, d: number, a: number, b: number, c: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2, B = b >> 2, C = c >> 2;
  for (let i = 0; i < 4; i++) {
    const m = x[C + i]!;
    x[D + i] = (x[A + i]! & m) | (x[B + i]! & ~m);
  }
}
export function v128AnyTrue(v: V, a: number): number {
  const x = v.i32, A = a >> 2;
  return (x[A]! | x[A + 1]! | x[A + 2]! | x[A + 3]!) !== 0 ? 1 : 0;
}

// ======================= splat / lanes / shuffle =======================

export function i8x16Splat(v: V, d: number, x: number): void {
  v.u8.fill(x & 0xff, d, d + 16);
}
export function i16x8Splat(v: V, d: number, x: number): void {
  const D = d >> 1;
  v.u16.fill(x & 0xffff, D, D + 8);
}
export function i32x4Splat(v: V, d: number, x: number): void {
  const D = d >> 2;
  v.i32.fill(x | 0, D, D + 4);
}
export function i64x2Splat(v: V, d: number, src: number): void {
  const x = v.i32, S = src >> 2, D = d >> 2, lo = x[S]!, hi = x[S + 1]!;
  x[D] = lo; x[D + 1] = hi; x[D + 2] = lo; x[D + 3] = hi;
}
export function f32x4Splat(v: V, d: number, src: number): void {
  const D = d >> 2;
  v.i32.fill(v.i32[src >> 2]!, D, D + 4);
}
export const f64x2Splat = i64x2Splat;

export function i8x16ExtractLaneS(v: V, a: number, lane: number): number { return v.i8[a + lane]!; }
export function i8x16ExtractLaneU(v: V, a: number, lane: number): number { return v.u8[a + lane]!; }
export function i16x8ExtractLaneS(v: V, a: number, lane: number): number { return v.i16[(a >> 1) + lane]!; }
export function i16x8ExtractLaneU(v: V, a: number, lane: number): number { return v.u16[(a >> 1) + lane]!; }
export function i32x4ExtractLane(v: V, a: number, lane: number): number { return v.i32[(a >> 2) + lane]!; }
export function i64x2ExtractLane(v: V, d: number, a: number, lane: number): void {
  const x = v.i32, A = (a >> 2) + 2 * lane, D = d >> 2, lo = x[A]!, hi = x[A + 1]!;
  x[D] = lo; x[D + 1] = hi;
}
export function f32x4ExtractLane(v: V, d: number, a: number, lane: number): void {
  v.i32[d >> 2] = v.i32[(a >> 2) + lane]!;
}
export const f64x2ExtractLane = i64x2ExtractLane;

export function i8x16ReplaceLane(v: V, d: number, a: number, lane: number, x: number): void {
  copy16(v, d, a);
  v.u8[d + lane] = x;
}
export function i16x8ReplaceLane(v: V, d: number, a: number, lane: number, x: number): void {
  copy16(v, d, a);
  v.u16[(d >> 1) + lane] = x;
}
export function i32x4ReplaceLane(v: V, d: number, a: number, lane: number, x: number): void {
  copy16(v, d, a);
  v.i32[(d >> 2) + lane] = x;
}
export function i64x2ReplaceLane(v: V, d: number, a: number, lane: number, src: number): void {
  const x = v.i32, S = src >> 2, lo = x[S]!, hi = x[S + 1]!;
  copy16(v, d, a);
  const D = (d >> 2) + 2 * lane;
  x[D] = lo; x[D + 1] = hi;
}
export function f32x4ReplaceLane(v: V, d: number, a: number, lane: number, src: number): void {
  const bits = v.i32[src >> 2]!;
  copy16(v, d, a);
  v.i32[(d >> 2) + lane] = bits;
}
export const f64x2ReplaceLane = i64x2ReplaceLane;

export function i8x16Shuffle(v: V, d: number, a: number, b: number, lanes: ArrayLike<number>): void {
  const x = v.u8, t = T.u8;
  for (let i = 0; i < 16; i++) {
    const l = lanes[i]!;
    t[i] = l < 16 ? x[a + l]! : x[b + l - 16]!;
  }
  flush(v, d);
}
export function i8x16Swizzle(v: V, d: number, a: number, b: number): void {
  const x = v.u8, t = T.u8;
  for (let i = 0; i < 16; i++) {
    const l = x[b + i]!;
    t[i] = l < 16 ? x[a + l]! : 0;
  }
  flush(v, d);
}

// ======================= i8x16 =======================

// Lane-wise add/sub on whole 32-bit words (SWAR): the top bit of each lane is
// handled separately so no carry or borrow crosses into the next lane.
const H8 = 0x80808080 | 0, H16 = 0x80008000 | 0;
export function i8x16Add(v: V, d: number, a: number, b: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) {
    const p = x[A + i]!, q = x[B + i]!;
    x[D + i] = ((p & ~H8) + (q & ~H8)) ^ ((p ^ q) & H8);
  }
}
export function i8x16Sub(v: V, d: number, a: number, b: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) {
    const p = x[A + i]!, q = x[B + i]!;
    x[D + i] = ((p | H8) - (q & ~H8)) ^ ((p ^ ~q) & H8);
  }
}
export function i8x16AddSatS(v: V, d: number, a: number, b: number): void {
  const x = v.i8;
  for (let i = 0; i < 16; i++) x[d + i] = sat8s(x[a + i]! + x[b + i]!);
}
export function i8x16AddSatU(v: V, d: number, a: number, b: number): void {
  const x = v.u8, c = v.c8; // the clamped view saturates to 0..255 on store
  for (let i = 0; i < 16; i++) c[d + i] = x[a + i]! + x[b + i]!;
}
export function i8x16SubSatS(v: V, d: number, a: number, b: number): void {
  const x = v.i8;
  for (let i = 0; i < 16; i++) x[d + i] = sat8s(x[a + i]! - x[b + i]!);
}
export function i8x16SubSatU(v: V, d: number, a: number, b: number): void {
  const x = v.u8, c = v.c8;
  for (let i = 0; i < 16; i++) c[d + i] = x[a + i]! - x[b + i]!;
}
export function i8x16MinS(v: V, d: number, a: number, b: number): void {
  const x = v.i8;
  for (let i = 0; i < 16; i++) { const p = x[a + i]!, q = x[b + i]!; x[d + i] = p < q ? p : q; }
}
export function i8x16MinU(v: V, d: number, a: number, b: number): void {
  const x = v.u8;
  for (let i = 0; i < 16; i++) { const p = x[a + i]!, q = x[b + i]!; x[d + i] = p < q ? p : q; }
}
export function i8x16MaxS(v: V, d: number, a: number, b: number): void {
  const x = v.i8;
  for (let i = 0; i < 16; i++) { const p = x[a + i]!, q = x[b + i]!; x[d + i] = p > q ? p : q; }
}
export function i8x16MaxU(v: V, d: number, a: number, b: number): void {
  const x = v.u8;
  for (let i = 0; i < 16; i++) { const p = x[a + i]!, q = x[b + i]!; x[d + i] = p > q ? p : q; }
}
export function i8x16AvgrU(v: V, d: number, a: number, b: number): void {
  const x = v.u8;
  for (let i = 0; i < 16; i++) x[d + i] = (x[a + i]! + x[b + i]! + 1) >>> 1;
}
export function i8x16Abs(v: V, d: number, a: number): void {
  const x = v.i8;
  for (let i = 0; i < 16; i++) { const p = x[a + i]!; x[d + i] = p < 0 ? -p : p; }
}
export function i8x16Neg(v: V, d: number, a: number): void {
  const x = v.i8;
  for (let i = 0; i < 16; i++) x[d + i] = -x[a + i]!;
}
const POPCNT8 = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCNT8[i] = (i & 1) + POPCNT8[i >> 1]!;
export function i8x16Popcnt(v: V, d: number, a: number): void {
  const x = v.u8;
  for (let i = 0; i < 16; i++) x[d + i] = POPCNT8[x[a + i]!]!;
}
export function i8x16Shl(v: V, d: number, a: number, n: number): void {
  const x = v.u8, k = n & 7;
  for (let i = 0; i < 16; i++) x[d + i] = x[a + i]! << k;
}
export function i8x16ShrS(v: V, d: number, a: number, n: number): void {
  const x = v.i8, k = n & 7;
  for (let i = 0; i < 16; i++) x[d + i] = x[a + i]! >> k;
}
export function i8x16ShrU(v: V, d: number, a: number, n: number): void {
  const x = v.u8, k = n & 7;
  for (let i = 0; i < 16; i++) x[d + i] = x[a + i]! >>> k;
}
export function i8x16Eq(v: V, d: number, a: number, b: number): void {
  const x = v.i8;
  for (let i = 0; i < 16; i++) x[d + i] = x[a + i] === x[b + i] ? -1 : 0;
}
export function i8x16Ne(v: V, d: number, a: number, b: number): void {
  const x = v.i8;
  for (let i = 0; i < 16; i++) x[d + i] = x[a + i] !== x[b + i] ? -1 : 0;
}
export function i8x16LtS(v: V, d: number, a: number, b: number): void {
  const x = v.i8;
  for (let i = 0; i < 16; i++) x[d + i] = x[a + i]! < x[b + i]! ? -1 : 0;
}
export function i8x16LtU(v: V, d: number, a: number, b: number): void {
  const x = v.u8;
  for (let i = 0; i < 16; i++) x[d + i] = x[a + i]! < x[b + i]! ? 255 : 0;
}
export function i8x16GtS(v: V, d: number, a: number, b: number): void { i8x16LtS(v, d, b, a); }
export function i8x16GtU(v: V, d: number, a: number, b: number): void { i8x16LtU(v, d, b, a); }
export function i8x16LeS(v: V, d: number, a: number, b: number): void {
  const x = v.i8;
  for (let i = 0; i < 16; i++) x[d + i] = x[a + i]! <= x[b + i]! ? -1 : 0;
}
export function i8x16LeU(v: V, d: number, a: number, b: number): void {
  const x = v.u8;
  for (let i = 0; i < 16; i++) x[d + i] = x[a + i]! <= x[b + i]! ? 255 : 0;
}
export function i8x16GeS(v: V, d: number, a: number, b: number): void { i8x16LeS(v, d, b, a); }
export function i8x16GeU(v: V, d: number, a: number, b: number): void { i8x16LeU(v, d, b, a); }
export function i8x16AllTrue(v: V, a: number): number {
  const x = v.u8;
  for (let i = 0; i < 16; i++) if (x[a + i] === 0) return 0;
  return 1;
}
export function i8x16Bitmask(v: V, a: number): number {
  const x = v.u8;
  let m = 0;
  for (let i = 0; i < 16; i++) m |= (x[a + i]! >> 7) << i;
  return m;
}
export function i8x16NarrowI16x8S(v: V, d: number, a: number, b: number): void {
  const x = v.i16, t = T.i8, A = a >> 1, B = b >> 1;
  for (let i = 0; i < 8; i++) { t[i] = sat8s(x[A + i]!); t[8 + i] = sat8s(x[B + i]!); }
  flush(v, d);
}
export function i8x16NarrowI16x8U(v: V, d: number, a: number, b: number): void {
  const x = v.i16, t = T.u8, A = a >> 1, B = b >> 1;
  for (let i = 0; i < 8; i++) { t[i] = sat8u(x[A + i]!); t[8 + i] = sat8u(x[B + i]!); }
  flush(v, d);
}

// ======================= i16x8 =======================

export function i16x8Add(v: V, d: number, a: number, b: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) {
    const p = x[A + i]!, q = x[B + i]!;
    x[D + i] = ((p & ~H16) + (q & ~H16)) ^ ((p ^ q) & H16);
  }
}
export function i16x8Sub(v: V, d: number, a: number, b: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) {
    const p = x[A + i]!, q = x[B + i]!;
    x[D + i] = ((p | H16) - (q & ~H16)) ^ ((p ^ ~q) & H16);
  }
}
export function i16x8Mul(v: V, d: number, a: number, b: number): void {
  const x = v.i16, D = d >> 1, A = a >> 1, B = b >> 1;
  for (let i = 0; i < 8; i++) x[D + i] = Math.imul(x[A + i]!, x[B + i]!);
}
export function i16x8AddSatS(v: V, d: number, a: number, b: number): void {
  const x = v.i16, D = d >> 1, A = a >> 1, B = b >> 1;
  for (let i = 0; i < 8; i++) x[D + i] = sat16s(x[A + i]! + x[B + i]!);
}
export function i16x8AddSatU(v: V, d: number, a: number, b: number): void {
  const x = v.u16, D = d >> 1, A = a >> 1, B = b >> 1;
  for (let i = 0; i < 8; i++) x[D + i] = sat16u(x[A + i]! + x[B + i]!);
}
export function i16x8SubSatS(v: V, d: number, a: number, b: number): void {
  const x = v.i16, D = d >> 1, A = a >> 1, B = b >> 1;
  for (let i = 0; i < 8; i++) x[D + i] = sat16s(x[A + i]! - x[B + i]!);
}
export function i16x8SubSatU(v: V, d: number, a: number, b: number): void {
  const x = v.u16, D = d >> 1, A = a >> 1, B = b >> 1;
  for (let i = 0; i < 8; i++) x[D + i] = sat16u(x[A + i]! - x[B + i]!);
}
export function i16x8MinS(v: V, d: number, a: number, b: number): void {
  const x = v.i16, D = d >> 1, A = a >> 1, B = b >> 1;
  for (let i = 0; i < 8; i++) { const p = x[A + i]!, q = x[B + i]!; x[D + i] = p < q ? p : q; }
}
export function i16x8MinU(v: V, d: number, a: number, b: number): void {
  const x = v.u16, D = d >> 1, A = a >> 1, B = b >> 1;
  for (let i = 0; i < 8; i++) { const p = x[A + i]!, q = x[B + i]!; x[D + i] = p < q ? p : q; }
}
export function i16x8MaxS(v: V, d: number, a: number, b: number): void {
  const x = v.i16, D = d >> 1, A = a >> 1, B = b >> 1;
  for (let i = 0; i < 8; i++) { const p = x[A + i]!, q = x[B + i]!; x[D + i] = p > q ? p : q; }
}
export function i16x8MaxU(v: V, d: number, a: number, b: number): void {
  const x = v.u16, D = d >> 1, A = a >> 1, B = b >> 1;
  for (let i = 0; i < 8; i++) { const p = x[A + i]!, q = x[B + i]!; x[D + i] = p > q ? p : q; }
}
export function i16x8AvgrU(v: V, d: number, a: number, b: number): void {
  const x = v.u16, D = d >> 1, A = a >> 1, B = b >> 1;
  for (let i = 0; i < 8; i++) x[D + i] = (x[A + i]! + x[B + i]! + 1) >>> 1;
}
export function i16x8Q15mulrSatS(v: V, d: number, a: number, b: number): void {
  const x = v.i16, D = d >> 1, A = a >> 1, B = b >> 1;
  for (let i = 0; i < 8; i++) x[D + i] = sat16s((x[A + i]! * x[B + i]! + 0x4000) >> 15);
}
export function i16x8Abs(v: V, d: number, a: number): void {
  const x = v.i16, D = d >> 1, A = a >> 1;
  for (let i = 0; i < 8; i++) { const p = x[A + i]!; x[D + i] = p < 0 ? -p : p; }
}
export function i16x8Neg(v: V, d: number, a: number): void {
  const x = v.i16, D = d >> 1, A = a >> 1;
  for (let i = 0; i < 8; i++) x[D + i] = -x[A + i]!;
}
export function i16x8Shl(v: V, d: number, a: number, n: number): void {
  const x = v.u16, D = d >> 1, A = a >> 1, k = n & 15;
  for (let i = 0; i < 8; i++) x[D + i] = x[A + i]! << k;
}
export function i16x8ShrS(v: V, d: number, a: number, n: number): void {
  const x = v.i16, D = d >> 1, A = a >> 1, k = n & 15;
  for (let i = 0; i < 8; i++) x[D + i] = x[A + i]! >> k;
}
export function i16x8ShrU(v: V, d: number, a: number, n: number): void {
  const x = v.u16, D = d >> 1, A = a >> 1, k = n & 15;
  for (let i = 0; i < 8; i++) x[D + i] = x[A + i]! >>> k;
}
export function i16x8Eq(v: V, d: number, a: number, b: number): void {
  const x = v.i16, D = d >> 1, A = a >> 1, B = b >> 1;
  for (let i = 0; i < 8; i++) x[D + i] = x[A + i] === x[B + i] ? -1 : 0;
}
export function i16x8Ne(v: V, d: number, a: number, b: number): void {
  const x = v.i16, D = d >> 1, A = a >> 1, B = b >> 1;
  for (let i = 0; i < 8; i++) x[D + i] = x[A + i] !== x[B + i] ? -1 : 0;
}
export function i16x8LtS(v: V, d: number, a: number, b: number): void {
  const x = v.i16, D = d >> 1, A = a >> 1, B = b >> 1;
  for (let i = 0; i < 8; i++) x[D + i] = x[A + i]! < x[B + i]! ? -1 : 0;
}
export function i16x8LtU(v: V, d: number, a: number, b: number): void {
  const x = v.u16, D = d >> 1, A = a >> 1, B = b >> 1;
  for (let i = 0; i < 8; i++) x[D + i] = x[A + i]! < x[B + i]! ? 0xffff : 0;
}
export function i16x8LeS(v: V, d: number, a: number, b: number): void {
  const x = v.i16, D = d >> 1, A = a >> 1, B = b >> 1;
  for (let i = 0; i < 8; i++) x[D + i] = x[A + i]! <= x[B + i]! ? -1 : 0;
}
export function i16x8LeU(v: V, d: number, a: number, b: number): void {
  const x = v.u16, D = d >> 1, A = a >> 1, B = b >> 1;
  for (let i = 0; i < 8; i++) x[D + i] = x[A + i]! <= x[B + i]! ? 0xffff : 0;
}
export function i16x8GtS(v: V, d: number, a: number, b: number): void { i16x8LtS(v, d, b, a); }
export function i16x8GtU(v: V, d: number, a: number, b: number): void { i16x8LtU(v, d, b, a); }
export function i16x8GeS(v: V, d: number, a: number, b: number): void { i16x8LeS(v, d, b, a); }
export function i16x8GeU(v: V, d: number, a: number, b: number): void { i16x8LeU(v, d, b, a); }
export function i16x8AllTrue(v: V, a: number): number {
  const x = v.u16, A = a >> 1;
  for (let i = 0; i < 8; i++) if (x[A + i] === 0) return 0;
  return 1;
}
export function i16x8Bitmask(v: V, a: number): number {
  const x = v.u16, A = a >> 1;
  let m = 0;
  for (let i = 0; i < 8; i++) m |= (x[A + i]! >> 15) << i;
  return m;
}
export function i16x8NarrowI32x4S(v: V, d: number, a: number, b: number): void {
  const x = v.i32, t = T.i16, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) { t[i] = sat16s(x[A + i]!); t[4 + i] = sat16s(x[B + i]!); }
  flush(v, d);
}
export function i16x8NarrowI32x4U(v: V, d: number, a: number, b: number): void {
  const x = v.i32, t = T.u16, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) { t[i] = sat16u(x[A + i]!); t[4 + i] = sat16u(x[B + i]!); }
  flush(v, d);
}
export function i16x8ExtendLowI8x16S(v: V, d: number, a: number): void {
  const x = v.i8, t = T.i16;
  for (let i = 0; i < 8; i++) t[i] = x[a + i]!;
  flush(v, d);
}
export function i16x8ExtendHighI8x16S(v: V, d: number, a: number): void {
  const x = v.i8, t = T.i16;
  for (let i = 0; i < 8; i++) t[i] = x[a + 8 + i]!;
  flush(v, d);
}
export function i16x8ExtendLowI8x16U(v: V, d: number, a: number): void {
  const x = v.u8, t = T.u16;
  for (let i = 0; i < 8; i++) t[i] = x[a + i]!;
  flush(v, d);
}
export function i16x8ExtendHighI8x16U(v: V, d: number, a: number): void {
  const x = v.u8, t = T.u16;
  for (let i = 0; i < 8; i++) t[i] = x[a + 8 + i]!;
  flush(v, d);
}
export function i16x8ExtmulLowI8x16S(v: V, d: number, a: number, b: number): void {
  const x = v.i8, t = T.i16;
  for (let i = 0; i < 8; i++) t[i] = x[a + i]! * x[b + i]!;
  flush(v, d);
}
export function i16x8ExtmulHighI8x16S(v: V, d: number, a: number, b: number): void {
  const x = v.i8, t = T.i16;
  for (let i = 0; i < 8; i++) t[i] = x[a + 8 + i]! * x[b + 8 + i]!;
  flush(v, d);
}
export function i16x8ExtmulLowI8x16U(v: V, d: number, a: number, b: number): void {
  const x = v.u8, t = T.u16;
  for (let i = 0; i < 8; i++) t[i] = x[a + i]! * x[b + i]!;
  flush(v, d);
}
export function i16x8ExtmulHighI8x16U(v: V, d: number, a: number, b: number): void {
  const x = v.u8, t = T.u16;
  for (let i = 0; i < 8; i++) t[i] = x[a + 8 + i]! * x[b + 8 + i]!;
  flush(v, d);
}
// Pairwise sums: output lane i occupies exactly the bytes of input lanes 2i and 2i+1,
// which are read before being overwritten, so d === a is safe without scratch.
export function i16x8ExtaddPairwiseI8x16S(v: V, d: number, a: number): void {
  const x = v.i8, y = v.i16, D = d >> 1;
  for (let i = 0; i < 8; i++) y[D + i] = x[a + 2 * i]! + x[a + 2 * i + 1]!;
}
export function i16x8ExtaddPairwiseI8x16U(v: V, d: number, a: number): void {
  const x = v.u8, y = v.u16, D = d >> 1;
  for (let i = 0; i < 8; i++) y[D + i] = x[a + 2 * i]! + x[a + 2 * i + 1]!;
}

// ======================= i32x4 =======================

export function i32x4Add(v: V, d: number, a: number, b: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = x[A + i]! + x[B + i]!;
}
export function i32x4Sub(v: V, d: number, a: number, b: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = x[A + i]! - x[B + i]!;
}
export function i32x4Mul(v: V, d: number, a: number, b: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = Math.imul(x[A + i]!, x[B + i]!);
}
export function i32x4MinS(v: V, d: number, a: number, b: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) { const p = x[A + i]!, q = x[B + i]!; x[D + i] = p < q ? p : q; }
}
export function i32x4MinU(v: V, d: number, a: number, b: number): void {
  const x = v.u32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) { const p = x[A + i]!, q = x[B + i]!; x[D + i] = p < q ? p : q; }
}
export function i32x4MaxS(v: V, d: number, a: number, b: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) { const p = x[A + i]!, q = x[B + i]!; x[D + i] = p > q ? p : q; }
}
export function i32x4MaxU(v: V, d: number, a: number, b: number): void {
  const x = v.u32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) { const p = x[A + i]!, q = x[B + i]!; x[D + i] = p > q ? p : q; }
}
export function i32x4Abs(v: V, d: number, a: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2;
  for (let i = 0; i < 4; i++) { const p = x[A + i]!; x[D + i] = p < 0 ? -p : p; }
}
export function i32x4Neg(v: V, d: number, a: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = -x[A + i]!;
}
export function i32x4Shl(v: V, d: number, a: number, n: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2, k = n & 31;
  for (let i = 0; i < 4; i++) x[D + i] = x[A + i]! << k;
}
export function i32x4ShrS(v: V, d: number, a: number, n: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2, k = n & 31;
  for (let i = 0; i < 4; i++) x[D + i] = x[A + i]! >> k;
}
export function i32x4ShrU(v: V, d: number, a: number, n: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2, k = n & 31;
  for (let i = 0; i < 4; i++) x[D + i] = x[A + i]! >>> k;
}
export function i32x4Eq(v: V, d: number, a: number, b: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = x[A + i] === x[B + i] ? -1 : 0;
}
export function i32x4Ne(v: V, d: number, a: number, b: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = x[A + i] !== x[B + i] ? -1 : 0;
}
export function i32x4LtS(v: V, d: number, a: number, b: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = x[A + i]! < x[B + i]! ? -1 : 0;
}
export function i32x4LtU(v: V, d: number, a: number, b: number): void {
  const x = v.u32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = x[A + i]! < x[B + i]! ? 0xffffffff : 0;
}
export function i32x4LeS(v: V, d: number, a: number, b: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = x[A + i]! <= x[B + i]! ? -1 : 0;
}
export function i32x4LeU(v: V, d: number, a: number, b: number): void {
  const x = v.u32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = x[A + i]! <= x[B + i]! ? 0xffffffff : 0;
}
export function i32x4GtS(v: V, d: number, a: number, b: number): void { i32x4LtS(v, d, b, a); }
export function i32x4GtU(v: V, d: number, a: number, b: number): void { i32x4LtU(v, d, b, a); }
export function i32x4GeS(v: V, d: number, a: number, b: number): void { i32x4LeS(v, d, b, a); }
export function i32x4GeU(v: V, d: number, a: number, b: number): void { i32x4LeU(v, d, b, a); }
export function i32x4AllTrue(v: V, a: number): number {
  const x = v.i32, A = a >> 2;
  return x[A] !== 0 && x[A + 1] !== 0 && x[A + 2] !== 0 && x[A + 3] !== 0 ? 1 : 0;
}
export function i32x4Bitmask(v: V, a: number): number {
  const x = v.i32, A = a >> 2;
  return (x[A]! >>> 31) | ((x[A + 1]! >>> 31) << 1) | ((x[A + 2]! >>> 31) << 2) | ((x[A + 3]! >>> 31) << 3);
}
export function i32x4ExtendLowI16x8S(v: V, d: number, a: number): void {
  const x = v.i16, t = T.i32, A = a >> 1;
  for (let i = 0; i < 4; i++) t[i] = x[A + i]!;
  flush(v, d);
}
export function i32x4ExtendHighI16x8S(v: V, d: number, a: number): void {
  const x = v.i16, t = T.i32, A = a >> 1;
  for (let i = 0; i < 4; i++) t[i] = x[A + 4 + i]!;
  flush(v, d);
}
export function i32x4ExtendLowI16x8U(v: V, d: number, a: number): void {
  const x = v.u16, t = T.i32, A = a >> 1;
  for (let i = 0; i < 4; i++) t[i] = x[A + i]!;
  flush(v, d);
}
export function i32x4ExtendHighI16x8U(v: V, d: number, a: number): void {
  const x = v.u16, t = T.i32, A = a >> 1;
  for (let i = 0; i < 4; i++) t[i] = x[A + 4 + i]!;
  flush(v, d);
}
export function i32x4ExtmulLowI16x8S(v: V, d: number, a: number, b: number): void {
  const x = v.i16, t = T.i32, A = a >> 1, B = b >> 1;
  for (let i = 0; i < 4; i++) t[i] = x[A + i]! * x[B + i]!;
  flush(v, d);
}
export function i32x4ExtmulHighI16x8S(v: V, d: number, a: number, b: number): void {
  const x = v.i16, t = T.i32, A = a >> 1, B = b >> 1;
  for (let i = 0; i < 4; i++) t[i] = x[A + 4 + i]! * x[B + 4 + i]!;
  flush(v, d);
}
export function i32x4ExtmulLowI16x8U(v: V, d: number, a: number, b: number): void {
  const x = v.u16, t = T.u32, A = a >> 1, B = b >> 1;
  for (let i = 0; i < 4; i++) t[i] = x[A + i]! * x[B + i]!;
  flush(v, d);
}
export function i32x4ExtmulHighI16x8U(v: V, d: number, a: number, b: number): void {
  const x = v.u16, t = T.u32, A = a >> 1, B = b >> 1;
  for (let i = 0; i < 4; i++) t[i] = x[A + 4 + i]! * x[B + 4 + i]!;
  flush(v, d);
}
export function i32x4ExtaddPairwiseI16x8S(v: V, d: number, a: number): void {
  const x = v.i16, y = v.i32, A = a >> 1, D = d >> 2;
  for (let i = 0; i < 4; i++) y[D + i] = x[A + 2 * i]! + x[A + 2 * i + 1]!;
}
export function i32x4ExtaddPairwiseI16x8U(v: V, d: number, a: number): void {
  const x = v.u16, y = v.i32, A = a >> 1, D = d >> 2;
  for (let i = 0; i < 4; i++) y[D + i] = x[A + 2 * i]! + x[A + 2 * i + 1]!;
}
// Same-bytes pairing as extadd_pairwise: safe in place.
export function i32x4DotI16x8S(v: V, d: number, a: number, b: number): void {
  const x = v.i16, y = v.i32, A = a >> 1, B = b >> 1, D = d >> 2;
  for (let i = 0; i < 4; i++) {
    const j = 2 * i;
    y[D + i] = x[A + j]! * x[B + j]! + x[A + j + 1]! * x[B + j + 1]!;
  }
}

// ======================= i64x2 =======================

export function i64x2Add(v: V, d: number, a: number, b: number): void {
  const D = d >> 2, A = a >> 2, B = b >> 2;
  i64Add(v.i32, D, A, B);
  i64Add(v.i32, D + 2, A + 2, B + 2);
}
export function i64x2Sub(v: V, d: number, a: number, b: number): void {
  const D = d >> 2, A = a >> 2, B = b >> 2;
  i64Sub(v.i32, D, A, B);
  i64Sub(v.i32, D + 2, A + 2, B + 2);
}
export function i64x2Mul(v: V, d: number, a: number, b: number): void {
  const D = d >> 2, A = a >> 2, B = b >> 2;
  i64Mul(v.i32, D, A, B);
  i64Mul(v.i32, D + 2, A + 2, B + 2);
}
function neg64(x: Int32Array, d: number, a: number): void {
  const lo = x[a]!, hi = x[a + 1]!;
  x[d] = -lo;
  x[d + 1] = ~hi + (lo === 0 ? 1 : 0);
}
export function i64x2Neg(v: V, d: number, a: number): void {
  const D = d >> 2, A = a >> 2;
  neg64(v.i32, D, A);
  neg64(v.i32, D + 2, A + 2);
}
export function i64x2Abs(v: V, d: number, a: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2;
  for (let i = 0; i < 4; i += 2) {
    if (x[A + i + 1]! < 0) neg64(x, D + i, A + i);
    else { x[D + i] = x[A + i]!; x[D + i + 1] = x[A + i + 1]!; }
  }
}
function shift64(f: (s: Int32Array, d: number, a: number, b: number) => void, v: V, d: number, a: number, n: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2;
  for (let i = 0; i < 4; i += 2) {
    W[0] = x[A + i]!; W[1] = x[A + i + 1]!; W[2] = n;
    f(W, 4, 0, 2);
    x[D + i] = W[4]!; x[D + i + 1] = W[5]!;
  }
}
export function i64x2Shl(v: V, d: number, a: number, n: number): void { shift64(i64Shl, v, d, a, n); }
export function i64x2ShrS(v: V, d: number, a: number, n: number): void { shift64(i64ShrS, v, d, a, n); }
export function i64x2ShrU(v: V, d: number, a: number, n: number): void { shift64(i64ShrU, v, d, a, n); }
function cmp64(f: (s: Int32Array, a: number, b: number) => number, v: V, d: number, a: number, b: number): void {
  const x = v.i32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i += 2) {
    const r = -f(x, A + i, B + i);
    x[D + i] = r; x[D + i + 1] = r;
  }
}
const i64Ge = (s: Int32Array, a: number, b: number) => 1 - i64LtS(s, a, b);
const i64Gt = (s: Int32Array, a: number, b: number) => i64LtS(s, b, a);
const i64Le = (s: Int32Array, a: number, b: number) => 1 - i64LtS(s, b, a);
export function i64x2Eq(v: V, d: number, a: number, b: number): void { cmp64(i64Eq, v, d, a, b); }
export function i64x2Ne(v: V, d: number, a: number, b: number): void { cmp64(i64Ne, v, d, a, b); }
export function i64x2LtS(v: V, d: number, a: number, b: number): void { cmp64(i64LtS, v, d, a, b); }
export function i64x2GtS(v: V, d: number, a: number, b: number): void { cmp64(i64Gt, v, d, a, b); }
export function i64x2LeS(v: V, d: number, a: number, b: number): void { cmp64(i64Le, v, d, a, b); }
export function i64x2GeS(v: V, d: number, a: number, b: number): void { cmp64(i64Ge, v, d, a, b); }
export function i64x2AllTrue(v: V, a: number): number {
  const x = v.i32, A = a >> 2;
  return (x[A]! | x[A + 1]!) !== 0 && (x[A + 2]! | x[A + 3]!) !== 0 ? 1 : 0;
}
export function i64x2Bitmask(v: V, a: number): number {
  const x = v.i32, A = a >> 2;
  return (x[A + 1]! >>> 31) | ((x[A + 3]! >>> 31) << 1);
}
function extend64(v: V, d: number, a: number, first: number, signed: boolean): void {
  const x = v.i32, A = (a >> 2) + first, t = T.i32;
  for (let i = 0; i < 2; i++) {
    const lo = x[A + i]!;
    t[2 * i] = lo;
    t[2 * i + 1] = signed ? lo >> 31 : 0;
  }
  flush(v, d);
}
export function i64x2ExtendLowI32x4S(v: V, d: number, a: number): void { extend64(v, d, a, 0, true); }
export function i64x2ExtendHighI32x4S(v: V, d: number, a: number): void { extend64(v, d, a, 2, true); }
export function i64x2ExtendLowI32x4U(v: V, d: number, a: number): void { extend64(v, d, a, 0, false); }
export function i64x2ExtendHighI32x4U(v: V, d: number, a: number): void { extend64(v, d, a, 2, false); }
function extmul64(v: V, d: number, a: number, b: number, first: number, signed: boolean): void {
  const x = v.i32, A = (a >> 2) + first, B = (b >> 2) + first, t = T.i32;
  for (let i = 0; i < 2; i++) {
    const p = x[A + i]!, q = x[B + i]!;
    W[0] = p; W[1] = signed ? p >> 31 : 0;
    W[2] = q; W[3] = signed ? q >> 31 : 0;
    i64Mul(W, 4, 0, 2);
    t[2 * i] = W[4]!; t[2 * i + 1] = W[5]!;
  }
  flush(v, d);
}
export function i64x2ExtmulLowI32x4S(v: V, d: number, a: number, b: number): void { extmul64(v, d, a, b, 0, true); }
export function i64x2ExtmulHighI32x4S(v: V, d: number, a: number, b: number): void { extmul64(v, d, a, b, 2, true); }
export function i64x2ExtmulLowI32x4U(v: V, d: number, a: number, b: number): void { extmul64(v, d, a, b, 0, false); }
export function i64x2ExtmulHighI32x4U(v: V, d: number, a: number, b: number): void { extmul64(v, d, a, b, 2, false); }

// ======================= f32x4 =======================

export function f32x4Add(v: V, d: number, a: number, b: number): void {
  const x = v.f32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = x[A + i]! + x[B + i]!;
}
export function f32x4Sub(v: V, d: number, a: number, b: number): void {
  const x = v.f32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = x[A + i]! - x[B + i]!;
}
export function f32x4Mul(v: V, d: number, a: number, b: number): void {
  const x = v.f32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = x[A + i]! * x[B + i]!;
}
export function f32x4Div(v: V, d: number, a: number, b: number): void {
  const x = v.f32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = x[A + i]! / x[B + i]!;
}
export function f32x4Min(v: V, d: number, a: number, b: number): void {
  const x = v.f32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = fMin(x[A + i]!, x[B + i]!);
}
export function f32x4Max(v: V, d: number, a: number, b: number): void {
  const x = v.f32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = fMax(x[A + i]!, x[B + i]!);
}
// pmin/pmax pick an operand unchanged, so they copy its bits (a NaN operand stays as it is).
export function f32x4Pmin(v: V, d: number, a: number, b: number): void {
  const x = v.f32, w = v.i32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) w[D + i] = x[B + i]! < x[A + i]! ? w[B + i]! : w[A + i]!;
}
export function f32x4Pmax(v: V, d: number, a: number, b: number): void {
  const x = v.f32, w = v.i32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) w[D + i] = x[A + i]! < x[B + i]! ? w[B + i]! : w[A + i]!;
}
export function f32x4Abs(v: V, d: number, a: number): void {
  const w = v.i32, D = d >> 2, A = a >> 2;
  for (let i = 0; i < 4; i++) w[D + i] = w[A + i]! & 0x7fffffff;
}
export function f32x4Neg(v: V, d: number, a: number): void {
  const w = v.i32, D = d >> 2, A = a >> 2;
  for (let i = 0; i < 4; i++) w[D + i] = w[A + i]! ^ -0x80000000;
}
export function f32x4Sqrt(v: V, d: number, a: number): void {
  const x = v.f32, D = d >> 2, A = a >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = Math.sqrt(x[A + i]!);
}
export function f32x4Ceil(v: V, d: number, a: number): void {
  const x = v.f32, D = d >> 2, A = a >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = fCeil(x[A + i]!);
}
export function f32x4Floor(v: V, d: number, a: number): void {
  const x = v.f32, D = d >> 2, A = a >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = fFloor(x[A + i]!);
}
export function f32x4Trunc(v: V, d: number, a: number): void {
  const x = v.f32, D = d >> 2, A = a >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = fTrunc(x[A + i]!);
}
export function f32x4Nearest(v: V, d: number, a: number): void {
  const x = v.f32, D = d >> 2, A = a >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = fNearest(x[A + i]!);
}
export function f32x4Eq(v: V, d: number, a: number, b: number): void {
  const x = v.f32, w = v.i32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) w[D + i] = x[A + i] === x[B + i] ? -1 : 0;
}
export function f32x4Ne(v: V, d: number, a: number, b: number): void {
  const x = v.f32, w = v.i32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) w[D + i] = x[A + i] !== x[B + i] ? -1 : 0;
}
export function f32x4Lt(v: V, d: number, a: number, b: number): void {
  const x = v.f32, w = v.i32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) w[D + i] = x[A + i]! < x[B + i]! ? -1 : 0;
}
export function f32x4Le(v: V, d: number, a: number, b: number): void {
  const x = v.f32, w = v.i32, D = d >> 2, A = a >> 2, B = b >> 2;
  for (let i = 0; i < 4; i++) w[D + i] = x[A + i]! <= x[B + i]! ? -1 : 0;
}
export function f32x4Gt(v: V, d: number, a: number, b: number): void { f32x4Lt(v, d, b, a); }
export function f32x4Ge(v: V, d: number, a: number, b: number): void { f32x4Le(v, d, b, a); }
export function f32x4ConvertI32x4S(v: V, d: number, a: number): void {
  const x = v.f32, w = v.i32, D = d >> 2, A = a >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = w[A + i]!;
}
export function f32x4ConvertI32x4U(v: V, d: number, a: number): void {
  const x = v.f32, w = v.u32, D = d >> 2, A = a >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = w[A + i]!;
}
export function i32x4TruncSatF32x4S(v: V, d: number, a: number): void {
  const x = v.f32, w = v.i32, D = d >> 2, A = a >> 2;
  for (let i = 0; i < 4; i++) w[D + i] = i32TruncSatS(x[A + i]!);
}
export function i32x4TruncSatF32x4U(v: V, d: number, a: number): void {
  const x = v.f32, w = v.i32, D = d >> 2, A = a >> 2;
  for (let i = 0; i < 4; i++) w[D + i] = i32TruncSatU(x[A + i]!);
}
export function f32x4DemoteF64x2Zero(v: V, d: number, a: number): void {
  const w = v.i32, A = a >> 2, t = T.i32;
  t[0] = f32DemoteBits(w[A]!, w[A + 1]!);
  t[1] = f32DemoteBits(w[A + 2]!, w[A + 3]!);
  t[2] = 0; t[3] = 0;
  flush(v, d);
}

// ======================= f64x2 =======================

export function f64x2Add(v: V, d: number, a: number, b: number): void {
  const x = v.f64, D = d >> 3, A = a >> 3, B = b >> 3;
  x[D] = x[A]! + x[B]!; x[D + 1] = x[A + 1]! + x[B + 1]!;
}
export function f64x2Sub(v: V, d: number, a: number, b: number): void {
  const x = v.f64, D = d >> 3, A = a >> 3, B = b >> 3;
  x[D] = x[A]! - x[B]!; x[D + 1] = x[A + 1]! - x[B + 1]!;
}
export function f64x2Mul(v: V, d: number, a: number, b: number): void {
  const x = v.f64, D = d >> 3, A = a >> 3, B = b >> 3;
  x[D] = x[A]! * x[B]!; x[D + 1] = x[A + 1]! * x[B + 1]!;
}
export function f64x2Div(v: V, d: number, a: number, b: number): void {
  const x = v.f64, D = d >> 3, A = a >> 3, B = b >> 3;
  x[D] = x[A]! / x[B]!; x[D + 1] = x[A + 1]! / x[B + 1]!;
}
export function f64x2Min(v: V, d: number, a: number, b: number): void {
  const x = v.f64, D = d >> 3, A = a >> 3, B = b >> 3;
  x[D] = fMin(x[A]!, x[B]!); x[D + 1] = fMin(x[A + 1]!, x[B + 1]!);
}
export function f64x2Max(v: V, d: number, a: number, b: number): void {
  const x = v.f64, D = d >> 3, A = a >> 3, B = b >> 3;
  x[D] = fMax(x[A]!, x[B]!); x[D + 1] = fMax(x[A + 1]!, x[B + 1]!);
}
export function f64x2Pmin(v: V, d: number, a: number, b: number): void {
  const x = v.f64, w = v.i32, D = d >> 3, A = a >> 3, B = b >> 3;
  for (let i = 0; i < 2; i++) {
    const s = x[B + i]! < x[A + i]! ? 2 * (B + i) : 2 * (A + i), t = 2 * (D + i);
    const lo = w[s]!, hi = w[s + 1]!;
    w[t] = lo; w[t + 1] = hi;
  }
}
export function f64x2Pmax(v: V, d: number, a: number, b: number): void {
  const x = v.f64, w = v.i32, D = d >> 3, A = a >> 3, B = b >> 3;
  for (let i = 0; i < 2; i++) {
    const s = x[A + i]! < x[B + i]! ? 2 * (B + i) : 2 * (A + i), t = 2 * (D + i);
    const lo = w[s]!, hi = w[s + 1]!;
    w[t] = lo; w[t + 1] = hi;
  }
}
export function f64x2Abs(v: V, d: number, a: number): void {
  const w = v.i32, D = d >> 2, A = a >> 2;
  w[D] = w[A]!; w[D + 1] = w[A + 1]! & 0x7fffffff;
  w[D + 2] = w[A + 2]!; w[D + 3] = w[A + 3]! & 0x7fffffff;
}
export function f64x2Neg(v: V, d: number, a: number): void {
  const w = v.i32, D = d >> 2, A = a >> 2;
  w[D] = w[A]!; w[D + 1] = w[A + 1]! ^ -0x80000000;
  w[D + 2] = w[A + 2]!; w[D + 3] = w[A + 3]! ^ -0x80000000;
}
export function f64x2Sqrt(v: V, d: number, a: number): void {
  const x = v.f64, D = d >> 3, A = a >> 3;
  x[D] = Math.sqrt(x[A]!); x[D + 1] = Math.sqrt(x[A + 1]!);
}
export function f64x2Ceil(v: V, d: number, a: number): void {
  const x = v.f64, D = d >> 3, A = a >> 3;
  x[D] = fCeil(x[A]!); x[D + 1] = fCeil(x[A + 1]!);
}
export function f64x2Floor(v: V, d: number, a: number): void {
  const x = v.f64, D = d >> 3, A = a >> 3;
  x[D] = fFloor(x[A]!); x[D + 1] = fFloor(x[A + 1]!);
}
export function f64x2Trunc(v: V, d: number, a: number): void {
  const x = v.f64, D = d >> 3, A = a >> 3;
  x[D] = fTrunc(x[A]!); x[D + 1] = fTrunc(x[A + 1]!);
}
export function f64x2Nearest(v: V, d: number, a: number): void {
  const x = v.f64, D = d >> 3, A = a >> 3;
  x[D] = fNearest(x[A]!); x[D + 1] = fNearest(x[A + 1]!);
}
function fcmp64(v: V, d: number, r0: boolean, r1: boolean): void {
  const w = v.i32, D = d >> 2, m0 = r0 ? -1 : 0, m1 = r1 ? -1 : 0;
  w[D] = m0; w[D + 1] = m0; w[D + 2] = m1; w[D + 3] = m1;
}
export function f64x2Eq(v: V, d: number, a: number, b: number): void {
  const x = v.f64, A = a >> 3, B = b >> 3;
  fcmp64(v, d, x[A] === x[B], x[A + 1] === x[B + 1]);
}
export function f64x2Ne(v: V, d: number, a: number, b: number): void {
  const x = v.f64, A = a >> 3, B = b >> 3;
  fcmp64(v, d, x[A] !== x[B], x[A + 1] !== x[B + 1]);
}
export function f64x2Lt(v: V, d: number, a: number, b: number): void {
  const x = v.f64, A = a >> 3, B = b >> 3;
  fcmp64(v, d, x[A]! < x[B]!, x[A + 1]! < x[B + 1]!);
}
export function f64x2Le(v: V, d: number, a: number, b: number): void {
  const x = v.f64, A = a >> 3, B = b >> 3;
  fcmp64(v, d, x[A]! <= x[B]!, x[A + 1]! <= x[B + 1]!);
}
export function f64x2Gt(v: V, d: number, a: number, b: number): void { f64x2Lt(v, d, b, a); }
export function f64x2Ge(v: V, d: number, a: number, b: number): void { f64x2Le(v, d, b, a); }
export function f64x2ConvertLowI32x4S(v: V, d: number, a: number): void {
  const w = v.i32, A = a >> 2, t = T.f64;
  t[0] = w[A]!; t[1] = w[A + 1]!;
  flush(v, d);
}
export function f64x2ConvertLowI32x4U(v: V, d: number, a: number): void {
  const w = v.u32, A = a >> 2, t = T.f64;
  t[0] = w[A]!; t[1] = w[A + 1]!;
  flush(v, d);
}
export function f64x2PromoteLowF32x4(v: V, d: number, a: number): void {
  const w = v.i32, A = a >> 2, t = T.i32;
  for (let i = 0; i < 2; i++) {
    const hi = f64PromoteBits(w[A + i]!);
    t[2 * i] = f64PromoteLo();
    t[2 * i + 1] = hi;
  }
  flush(v, d);
}
export function i32x4TruncSatF64x2SZero(v: V, d: number, a: number): void {
  const x = v.f64, A = a >> 3, t = T.i32;
  t[0] = i32TruncSatS(x[A]!); t[1] = i32TruncSatS(x[A + 1]!); t[2] = 0; t[3] = 0;
  flush(v, d);
}
export function i32x4TruncSatF64x2UZero(v: V, d: number, a: number): void {
  const x = v.f64, A = a >> 3, t = T.i32;
  t[0] = i32TruncSatU(x[A]!); t[1] = i32TruncSatU(x[A + 1]!); t[2] = 0; t[3] = 0;
  flush(v, d);
}

// ======================= relaxed SIMD =======================

export const i8x16RelaxedSwizzle = i8x16Swizzle;
export const i32x4RelaxedTruncF32x4S = i32x4TruncSatF32x4S;
export const i32x4RelaxedTruncF32x4U = i32x4TruncSatF32x4U;
export const i32x4RelaxedTruncF64x2SZero = i32x4TruncSatF64x2SZero;
export const i32x4RelaxedTruncF64x2UZero = i32x4TruncSatF64x2UZero;
export function f32x4RelaxedMadd(v: V, d: number, a: number, b: number, c: number): void {
  const x = v.f32, D = d >> 2, A = a >> 2, B = b >> 2, C = c >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = Math.fround(x[A + i]! * x[B + i]!) + x[C + i]!;
}
export function f32x4RelaxedNmadd(v: V, d: number, a: number, b: number, c: number): void {
  const x = v.f32, D = d >> 2, A = a >> 2, B = b >> 2, C = c >> 2;
  for (let i = 0; i < 4; i++) x[D + i] = -Math.fround(x[A + i]! * x[B + i]!) + x[C + i]!;
}
export function f64x2RelaxedMadd(v: V, d: number, a: number, b: number, c: number): void {
  const x = v.f64, D = d >> 3, A = a >> 3, B = b >> 3, C = c >> 3;
  for (let i = 0; i < 2; i++) x[D + i] = x[A + i]! * x[B + i]! + x[C + i]!;
}
export function f64x2RelaxedNmadd(v: V, d: number, a: number, b: number, c: number): void {
  const x = v.f64, D = d >> 3, A = a >> 3, B = b >> 3, C = c >> 3;
  for (let i = 0; i < 2; i++) x[D + i] = -(x[A + i]! * x[B + i]!) + x[C + i]!;
}
export const i8x16RelaxedLaneselect = v128Bitselect;
export const i16x8RelaxedLaneselect = v128Bitselect;
export const i32x4RelaxedLaneselect = v128Bitselect;
export const i64x2RelaxedLaneselect = v128Bitselect;
export const f32x4RelaxedMin = f32x4Min;
export const f32x4RelaxedMax = f32x4Max;
export const f64x2RelaxedMin = f64x2Min;
export const f64x2RelaxedMax = f64x2Max;
export const i16x8RelaxedQ15mulrS = i16x8Q15mulrSatS;
// Output i16 lane i covers input bytes 2i, 2i+1: in-place safe.
export function i16x8RelaxedDotI8x16I7x16S(v: V, d: number, a: number, b: number): void {
  const x = v.i8, y = v.i16, D = d >> 1;
  for (let i = 0; i < 8; i++) {
    const j = 2 * i;
    y[D + i] = sat16s(x[a + j]! * x[b + j]! + x[a + j + 1]! * x[b + j + 1]!);
  }
}
export function i32x4RelaxedDotI8x16I7x16AddS(v: V, d: number, a: number, b: number, c: number): void {
  const x = v.i8, y = v.i32, C = c >> 2, t = T.i32;
  for (let i = 0; i < 4; i++) {
    let sum = 0;
    for (let k = 0; k < 2; k++) {
      const j = 4 * i + 2 * k;
      sum += sat16s(x[a + j]! * x[b + j]! + x[a + j + 1]! * x[b + j + 1]!);
    }
    t[i] = sum + y[C + i]!;
  }
  flush(v, d);
}

// ======================= memory access =======================
// The caller computes the effective address `ea` and checks bounds (ea + width
// <= mem.length) first; these only move bytes. Lanes are little-endian, as in
// wasm memory (typed-array lane views assume a little-endian host).

function rd16(m: Uint8Array, p: number): number { return m[p]! | (m[p + 1]! << 8); }
function rd32(m: Uint8Array, p: number): number { return m[p]! | (m[p + 1]! << 8) | (m[p + 2]! << 16) | (m[p + 3]! << 24); }

export function v128Load(v: V, d: number, mem: Uint8Array, ea: number): void {
  const x = v.u8;
  for (let i = 0; i < 16; i++) x[d + i] = mem[ea + i]!;
}
export function v128Store(v: V, a: number, mem: Uint8Array, ea: number): void {
  const x = v.u8;
  for (let i = 0; i < 16; i++) mem[ea + i] = x[a + i]!;
}
export function v128Load8x8S(v: V, d: number, mem: Uint8Array, ea: number): void {
  const y = v.i16, D = d >> 1;
  for (let i = 0; i < 8; i++) y[D + i] = (mem[ea + i]! << 24) >> 24;
}
export function v128Load8x8U(v: V, d: number, mem: Uint8Array, ea: number): void {
  const y = v.u16, D = d >> 1;
  for (let i = 0; i < 8; i++) y[D + i] = mem[ea + i]!;
}
export function v128Load16x4S(v: V, d: number, mem: Uint8Array, ea: number): void {
  const y = v.i32, D = d >> 2;
  for (let i = 0; i < 4; i++) y[D + i] = (rd16(mem, ea + 2 * i) << 16) >> 16;
}
export function v128Load16x4U(v: V, d: number, mem: Uint8Array, ea: number): void {
  const y = v.i32, D = d >> 2;
  for (let i = 0; i < 4; i++) y[D + i] = rd16(mem, ea + 2 * i);
}
export function v128Load32x2S(v: V, d: number, mem: Uint8Array, ea: number): void {
  const y = v.i32, D = d >> 2;
  for (let i = 0; i < 2; i++) { const lo = rd32(mem, ea + 4 * i); y[D + 2 * i] = lo; y[D + 2 * i + 1] = lo >> 31; }
}
export function v128Load32x2U(v: V, d: number, mem: Uint8Array, ea: number): void {
  const y = v.i32, D = d >> 2;
  for (let i = 0; i < 2; i++) { y[D + 2 * i] = rd32(mem, ea + 4 * i); y[D + 2 * i + 1] = 0; }
}
export function v128Load8Splat(v: V, d: number, mem: Uint8Array, ea: number): void {
  v.u8.fill(mem[ea]!, d, d + 16);
}
export function v128Load16Splat(v: V, d: number, mem: Uint8Array, ea: number): void {
  const D = d >> 1;
  v.u16.fill(rd16(mem, ea), D, D + 8);
}
export function v128Load32Splat(v: V, d: number, mem: Uint8Array, ea: number): void {
  const D = d >> 2;
  v.i32.fill(rd32(mem, ea), D, D + 4);
}
export function v128Load64Splat(v: V, d: number, mem: Uint8Array, ea: number): void {
  const y = v.i32, D = d >> 2, lo = rd32(mem, ea), hi = rd32(mem, ea + 4);
  y[D] = lo; y[D + 1] = hi; y[D + 2] = lo; y[D + 3] = hi;
}
export function v128Load32Zero(v: V, d: number, mem: Uint8Array, ea: number): void {
  const y = v.i32, D = d >> 2;
  y[D] = rd32(mem, ea); y[D + 1] = 0; y[D + 2] = 0; y[D + 3] = 0;
}
export function v128Load64Zero(v: V, d: number, mem: Uint8Array, ea: number): void {
  const y = v.i32, D = d >> 2;
  y[D] = rd32(mem, ea); y[D + 1] = rd32(mem, ea + 4); y[D + 2] = 0; y[D + 3] = 0;
}
/** v128.loadN_lane: `width` is the lane size in bytes (1, 2, 4 or 8); a is the vector operand. */
export function v128LoadLane(v: V, d: number, a: number, mem: Uint8Array, ea: number, lane: number, width: number): void {
  copy16(v, d, a);
  const x = v.u8, at = d + lane * width;
  for (let i = 0; i < width; i++) x[at + i] = mem[ea + i]!;
}
/** v128.storeN_lane: `width` is the lane size in bytes (1, 2, 4 or 8). */
export function v128StoreLane(v: V, a: number, mem: Uint8Array, ea: number, lane: number, width: number): void {
  const x = v.u8, at = a + lane * width;
  for (let i = 0; i < width; i++) mem[ea + i] = x[at + i]!;
}

// ======================= dispatch tables =======================

export const SIMD_UNARY: Readonly<Record<string, SimdUnary>> = {
  'v128.not': v128Not,
  'i8x16.abs': i8x16Abs, 'i8x16.neg': i8x16Neg, 'i8x16.popcnt': i8x16Popcnt,
  'i16x8.abs': i16x8Abs, 'i16x8.neg': i16x8Neg,
  'i16x8.extend_low_i8x16_s': i16x8ExtendLowI8x16S, 'i16x8.extend_high_i8x16_s': i16x8ExtendHighI8x16S,
  'i16x8.extend_low_i8x16_u': i16x8ExtendLowI8x16U, 'i16x8.extend_high_i8x16_u': i16x8ExtendHighI8x16U,
  'i16x8.extadd_pairwise_i8x16_s': i16x8ExtaddPairwiseI8x16S, 'i16x8.extadd_pairwise_i8x16_u': i16x8ExtaddPairwiseI8x16U,
  'i32x4.abs': i32x4Abs, 'i32x4.neg': i32x4Neg,
  'i32x4.extend_low_i16x8_s': i32x4ExtendLowI16x8S, 'i32x4.extend_high_i16x8_s': i32x4ExtendHighI16x8S,
  'i32x4.extend_low_i16x8_u': i32x4ExtendLowI16x8U, 'i32x4.extend_high_i16x8_u': i32x4ExtendHighI16x8U,
  'i32x4.extadd_pairwise_i16x8_s': i32x4ExtaddPairwiseI16x8S, 'i32x4.extadd_pairwise_i16x8_u': i32x4ExtaddPairwiseI16x8U,
  'i64x2.abs': i64x2Abs, 'i64x2.neg': i64x2Neg,
  'i64x2.extend_low_i32x4_s': i64x2ExtendLowI32x4S, 'i64x2.extend_high_i32x4_s': i64x2ExtendHighI32x4S,
  'i64x2.extend_low_i32x4_u': i64x2ExtendLowI32x4U, 'i64x2.extend_high_i32x4_u': i64x2ExtendHighI32x4U,
  'f32x4.abs': f32x4Abs, 'f32x4.neg': f32x4Neg, 'f32x4.sqrt': f32x4Sqrt,
  'f32x4.ceil': f32x4Ceil, 'f32x4.floor': f32x4Floor, 'f32x4.trunc': f32x4Trunc, 'f32x4.nearest': f32x4Nearest,
  'f64x2.abs': f64x2Abs, 'f64x2.neg': f64x2Neg, 'f64x2.sqrt': f64x2Sqrt,
  'f64x2.ceil': f64x2Ceil, 'f64x2.floor': f64x2Floor, 'f64x2.trunc': f64x2Trunc, 'f64x2.nearest': f64x2Nearest,
  'i32x4.trunc_sat_f32x4_s': i32x4TruncSatF32x4S, 'i32x4.trunc_sat_f32x4_u': i32x4TruncSatF32x4U,
  'f32x4.convert_i32x4_s': f32x4ConvertI32x4S, 'f32x4.convert_i32x4_u': f32x4ConvertI32x4U,
  'i32x4.trunc_sat_f64x2_s_zero': i32x4TruncSatF64x2SZero, 'i32x4.trunc_sat_f64x2_u_zero': i32x4TruncSatF64x2UZero,
  'f64x2.convert_low_i32x4_s': f64x2ConvertLowI32x4S, 'f64x2.convert_low_i32x4_u': f64x2ConvertLowI32x4U,
  'f32x4.demote_f64x2_zero': f32x4DemoteF64x2Zero, 'f64x2.promote_low_f32x4': f64x2PromoteLowF32x4,
  'i32x4.relaxed_trunc_f32x4_s': i32x4RelaxedTruncF32x4S, 'i32x4.relaxed_trunc_f32x4_u': i32x4RelaxedTruncF32x4U,
  'i32x4.relaxed_trunc_f64x2_s_zero': i32x4RelaxedTruncF64x2SZero, 'i32x4.relaxed_trunc_f64x2_u_zero': i32x4RelaxedTruncF64x2UZero,
};

export const SIMD_BINARY: Readonly<Record<string, SimdBinary>> = {
  'i8x16.swizzle': i8x16Swizzle, 'i8x16.relaxed_swizzle': i8x16RelaxedSwizzle,
  'v128.and': v128And, 'v128.andnot': v128Andnot, 'v128.or': v128Or, 'v128.xor': v128Xor,
  'i8x16.eq': i8x16Eq, 'i8x16.ne': i8x16Ne, 'i8x16.lt_s': i8x16LtS, 'i8x16.lt_u': i8x16LtU, 'i8x16.gt_s': i8x16GtS,
  'i8x16.gt_u': i8x16GtU, 'i8x16.le_s': i8x16LeS, 'i8x16.le_u': i8x16LeU, 'i8x16.ge_s': i8x16GeS, 'i8x16.ge_u': i8x16GeU,
  'i16x8.eq': i16x8Eq, 'i16x8.ne': i16x8Ne, 'i16x8.lt_s': i16x8LtS, 'i16x8.lt_u': i16x8LtU, 'i16x8.gt_s': i16x8GtS,
  'i16x8.gt_u': i16x8GtU, 'i16x8.le_s': i16x8LeS, 'i16x8.le_u': i16x8LeU, 'i16x8.ge_s': i16x8GeS, 'i16x8.ge_u': i16x8GeU,
  'i32x4.eq': i32x4Eq, 'i32x4.ne': i32x4Ne, 'i32x4.lt_s': i32x4LtS, 'i32x4.lt_u': i32x4LtU, 'i32x4.gt_s': i32x4GtS,
  'i32x4.gt_u': i32x4GtU, 'i32x4.le_s': i32x4LeS, 'i32x4.le_u': i32x4LeU, 'i32x4.ge_s': i32x4GeS, 'i32x4.ge_u': i32x4GeU,
  'i64x2.eq': i64x2Eq, 'i64x2.ne': i64x2Ne, 'i64x2.lt_s': i64x2LtS, 'i64x2.gt_s': i64x2GtS,
  'i64x2.le_s': i64x2LeS, 'i64x2.ge_s': i64x2GeS,
  'f32x4.eq': f32x4Eq, 'f32x4.ne': f32x4Ne, 'f32x4.lt': f32x4Lt, 'f32x4.gt': f32x4Gt, 'f32x4.le': f32x4Le, 'f32x4.ge': f32x4Ge,
  'f64x2.eq': f64x2Eq, 'f64x2.ne': f64x2Ne, 'f64x2.lt': f64x2Lt, 'f64x2.gt': f64x2Gt, 'f64x2.le': f64x2Le, 'f64x2.ge': f64x2Ge,
  'i8x16.narrow_i16x8_s': i8x16NarrowI16x8S, 'i8x16.narrow_i16x8_u': i8x16NarrowI16x8U,
  'i8x16.add': i8x16Add, 'i8x16.add_sat_s': i8x16AddSatS, 'i8x16.add_sat_u': i8x16AddSatU,
  'i8x16.sub': i8x16Sub, 'i8x16.sub_sat_s': i8x16SubSatS, 'i8x16.sub_sat_u': i8x16SubSatU,
  'i8x16.min_s': i8x16MinS, 'i8x16.min_u': i8x16MinU, 'i8x16.max_s': i8x16MaxS, 'i8x16.max_u': i8x16MaxU,
  'i8x16.avgr_u': i8x16AvgrU,
  'i16x8.q15mulr_sat_s': i16x8Q15mulrSatS, 'i16x8.narrow_i32x4_s': i16x8NarrowI32x4S, 'i16x8.narrow_i32x4_u': i16x8NarrowI32x4U,
  'i16x8.add': i16x8Add, 'i16x8.add_sat_s': i16x8AddSatS, 'i16x8.add_sat_u': i16x8AddSatU,
  'i16x8.sub': i16x8Sub, 'i16x8.sub_sat_s': i16x8SubSatS, 'i16x8.sub_sat_u': i16x8SubSatU,
  'i16x8.mul': i16x8Mul, 'i16x8.min_s': i16x8MinS, 'i16x8.min_u': i16x8MinU, 'i16x8.max_s': i16x8MaxS,
  'i16x8.max_u': i16x8MaxU, 'i16x8.avgr_u': i16x8AvgrU,
  'i16x8.extmul_low_i8x16_s': i16x8ExtmulLowI8x16S, 'i16x8.extmul_high_i8x16_s': i16x8ExtmulHighI8x16S,
  'i16x8.extmul_low_i8x16_u': i16x8ExtmulLowI8x16U, 'i16x8.extmul_high_i8x16_u': i16x8ExtmulHighI8x16U,
  'i32x4.add': i32x4Add, 'i32x4.sub': i32x4Sub, 'i32x4.mul': i32x4Mul,
  'i32x4.min_s': i32x4MinS, 'i32x4.min_u': i32x4MinU, 'i32x4.max_s': i32x4MaxS, 'i32x4.max_u': i32x4MaxU,
  'i32x4.dot_i16x8_s': i32x4DotI16x8S,
  'i32x4.extmul_low_i16x8_s': i32x4ExtmulLowI16x8S, 'i32x4.extmul_high_i16x8_s': i32x4ExtmulHighI16x8S,
  'i32x4.extmul_low_i16x8_u': i32x4ExtmulLowI16x8U, 'i32x4.extmul_high_i16x8_u': i32x4ExtmulHighI16x8U,
  'i64x2.add': i64x2Add, 'i64x2.sub': i64x2Sub, 'i64x2.mul': i64x2Mul,
  'i64x2.extmul_low_i32x4_s': i64x2ExtmulLowI32x4S, 'i64x2.extmul_high_i32x4_s': i64x2ExtmulHighI32x4S,
  'i64x2.extmul_low_i32x4_u': i64x2ExtmulLowI32x4U, 'i64x2.extmul_high_i32x4_u': i64x2ExtmulHighI32x4U,
  'f32x4.add': f32x4Add, 'f32x4.sub': f32x4Sub, 'f32x4.mul': f32x4Mul, 'f32x4.div': f32x4Div,
  'f32x4.min': f32x4Min, 'f32x4.max': f32x4Max, 'f32x4.pmin': f32x4Pmin, 'f32x4.pmax': f32x4Pmax,
  'f64x2.add': f64x2Add, 'f64x2.sub': f64x2Sub, 'f64x2.mul': f64x2Mul, 'f64x2.div': f64x2Div,
  'f64x2.min': f64x2Min, 'f64x2.max': f64x2Max, 'f64x2.pmin': f64x2Pmin, 'f64x2.pmax': f64x2Pmax,
  'f32x4.relaxed_min': f32x4RelaxedMin, 'f32x4.relaxed_max': f32x4RelaxedMax,
  'f64x2.relaxed_min': f64x2RelaxedMin, 'f64x2.relaxed_max': f64x2RelaxedMax,
  'i16x8.relaxed_q15mulr_s': i16x8RelaxedQ15mulrS, 'i16x8.relaxed_dot_i8x16_i7x16_s': i16x8RelaxedDotI8x16I7x16S,
};

export const SIMD_TERNARY: Readonly<Record<string, SimdTernary>> = {
  'v128.bitselect': v128Bitselect,
  'f32x4.relaxed_madd': f32x4RelaxedMadd, 'f32x4.relaxed_nmadd': f32x4RelaxedNmadd,
  'f64x2.relaxed_madd': f64x2RelaxedMadd, 'f64x2.relaxed_nmadd': f64x2RelaxedNmadd,
  'i8x16.relaxed_laneselect': i8x16RelaxedLaneselect, 'i16x8.relaxed_laneselect': i16x8RelaxedLaneselect,
  'i32x4.relaxed_laneselect': i32x4RelaxedLaneselect, 'i64x2.relaxed_laneselect': i64x2RelaxedLaneselect,
  'i32x4.relaxed_dot_i8x16_i7x16_add_s': i32x4RelaxedDotI8x16I7x16AddS,
};

export const SIMD_TEST: Readonly<Record<string, SimdTest>> = {
  'v128.any_true': v128AnyTrue,
  'i8x16.all_true': i8x16AllTrue, 'i16x8.all_true': i16x8AllTrue, 'i32x4.all_true': i32x4AllTrue, 'i64x2.all_true': i64x2AllTrue,
  'i8x16.bitmask': i8x16Bitmask, 'i16x8.bitmask': i16x8Bitmask, 'i32x4.bitmask': i32x4Bitmask, 'i64x2.bitmask': i64x2Bitmask,
};

export const SIMD_SHIFT: Readonly<Record<string, SimdShift>> = {
  'i8x16.shl': i8x16Shl, 'i8x16.shr_s': i8x16ShrS, 'i8x16.shr_u': i8x16ShrU,
  'i16x8.shl': i16x8Shl, 'i16x8.shr_s': i16x8ShrS, 'i16x8.shr_u': i16x8ShrU,
  'i32x4.shl': i32x4Shl, 'i32x4.shr_s': i32x4ShrS, 'i32x4.shr_u': i32x4ShrU,
  'i64x2.shl': i64x2Shl, 'i64x2.shr_s': i64x2ShrS, 'i64x2.shr_u': i64x2ShrU,
};

function byCode<F>(table: Readonly<Record<string, F>>): ReadonlyMap<number, F> {
  return new Map(Object.entries(table).map(([name, f]) => [opcode(name), f]));
}
export const SIMD_UNARY_BY_CODE = byCode(SIMD_UNARY);
export const SIMD_BINARY_BY_CODE = byCode(SIMD_BINARY);
export const SIMD_TERNARY_BY_CODE = byCode(SIMD_TERNARY);
export const SIMD_TEST_BY_CODE = byCode(SIMD_TEST);
export const SIMD_SHIFT_BY_CODE = byCode(SIMD_SHIFT);
