// 64-bit integer arithmetic on pairs of 32-bit words, without BigInt.
//
// Layout: an i64 lives in an Int32Array as lo = s[k], hi = s[k + 1] (k even for
// the interpreter's value stack, but any index works). Every function takes the
// array and the indices of the lo words; d may alias a or b (inputs are read
// into locals before anything is written). Nothing here allocates.
//
// Provided (s: Int32Array; d, a, b: index of the lo word):
//   i64Add(s, d, a, b)  i64Sub  i64Mul  i64And  i64Or  i64Xor
//   i64DivS(s, d, a, b) i64DivU i64RemS i64RemU   -- trap RuntimeError "integer divide by zero",
//                                                     i64DivS(INT64_MIN, -1) traps "integer overflow"
//   i64Shl(s, d, a, b)  i64ShrS i64ShrU i64Rotl i64Rotr   -- count = s[b] & 63 (hi word of b ignored)
//   i64Clz(s, d, a)  i64Ctz  i64Popcnt  i64Extend8S  i64Extend16S  i64Extend32S
//   i64ExtendI32S(s, d, a)  i64ExtendI32U(s, d, a)   -- a: index of an i32 word
//   i64Eqz(s, a): 0|1
//   i64Eq(s, a, b): 0|1  i64Ne  i64LtS i64LtU i64GtS i64GtU i64LeS i64LeU i64GeS i64GeU
//   i64ToF64S(s, a): number     i64ToF64U(s, a): number     -- correctly rounded
//   i64ToF32S(s, a): number     i64ToF32U(s, a): number     -- correctly rounded to f32 (no double rounding);
//                                                             the number is exactly an f32 value
//   f64ToI64S(s, d, x)  f64ToI64U(s, d, x)        -- trapping trunc; x is an f64 or f32 value;
//                                                   RuntimeError "invalid conversion to integer" for NaN,
//                                                   "integer overflow" when out of range
//   f64ToI64SSat(s, d, x)  f64ToI64USat(s, d, x)  -- saturating trunc (NaN -> 0)
//   (f32 inputs: the same functions, aliased as f32ToI64S/U and f32ToI64SSat/USat)
//
// Helpers for code outside the hot path: i64FromBigInt(s, d, v), i64ToBigInt(s, a, signed).

import { RuntimeError } from '../errors.js';

const TWO32 = 4294967296;
const TWO63 = 9223372036854775808;
const TWO64 = 18446744073709551616;

// ---- add / sub / bitwise ----

export function i64Add(s: Int32Array, d: number, a: number, b: number): void {
  const al = s[a]! >>> 0, bl = s[b]! >>> 0;
  const lo = al + bl; // < 2^33, exact
  const carry = lo >= TWO32 ? 1 : 0;
  const hi = (s[a + 1]! + s[b + 1]! + carry) | 0;
  s[d] = lo;
  s[d + 1] = hi;
}

export function i64Sub(s: Int32Array, d: number, a: number, b: number): void {
  const al = s[a]! >>> 0, bl = s[b]! >>> 0;
  const borrow = al < bl ? 1 : 0;
  const hi = (s[a + 1]! - s[b + 1]! - borrow) | 0;
  s[d] = al - bl;
  s[d + 1] = hi;
}

export function i64And(s: Int32Array, d: number, a: number, b: number): void {
  s[d] = s[a]! & s[b]!;
  s[d + 1] = s[a + 1]! & s[b + 1]!;
}

export function i64Or(s: Int32Array, d: number, a: number, b: number): void {
  s[d] = s[a]! | s[b]!;
  s[d + 1] = s[a + 1]! | s[b + 1]!;
}

export function i64Xor(s: Int32Array, d: number, a: number, b: number): void {
  s[d] = s[a]! ^ s[b]!;
  s[d + 1] = s[a + 1]! ^ s[b + 1]!;
}

// ---- multiplication ----

