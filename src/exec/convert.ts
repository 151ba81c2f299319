// Conversions between i32 and f32/f64 (the i64 ones live in i64.ts).
//
// Provided (x: an f32 or f64 value as a number; f32 values are exact doubles, so one
// routine serves both widths; results are i32 as a signed int32 number):
//   i32TruncS(x): number     i32TruncU(x): number      -- trapping: RuntimeError
//        "invalid conversion to integer" (NaN) / "integer overflow" (out of range)
//   i32TruncSatS(x): number  i32TruncSatU(x): number   -- saturating, NaN -> 0
//   (aliases by opcode name: i32TruncF32S, i32TruncF32U, i32TruncF64S, i32TruncF64U,
//    i32TruncSatF32S, i32TruncSatF32U, i32TruncSatF64S, i32TruncSatF64U)
//   f32ConvertI32S(v): number  f32ConvertI32U(v)  f64ConvertI32S(v)  f64ConvertI32U(v)
//        -- v: the i32 as stored (signed int32); the f32 results are exact f32 values
//   i32WrapI64(s, a): number   -- low word of the i64 at s[a]
// The i64 conversions (i64.ts) are re-exported here for one-stop wiring.

import { RuntimeError } from '../errors.js';

export {
  i64ToF64S as f64ConvertI64S, i64ToF64U as f64ConvertI64U,
  i64ToF32S as f32ConvertI64S, i64ToF32U as f32ConvertI64U,
  f64ToI64S as i64TruncF64S, f64ToI64U as i64TruncF64U, f32ToI64S as i64TruncF32S, f32ToI64U as i64TruncF32U,
  f64ToI64SSat as i64TruncSatF64S, f64ToI64USat as i64TruncSatF64U,
  f32ToI64SSat as i64TruncSatF32S, f32ToI64USat as i64TruncSatF32U,
} from './i64.js';

export function i32TruncS(x: number): number {
  if (x !== x) throw new RuntimeError('invalid conversion to integer');
  const t = Math.trunc(x);
  if (!(t >= -2147483648 && t <= 2147483647)) throw new RuntimeError('integer overflow');
  return t | 0;
}

export function i32TruncU(x: number): number {
  if (x !== x) throw new RuntimeError('invalid conversion to integer');
  const t = Math.trunc(x);
  // -1 < x < 2^32: truncation of e.g. -0.5 is -0, a valid 0.
  if (!(t >= 0 && t <= 4294967295)) throw new RuntimeError('integer overflow');
  return t | 0;
}

export function i32TruncSatS(x: number): number {
  if (x !== x) return 0;
  if (x >= 2147483647) return 2147483647;
  if (x <= -2147483648) return -2147483648;
  return Math.trunc(x) | 0;
}

export function i32TruncSatU(x: number): number {
  if (x !== x || x <= 0) return 0;
  if (x >= 4294967295) return -1;
  return Math.trunc(x) | 0;
}

export const i32TruncF32S = i32TruncS, i32TruncF64S = i32TruncS;
export const i32TruncF32U = i32TruncU, i32TruncF64U = i32TruncU;
export const i32TruncSatF32S = i32TruncSatS, i32TruncSatF64S = i32TruncSatS;
export const i32TruncSatF32U = i32TruncSatU, i32TruncSatF64U = i32TruncSatU;

export function f32ConvertI32S(v: number): number { return Math.fround(v | 0); }
export function f32ConvertI32U(v: number): number { return Math.fround(v >>> 0); }
export function f64ConvertI32S(v: number): number { return v | 0; }
export function f64ConvertI32U(v: number): number { return v >>> 0; }

export function i32WrapI64(s: Int32Array, a: number): number { return s[a]! | 0; }
