// Numeric literals of the text format: integers in signed/unsigned ranges and
// floats rounded exactly (round-to-nearest-even) with BigInt arithmetic, so f32
// literals never suffer double rounding through a JS double.

const DEC = '[0-9](?:_?[0-9])*';
const HEX = '[0-9a-fA-F](?:_?[0-9a-fA-F])*';
const U_RE = new RegExp(`^(?:(${DEC})|0x(${HEX}))$`);
const DEC_FLOAT_RE = new RegExp(`^(${DEC})(?:\\.(${DEC})?)?(?:[eE]([+-]?${DEC}))?$`);
const HEX_FLOAT_RE = new RegExp(`^0x(${HEX})(?:\\.(${HEX})?)?(?:[pP]([+-]?${DEC}))?$`);
const NAN_RE = new RegExp(`^nan(?::0x(${HEX}))?$`);

/** Thrown for a well-formed literal whose value does not fit. */
export class RangeErrorLiteral extends Error {
  constructor() {
    super('constant out of range');
  }
}

const strip = (s: string) => s.replace(/_/g, '');

/** An unsigned literal (decimal or hex, `_` separators), or null if not one. */
export function parseNat(text: string): bigint | null {
  const m = U_RE.exec(text);
  if (!m) return null;
  return m[1] !== undefined ? BigInt(strip(m[1])) : BigInt('0x' + strip(m[2]));
}

/**
 * An integer literal for a `bits`-wide integer: unsigned (0..2^bits-1) or signed with an
 * explicit sign (-2^(bits-1)..2^(bits-1)-1 for '+', down to -2^(bits-1) for '-').
 * Returns the value as a signed bigint in range, null when the text is no integer,
 * and throws RangeErrorLiteral when it is out of range.
 */
export function parseInt(text: string, bits: number): bigint | null {
  let sign = 0;
  let body = text;
  if (text[0] === '+' || text[0] === '-') { sign = text[0] === '-' ? -1 : 1; body = text.slice(1); }
  const n = parseNat(body);
  if (n === null) return null;
  const lim = 1n << BigInt(bits);
  const half = lim >> 1n;
  if (sign === 0) {
    if (n >= lim) throw new RangeErrorLiteral();
    return BigInt.asIntN(bits, n);
  }
  if (sign > 0) {
    if (n >= half) throw new RangeErrorLiteral();
    return n;
  }
  if (n > half) throw new RangeErrorLiteral();
  return -n;
}

interface FloatFormat {
  mantBits: number;
  expBits: number;
}
const F32: FloatFormat = { mantBits: 23, expBits: 8 };
const F64: FloatFormat = { mantBits: 52, expBits: 11 };

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** Round the positive rational p/q to the format; returns the bits without sign, or null on overflow. */
function roundRational(p: bigint, q: bigint, f: FloatFormat): bigint | null {
  if (p === 0n) return 0n;
  const prec = f.mantBits + 1;
  const bias = (1 << (f.expBits - 1)) - 1;
  const minSh = -(bias - 1 + f.mantBits); // exponent of the least significant subnormal bit
  const quotient = (sh: number): [bigint, bigint, bigint] => {
    const num = sh < 0 ? p << BigInt(-sh) : p;
    const den = sh > 0 ? q << BigInt(sh) : q;
    return [num / den, num % den, den];
  };
  let sh = bitLength(p) - bitLength(q) - prec;
  let [n] = quotient(sh);
  while (n >= 1n << BigInt(prec)) { sh++; [n] = quotient(sh); }
  while (n < 1n << BigInt(prec - 1)) { sh--; [n] = quotient(sh); }
  if (sh < minSh) sh = minSh;
  const [base, rem, den] = quotient(sh);
  let mant = base;
  const twice = rem * 2n;
  if (twice > den || (twice === den && (mant & 1n) === 1n)) mant++;
  // (sh - minSh) counts exponent steps above the subnormal range; the implicit bit of a
  // normal mantissa carries into the exponent field, so one addition encodes both cases.
  const bits = (BigInt(sh - minSh) << BigInt(f.mantBits)) + mant;
  const inf = ((1n << BigInt(f.expBits)) - 1n) << BigInt(f.mantBits);
  return bits >= inf ? null : bits;
}

/** A float literal for the format; null when the text is not a float, throws when out of range.
 *  With `exactOnly`, never take the double-arithmetic fast path (for cross-checking it). */