// High 32 bits of the unsigned product al * bl, from 16-bit limbs: every
// partial product is below 2^32 and every sum below 2^53, so all are exact.
function mulHiU32(al: number, bl: number): number {
  const a0 = al & 0xffff, a1 = al >>> 16, b0 = bl & 0xffff, b1 = bl >>> 16;
  const p01 = a0 * b1, p10 = a1 * b0;
  const mid = ((a0 * b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16);
}

export function i64Mul(s: Int32Array, d: number, a: number, b: number): void {
  const al = s[a]!, ah = s[a + 1]!, bl = s[b]!, bh = s[b + 1]!;
  // the cross terms only matter mod 2^32, which Math.imul gives directly
  s[d] = Math.imul(al, bl);
  s[d + 1] = mulHiU32(al, bl) + Math.imul(ah, bl) + Math.imul(al, bh);
}

// ---- division ----

/**
 * Unsigned 64/64 division of (nh:nl) by (mh:ml) != 0 (words as int32 or uint32).
 * Writes the quotient, or the remainder if `wantRem`, negated if `negate`, to s[d], s[d+1].
 */
function divmodU(s: Int32Array, d: number, nl: number, nh: number, ml: number, mh: number,
  wantRem: boolean, negate: boolean): void {
  nl >>>= 0; nh >>>= 0; ml >>>= 0; mh >>>= 0;
  let ql: number, qh = 0, rl: number, rh = 0;
  if (mh === 0) {
    if (nh === 0) {
      ql = Math.floor(nl / ml);
      rl = nl - ql * ml;
    } else if (ml < 0x1000) {
      // Small divisor: the remainder after the high word is < 2^12, so the
      // second partial dividend is < 2^44 and the whole step is exact.
      qh = Math.floor(nh / ml);
      const cur = (nh - qh * ml) * TWO32 + nl;
      ql = Math.floor(cur / ml);
      rl = cur - ql * ml;
    } else if (ml < 0x40000000) {
      // 2^12 <= divisor < 2^30: one double division. The dividend as a double is
      // off by at most 2^10, which moves the quotient (< 2^52) by at most 1/4, and
      // rounding the quotient adds at most 1/2: the estimate is within one. The
      // remainder of the estimate lies in [-ml, 2 ml), inside int32, so its low
      // 32 bits (exact through Math.imul) are the whole of it; one step corrects.
      let q = Math.floor((nh * TWO32 + nl) / ml);
      let rem = (nl - Math.imul(q, ml)) | 0;
      if (rem < 0) { q--; rem += ml; } else if (rem >= ml) { q++; rem -= ml; }
      qh = Math.floor(q / TWO32);
      ql = q - qh * TWO32;
      rl = rem;
    } else {
      // Divisor < 2^32: schoolbook division by 16-bit digits; the remainder
      // < 2^32 keeps every partial dividend below 2^48.
      qh = Math.floor(nh / ml);
      let r = nh - qh * ml;
      let cur = r * 65536 + (nl >>> 16);
      const q1 = Math.floor(cur / ml);
      r = cur - q1 * ml;
      cur = r * 65536 + (nl & 0xffff);
      const q0 = Math.floor(cur / ml);
      rl = cur - q0 * ml;
      ql = q1 * 65536 + q0;
    }
  } else {
    // Divisor >= 2^32: the quotient fits in 32 bits. A double estimate is within
    // one of the true quotient; start one below it (so q * m cannot exceed n)
    // and correct upwards with exact 64-bit arithmetic.
    const est = Math.floor((nh * TWO32 + nl) / (mh * TWO32 + ml));
    let q = est > 0 ? est - 1 : 0;
    // r = n - q * m, where q * m <= n < 2^64
    const pl = Math.imul(q, ml) >>> 0;
    const ph = (mulHiU32(q, ml) + Math.imul(q, mh)) >>> 0;
    rl = nl - pl; rh = nh - ph;
    if (rl < 0) { rl += TWO32; rh -= 1; }
    while (rh > mh || (rh === mh && rl >= ml)) {
      rl -= ml; rh -= mh;
      if (rl < 0) { rl += TWO32; rh -= 1; }
      q++;
    }
    ql = q;
  }
  const lo = wantRem ? rl : ql, hi = wantRem ? rh : qh;
  if (negate) {
    s[d] = -lo;
    s[d + 1] = ~hi + (lo === 0 ? 1 : 0);
  } else {
    s[d] = lo;
    s[d + 1] = hi;
  }
}

function divByZero(): never {
  throw new RuntimeError('integer divide by zero');
}

export function i64DivU(s: Int32Array, d: number, a: number, b: number): void {
  const ml = s[b]!, mh = s[b + 1]!;
  if ((ml | mh) === 0) divByZero();
  divmodU(s, d, s[a]!, s[a + 1]!, ml, mh, false, false);
}

export function i64RemU(s: Int32Array, d: number, a: number, b: number): void {
  const ml = s[b]!, mh = s[b + 1]!;
  if ((ml | mh) === 0) divByZero();
  divmodU(s, d, s[a]!, s[a + 1]!, ml, mh, true, false);
}

// Signed division works on magnitudes; the magnitude of INT64_MIN (2^63) is a
// valid unsigned value, so no special case is needed except the overflow trap.
export function i64DivS(s: Int32Array, d: number, a: number, b: number): void {
  let nl = s[a]!, nh = s[a + 1]!, ml = s[b]!, mh = s[b + 1]!;
  if ((ml | mh) === 0) divByZero();
  if (nh === -2147483648 && nl === 0 && ml === -1 && mh === -1) throw new RuntimeError('integer overflow');
  const negate = (nh ^ mh) < 0;
  if (nh < 0) { nh = ~nh + (nl === 0 ? 1 : 0); nl = -nl; }
  if (mh < 0) { mh = ~mh + (ml === 0 ? 1 : 0); ml = -ml; }
  divmodU(s, d, nl, nh, ml, mh, false, negate);
}

export function i64RemS(s: Int32Array, d: number, a: number, b: number): void {
  let nl = s[a]!, nh = s[a + 1]!, ml = s[b]!, mh = s[b + 1]!;
  if ((ml | mh) === 0) divByZero();
  const negate = nh < 0;
  if (nh < 0) { nh = ~nh + (nl === 0 ? 1 : 0); nl = -nl; }
  if (mh < 0) { mh = ~mh + (ml === 0 ? 1 : 0); ml = -ml; }
  divmodU(s, d, nl, nh, ml, mh, true, negate);
}

// ---- shifts and rotates ----

export function i64Shl(s: Int32Array, d: number, a: number, b: number): void {
  const n = s[b]! & 63, lo = s[a]!, hi = s[a + 1]!;
  if (n === 0) { s[d] = lo; s[d + 1] = hi; }
  else if (n < 32) { s[d + 1] = (hi << n) | (lo >>> (32 - n)); s[d] = lo << n; }
  else { s[d + 1] = lo << (n - 32); s[d] = 0; }
}

export function i64ShrS(s: Int32Array, d: number, a: number, b: number): void {
  const n = s[b]! & 63, lo = s[a]!, hi = s[a + 1]!;
  if (n === 0) { s[d] = lo; s[d + 1] = hi; }
  else if (n < 32) { s[d] = (lo >>> n) | (hi << (32 - n)); s[d + 1] = hi >> n; }
  else { s[d] = hi >> (n - 32); s[d + 1] = hi >> 31; }
}

export function i64ShrU(s: Int32Array, d: number, a: number, b: number): void {
  const n = s[b]! & 63, lo = s[a]!, hi = s[a + 1]!;
  if (n === 0) { s[d] = lo; s[d + 1] = hi; }
  else if (n < 32) { s[d] = (lo >>> n) | (hi << (32 - n)); s[d + 1] = hi >>> n; }
  else { s[d] = hi >>> (n - 32); s[d + 1] = 0; }
}

function rotl64(s: Int32Array, d: number, a: number, count: number): void {
  let n = count & 63, lo = s[a]!, hi = s[a + 1]!;
  if (n >= 32) { const t = lo; lo = hi; hi = t; n -= 32; }
  if (n === 0) { s[d] = lo; s[d + 1] = hi; return; }
  s[d] = (lo << n) | (hi >>> (32 - n));
  s[d + 1] = (hi << n) | (lo >>> (32 - n));
}

export function i64Rotl(s: Int32Array, d: number, a: number, b: number): void {
  rotl64(s, d, a, s[b]!);
}

export function i64Rotr(s: Int32Array, d: number, a: number, b: number): void {
  rotl64(s, d, a, 64 - (s[b]! & 63));
}

// ---- bit counting and sign extension ----

function ctz32(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

function popcnt32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export function i64Clz(s: Int32Array, d: number, a: number): void {
  const hi = s[a + 1]!;
  s[d] = hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(s[a]!);
  s[d + 1] = 0;
}

export function i64Ctz(s: Int32Array, d: number, a: number): void {
  const lo = s[a]!;
  s[d] = lo !== 0 ? ctz32(lo) : 32 + ctz32(s[a + 1]!);
  s[d + 1] = 0;
}

export function i64Popcnt(s: Int32Array, d: number, a: number): void {
  s[d] = popcnt32(s[a]!) + popcnt32(s[a + 1]!);
  s[d + 1] = 0;
}

export function i64Extend8S(s: Int32Array, d: number, a: number): void {
  const lo = (s[a]! << 24) >> 24;
  s[d] = lo;
  s[d + 1] = lo >> 31;
}

export function i64Extend16S(s: Int32Array, d: number, a: number): void {
  const lo = (s[a]! << 16) >> 16;
  s[d] = lo;
  s[d + 1] = lo >> 31;
}

export function i64Extend32S(s: Int32Array, d: number, a: number): void {
  const lo = s[a]!;
  s[d] = lo;
  s[d + 1] = lo >> 31;
}

export function i64ExtendI32S(s: Int32Array, d: number, a: number): void {
  const lo = s[a]!;
  s[d] = lo;
  s[d + 1] = lo >> 31;
}

export function i64ExtendI32U(s: Int32Array, d: number, a: number): void {
  s[d] = s[a]!;
  s[d + 1] = 0;
}

// ---- comparisons (return 0 or 1) ----

export function i64Eqz(s: Int32Array, a: number): number {
  return (s[a]! | s[a + 1]!) === 0 ? 1 : 0;
}
export function i64Eq(s: Int32Array, a: number, b: number): number {
  return s[a] === s[b] && s[a + 1] === s[b + 1] ? 1 : 0;
}
export function i64Ne(s: Int32Array, a: number, b: number): number {
  return s[a] !== s[b] || s[a + 1] !== s[b + 1] ? 1 : 0;
}
export function i64LtS(s: Int32Array, a: number, b: number): number {
  const ah = s[a + 1]!, bh = s[b + 1]!;
  return ah < bh || (ah === bh && s[a]! >>> 0 < s[b]! >>> 0) ? 1 : 0;
}
export function i64LtU(s: Int32Array, a: number, b: number): number {
  const ah = s[a + 1]! >>> 0, bh = s[b + 1]! >>> 0;
  return ah < bh || (ah === bh && s[a]! >>> 0 < s[b]! >>> 0) ? 1 : 0;
}
export function i64GtS(s: Int32Array, a: number, b: number): number {
  return i64LtS(s, b, a);
}
export function i64GtU(s: Int32Array, a: number, b: number): number {
  return i64LtU(s, b, a);
}
export function i64LeS(s: Int32Array, a: number, b: number): number {
  return 1 - i64LtS(s, b, a);
}
export function i64LeU(s: Int32Array, a: number, b: number): number {
  return 1 - i64LtU(s, b, a);
}
export function i64GeS(s: Int32Array, a: number, b: number): number {
  return 1 - i64LtS(s, a, b);
}
export function i64GeU(s: Int32Array, a: number, b: number): number {
  return 1 - i64LtU(s, a, b);
}

// ---- integer -> float ----

export function i64ToF64S(s: Int32Array, a: number): number {
  // hi * 2^32 is exact; the single addition rounds once.
  return s[a + 1]! * TWO32 + (s[a]! >>> 0);
}

export function i64ToF64U(s: Int32Array, a: number): number {
  return (s[a + 1]! >>> 0) * TWO32 + (s[a]! >>> 0);
}

// Unsigned (hi:lo) to the nearest f32. Below 2^53 the double is exact, so one
// fround is one rounding. Above, the bits under position 12 are folded into a
// sticky bit at position 11: the double is then exact again (at most 53
// significant bits) and rounds to f32 exactly as the full value would.
function u64ToF32(lo: number, hi: number): number {
  hi >>>= 0;
  lo >>>= 0;
  if (hi < 0x200000) return Math.fround(hi * TWO32 + lo);
  const folded = ((lo & 0xfffff000) | ((lo & 0xfff) !== 0 ? 0x800 : 0)) >>> 0;
  return Math.fround(hi * TWO32 + folded);
}

export function i64ToF32U(s: Int32Array, a: number): number {
  return u64ToF32(s[a]!, s[a + 1]!);
}

export function i64ToF32S(s: Int32Array, a: number): number {
  const lo = s[a]!, hi = s[a + 1]!;
  if (hi >= 0) return u64ToF32(lo, hi);
  // magnitude of a negative value (2^63 for INT64_MIN, fine as unsigned)
  return -u64ToF32(-lo, ~hi + (lo === 0 ? 1 : 0));
}

// ---- float -> integer ----

// Write an integral double t with -2^63 <= t < 2^64 as 64-bit words (two's complement).
function writeIntegral(s: Int32Array, d: number, t: number): void {
  const hi = Math.floor(t / TWO32); // exact: division by a power of two
  s[d] = t - hi * TWO32;           // in [0, 2^32): ToInt32 keeps the bits
  s[d + 1] = hi;
}

export function f64ToI64S(s: Int32Array, d: number, x: number): void {
  if (x !== x) throw new RuntimeError('invalid conversion to integer');
  const t = Math.trunc(x);
  if (!(t >= -TWO63 && t < TWO63)) throw new RuntimeError('integer overflow');
  writeIntegral(s, d, t);
}

export function f64ToI64U(s: Int32Array, d: number, x: number): void {
  if (x !== x) throw new RuntimeError('invalid conversion to integer');
  const t = Math.trunc(x);
  if (!(t > -1 && t < TWO64)) throw new RuntimeError('integer overflow');
  writeIntegral(s, d, t === 0 ? 0 : t);
}

export function f64ToI64SSat(s: Int32Array, d: number, x: number): void {
  if (x !== x) { s[d] = 0; s[d + 1] = 0; return; }
  if (x >= TWO63) { s[d] = -1; s[d + 1] = 0x7fffffff; return; }
  if (x <= -TWO63) { s[d] = 0; s[d + 1] = -2147483648; return; }
  writeIntegral(s, d, Math.trunc(x));
}

export function f64ToI64USat(s: Int32Array, d: number, x: number): void {
  if (x !== x || x <= 0) { s[d] = 0; s[d + 1] = 0; return; }
  if (x >= TWO64) { s[d] = -1; s[d + 1] = -1; return; }
  writeIntegral(s, d, Math.trunc(x));
}

// An f32 value is exactly a double, so the f64 routines are exact for f32 inputs.
export const f32ToI64S = f64ToI64S;
export const f32ToI64U = f64ToI64U;
export const f32ToI64SSat = f64ToI64SSat;
export const f32ToI64USat = f64ToI64USat;

// The interpreter's entry points: the float is read from, or written to, a typed array here, so
// no double crosses a call out of the interpreter loop (V8 would box it in a new HeapNumber).
type Floats = Float32Array | Float64Array;
export function f64ToI64SAt(s: Int32Array, d: number, src: Floats, i: number): void { f64ToI64S(s, d, src[i]!); }
export function f64ToI64UAt(s: Int32Array, d: number, src: Floats, i: number): void { f64ToI64U(s, d, src[i]!); }
export function f64ToI64SSatAt(s: Int32Array, d: number, src: Floats, i: number): void { f64ToI64SSat(s, d, src[i]!); }
export function f64ToI64USatAt(s: Int32Array, d: number, src: Floats, i: number): void { f64ToI64USat(s, d, src[i]!); }
export function i64ToF32SAt(s: Int32Array, a: number, out: Float32Array, d: number): void { out[d] = i64ToF32S(s, a); }
export function i64ToF32UAt(s: Int32Array, a: number, out: Float32Array, d: number): void { out[d] = i64ToF32U(s, a); }

// ---- boundary helpers (not for the hot path) ----

export function i64FromBigInt(s: Int32Array, d: number, v: bigint): void {
  const u = BigInt.asUintN(64, v);
  s[d] = Number(u & 0xffffffffn);
  s[d + 1] = Number(u >> 32n);
}

export function i64ToBigInt(s: Int32Array, a: number, signed = true): bigint {
  const u = (BigInt(s[a + 1]! >>> 0) << 32n) | BigInt(s[a]! >>> 0);
  return signed ? BigInt.asIntN(64, u) : u;
}
