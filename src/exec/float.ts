// f32/f64 operations with exact WebAssembly semantics.
//
// Values: f32 and f64 operands are JS numbers (an f32 is exactly a double). NaN
// results only need to be *arithmetic* NaNs (quiet bit set), and canonical when
// every NaN input was canonical; every NaN-producing function here returns
// either the JS NaN constant (bits 0x7ff8000000000000, canonical) or a NaN the
// hardware produced by an arithmetic instruction (always quiet), so both rules
// hold. Storing such a double into a Float32Array keeps it quiet.
//
// Operations that must keep the exact bits (abs, neg, copysign, demote/promote
// of NaNs) work on the int32 words instead: reading a signalling f32 NaN into a
// JS number would quiet it.
//
// Provided, on numbers (f32 variants return a value exactly representable as f32):
//   f32Add(a, b) f32Sub f32Mul f32Div f32Sqrt(a)        -- Math.fround of the double op; double
//                                                          rounding is exact for these five
//   f64Add(a, b) f64Sub f64Mul f64Div f64Sqrt(a)
//   fMin(a, b) fMax(a, b)  (= f32Min/f32Max/f64Min/f64Max)  -- NaN in -> NaN, -0 < +0
//   fCeil(a) fFloor fTrunc fNearest                      (= f32Ceil ... f64Nearest)
//   fNearestAt(arr, d, a)  -- arr[d] = fNearest(arr[a]), for the interpreter loop
//   fEq(a, b): 0|1  fNe fLt fGt fLe fGe
// Provided, on words (s: Int32Array; f32 at s[i]; f64 as lo = s[i], hi = s[i + 1]):
//   f32Abs(s, d, a)  f32Neg(s, d, a)  f32Copysign(s, d, a, b)
//   f64Abs(s, d, a)  f64Neg(s, d, a)  f64Copysign(s, d, a, b)
//   f32DemoteF64(s, d, a)   -- f64 at a -> f32 at d; a NaN keeps sign and top payload bits, quieted
//   f64PromoteF32(s, d, a)  -- f32 at a -> f64 at d; likewise
//   f32DemoteBits(lo, hi): number   -- the same on raw words: f64 (lo, hi) -> f32 bits
//   f64PromoteBits(bits): number    -- f32 bits -> f64 hi word; f64PromoteLo(): the matching lo word
// Reinterpretations (i32<->f32, i64<->f64) are no-ops on the untyped value stack: the
// bits are already there.

// ---- arithmetic ----

export function f32Add(a: number, b: number): number { return Math.fround(a + b); }
export function f32Sub(a: number, b: number): number { return Math.fround(a - b); }
export function f32Mul(a: number, b: number): number { return Math.fround(a * b); }
export function f32Div(a: number, b: number): number { return Math.fround(a / b); }
export function f32Sqrt(a: number): number { return Math.fround(Math.sqrt(a)); }
export function f64Add(a: number, b: number): number { return a + b; }
export function f64Sub(a: number, b: number): number { return a - b; }
export function f64Mul(a: number, b: number): number { return a * b; }
export function f64Div(a: number, b: number): number { return a / b; }
export function f64Sqrt(a: number): number { return Math.sqrt(a); }

// ---- min / max ----

export function fMin(a: number, b: number): number {
  if (a !== a || b !== b) return NaN;
  if (a === b) return a === 0 && (Object.is(a, -0) || Object.is(b, -0)) ? -0 : a;
  return a < b ? a : b;
}

export function fMax(a: number, b: number): number {
  if (a !== a || b !== b) return NaN;
  if (a === b) return a === 0 && (Object.is(a, 0) || Object.is(b, 0)) ? 0 : a;
  return a > b ? a : b;
}

export const f32Min = fMin, f32Max = fMax, f64Min = fMin, f64Max = fMax;

// ---- rounding ----

const TWO52 = 4503599627370496;

export function fCeil(a: number): number { return a !== a ? NaN : Math.ceil(a); }
export function fFloor(a: number): number { return a !== a ? NaN : Math.floor(a); }
export function fTrunc(a: number): number { return a !== a ? NaN : Math.trunc(a); }