function parseFloatBits(text: string, f: FloatFormat, exactOnly = false): bigint | null {
  let neg = false;
  let body = text;
  if (text[0] === '+' || text[0] === '-') { neg = text[0] === '-'; body = text.slice(1); }
  const signBit = neg ? 1n << BigInt(f.mantBits + f.expBits) : 0n;
  const expAll = ((1n << BigInt(f.expBits)) - 1n) << BigInt(f.mantBits);
  if (body === 'inf') return signBit | expAll;
  const nan = NAN_RE.exec(body);
  if (nan) {
    const payload = nan[1] !== undefined ? BigInt('0x' + strip(nan[1])) : 1n << BigInt(f.mantBits - 1);
    if (payload === 0n || payload >= 1n << BigInt(f.mantBits)) throw new RangeErrorLiteral();
    return signBit | expAll | payload;
  }
  let bits: bigint | null;
  let m = HEX_FLOAT_RE.exec(body);
  if (m) {
    const intPart = strip(m[1]);
    const frac = m[2] !== undefined ? strip(m[2]) : '';
    const mant = BigInt('0x' + intPart + frac);
    const exp = (m[3] !== undefined ? Number(strip(m[3])) : 0) - 4 * frac.length;
    bits = rationalFromPow(mant, exp, 2, f, exactOnly);
  } else {
    m = DEC_FLOAT_RE.exec(body);
    if (!m) return null;
    const intPart = strip(m[1]);
    const frac = m[2] !== undefined ? strip(m[2]) : '';
    const mant = BigInt(intPart + frac);
    const exp = (m[3] !== undefined ? Number(strip(m[3])) : 0) - frac.length;
    bits = rationalFromPow(mant, exp, 10, f, exactOnly);
  }
  if (bits === null) throw new RangeErrorLiteral();
  return signBit | bits;
}

/** Round mant * base^exp; huge exponents are decided without building huge numbers. */
function rationalFromPow(mant: bigint, exp: number, base: 2 | 10, f: FloatFormat, exactOnly: boolean): bigint | null {
  if (mant === 0n) return 0n;
  if (!exactOnly) {
    const fast = fastPath(mant, exp, base, f);
    if (fast !== undefined) return fast;
  }
  const digits = base === 2 ? bitLength(mant) : mant.toString().length;
  const limit = base === 2 ? 1200 : 400;
  if (exp + digits > limit) return null;
  if (exp + digits < -limit - 200) return 0n;
  const b = BigInt(base);
  if (exp >= 0) return roundRational(mant * b ** BigInt(exp), 1n, f);
  return roundRational(mant, b ** BigInt(-exp), f);
}

const fastView = new DataView(new ArrayBuffer(8));

/**
 * The common cases in double arithmetic, when that is provably a single correct rounding
 * (Clinger's fast path): the mantissa and the power are exact doubles and so is their
 * product, or (f64 only) one IEEE multiply/divide rounds the exact operands once.
 * Returns undefined when the case is not covered, null on overflow.
 */
function fastPath(mant: bigint, exp: number, base: 2 | 10, f: FloatFormat): bigint | null | undefined {
  if (mant >= 1n << 53n) return undefined;
  const m = Number(mant);
  let x: number;
  if (base === 2) {
    // 2^exp is exact in this range; the product is rounded once (for f32, it is exact in
    // double whenever it is anywhere near the f32 range, so fround rounds once).
    if (exp < -1074 || exp > 1023) return undefined;
    x = m * 2 ** exp;
  } else if (f === F64) {
    if (exp > 22 || exp < -22) return undefined; // 10^22 is the largest exact power of ten
    x = exp >= 0 ? m * 10 ** exp : m / 10 ** -exp;
  } else {
    // f32: the double must be exact before fround rounds it, i.e. m * 5^exp < 2^53.
    if (exp < 0 || exp > 22 || m * 5 ** exp >= 2 ** 53) return undefined;
    x = m * 10 ** exp;
  }
  if (f === F64) {
    if (!Number.isFinite(x)) return null;
    fastView.setFloat64(0, x);
    return fastView.getBigUint64(0);
  }
  const y = Math.fround(x);
  if (!Number.isFinite(y)) return null;
  fastView.setFloat32(0, y);
  return BigInt(fastView.getUint32(0));
}

/** f32 literal → raw u32 bits, by BigInt arithmetic only (reference for the fast path). */
export function parseF32Exact(text: string): number | null {
  const b = parseFloatBits(text, F32, true);
  return b === null ? null : Number(b);
}

/** f64 literal → raw u64 bits, by BigInt arithmetic only (reference for the fast path). */
export function parseF64Exact(text: string): bigint | null {
  return parseFloatBits(text, F64, true);
}

/** f32 literal → raw u32 bits. */
export function parseF32(text: string): number | null {
  const b = parseFloatBits(text, F32);
  return b === null ? null : Number(b);
}

/** f64 literal → raw u64 bits. */
export function parseF64(text: string): bigint | null {
  return parseFloatBits(text, F64);
}

const NUMBER_LEXEME_RE = new RegExp(
  `^[+-]?(?:${DEC}(?:\\.(?:${DEC})?)?(?:[eE][+-]?${DEC})?|0x${HEX}(?:\\.(?:${HEX})?)?(?:[pP][+-]?${DEC})?|inf|nan(?::0x${HEX})?)$`);

/** Whether a token is a number in any form (integer or float, any range). */
export function isNumberLexeme(text: string): boolean {
  return NUMBER_LEXEME_RE.test(text);
}