/** Round to nearest, ties to even; keeps the sign of zero (nearest(-0.4) = -0). */
export function fNearest(a: number): number {
  if (a !== a) return NaN;
  if (a === 0) return a;
  if (a > 0) return a >= TWO52 ? a : (a + TWO52) - TWO52;
  if (a <= -TWO52) return a;
  const r = (TWO52 - a) - TWO52; // nearest-even of |a|, by the double adder's own rounding
  return r === 0 ? -0 : -r;
}

/** fNearest from arr[a] into arr[d] (the interpreter's entry: no double crosses the call). */
export function fNearestAt(arr: Float32Array | Float64Array, d: number, a: number): void {
  arr[d] = fNearest(arr[a]!);
}

export const f32Ceil = fCeil, f32Floor = fFloor, f32Trunc = fTrunc, f32Nearest = fNearest;
export const f64Ceil = fCeil, f64Floor = fFloor, f64Trunc = fTrunc, f64Nearest = fNearest;

// ---- comparisons ----

export function fEq(a: number, b: number): number { return a === b ? 1 : 0; }
export function fNe(a: number, b: number): number { return a !== b ? 1 : 0; }
export function fLt(a: number, b: number): number { return a < b ? 1 : 0; }
export function fGt(a: number, b: number): number { return a > b ? 1 : 0; }
export function fLe(a: number, b: number): number { return a <= b ? 1 : 0; }
export function fGe(a: number, b: number): number { return a >= b ? 1 : 0; }

// ---- sign operations on words ----

export function f32Abs(s: Int32Array, d: number, a: number): void {
  s[d] = s[a]! & 0x7fffffff;
}
export function f32Neg(s: Int32Array, d: number, a: number): void {
  s[d] = s[a]! ^ -0x80000000;
}
export function f32Copysign(s: Int32Array, d: number, a: number, b: number): void {
  s[d] = (s[a]! & 0x7fffffff) | (s[b]! & -0x80000000);
}
export function f64Abs(s: Int32Array, d: number, a: number): void {
  s[d] = s[a]!;
  s[d + 1] = s[a + 1]! & 0x7fffffff;
}
export function f64Neg(s: Int32Array, d: number, a: number): void {
  s[d] = s[a]!;
  s[d + 1] = s[a + 1]! ^ -0x80000000;
}
export function f64Copysign(s: Int32Array, d: number, a: number, b: number): void {
  const sign = s[b + 1]! & -0x80000000;
  s[d] = s[a]!;
  s[d + 1] = (s[a + 1]! & 0x7fffffff) | sign;
}

// ---- demote / promote ----

// Conversion scratch: one f64 at bytes 0..7, one f32 at bytes 8..11.
const scratch = new ArrayBuffer(16);
const scratchI32 = new Int32Array(scratch);
const scratchF32 = new Float32Array(scratch);
const scratchF64 = new Float64Array(scratch);

/** f64 bits (lo, hi) -> f32 bits. NaN: sign and the top 22 payload bits kept, quiet bit set. */
export function f32DemoteBits(lo: number, hi: number): number {
  if ((hi & 0x7ff00000) === 0x7ff00000 && ((hi & 0xfffff) | lo) !== 0) {
    return (hi & -0x80000000) | 0x7fc00000 | ((hi & 0x7ffff) << 3) | (lo >>> 29);
  }
  scratchI32[0] = lo;
  scratchI32[1] = hi;
  scratchF32[2] = scratchF64[0]!; // round to nearest even
  return scratchI32[2]!;
}

/** f32 bits -> f64 hi word (the lo word is f64PromoteLo's result). NaN: payload kept, quiet bit set. */
let promotedLo = 0;
export function f64PromoteBits(bits: number): number {
  if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0) {
    promotedLo = bits << 29;
    return (bits & -0x80000000) | 0x7ff80000 | ((bits & 0x3fffff) >>> 3);
  }
  scratchI32[2] = bits;
  scratchF64[0] = scratchF32[2]!; // exact
  promotedLo = scratchI32[0]!;
  return scratchI32[1]!;
}
/** The lo word of the last f64PromoteBits result. */
export function f64PromoteLo(): number {
  return promotedLo;
}

export function f32DemoteF64(s: Int32Array, d: number, a: number): void {
  s[d] = f32DemoteBits(s[a]!, s[a + 1]!);
}

export function f64PromoteF32(s: Int32Array, d: number, a: number): void {
  const hi = f64PromoteBits(s[a]!);
  s[d] = promotedLo;
  s[d + 1] = hi;
}
