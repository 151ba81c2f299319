// C printf formatting over bytes, as glibc prints: %d %i %u %x %X %o %c %s %p %%
// and %f %F %e %E %g %G %a %A, with flags (-+ #0), width, precision (both may be *) and
// length modifiers (hh h l ll z j t). Floating-point conversions are exact: the
// double's binary value is expanded with BigInt and rounded half-to-even, as
// glibc does, so "%.0f" of 2.5 is "2" and "%.20f" of 0.1 shows its true digits.

/** Where the arguments come from (clang's wasm32 varargs buffer, or a test array). */
export interface PrintfArgs {
  /** Next argument as a 32-bit int (int, long, size_t and pointers on wasm32). */
  int32(): number;
  /** Next argument as a 64-bit int (long long, intmax_t). */
  int64(): bigint;
  /** Next argument as the raw bits of a double. */
  float64Bits(): bigint;
}

export interface PrintfEnv {
  args: PrintfArgs;
  /** Bytes of the NUL-terminated string at `ptr`, at most `max` of them. */
  cstring(ptr: number, max: number): Uint8Array;
}

interface Spec {
  minus: boolean;
  plus: boolean;
  space: boolean;
  hash: boolean;
  zero: boolean;
  width: number;
  precision: number | null;
  length: string;
  conv: string;
}

const ASCII = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

/** Format `fmt` (bytes, without the NUL) and return the output bytes. */
export function formatPrintf(fmt: Uint8Array, env: PrintfEnv): Uint8Array {
  const out: number[] = [];
  let i = 0;
  while (i < fmt.length) {
    const b = fmt[i++]!;
    if (b !== 0x25 /* % */) { out.push(b); continue; }
    const start = i - 1;
    const spec: Spec = { minus: false, plus: false, space: false, hash: false, zero: false, width: 0, precision: null, length: '', conv: '' };
    for (;;) {
      const c = String.fromCharCode(fmt[i] ?? 0);
      if (c === '-') spec.minus = true;
      else if (c === '+') spec.plus = true;
      else if (c === ' ') spec.space = true;
      else if (c === '#') spec.hash = true;
      else if (c === '0') spec.zero = true;
      else break;
      i++;
    }
    if (fmt[i] === 0x2a /* * */) {
      i++;
      const w = env.args.int32();
      if (w < 0) { spec.minus = true; spec.width = -w; } else spec.width = w;
    } else {
      while (fmt[i]! >= 0x30 && fmt[i]! <= 0x39) spec.width = spec.width * 10 + (fmt[i++]! - 0x30);
    }
    if (fmt[i] === 0x2e /* . */) {
      i++;
      if (fmt[i] === 0x2a) {
        i++;
        const p = env.args.int32();
        spec.precision = p < 0 ? null : p;
      } else {
        let p = 0;
        while (fmt[i]! >= 0x30 && fmt[i]! <= 0x39) p = p * 10 + (fmt[i++]! - 0x30);
        spec.precision = p;
      }
    }
    for (;;) {
      const c = String.fromCharCode(fmt[i] ?? 0);
      if ('hlzjtLq'.includes(c) && c !== '\0') { spec.length += c; i++; } else break;
    }
    if (i >= fmt.length) { for (let k = start; k < fmt.length; k++) out.push(fmt[k]!); break; }
    spec.conv = String.fromCharCode(fmt[i++]!);
    const piece = convert(spec, env);
    if (piece === null) { for (let k = start; k < i; k++) out.push(fmt[k]!); continue; }
    for (const x of piece) out.push(x);
  }
  return Uint8Array.from(out);
}

/** One conversion; null for an unknown conversion (printed literally). */
function convert(s: Spec, env: PrintfEnv): number[] | null {
  switch (s.conv) {
    case '%': return [0x25];
    case 'd': case 'i': {
      const v = readSigned(s.length, env.args);
      const neg = v < 0n;
      return pad(s, neg ? '-' : s.plus ? '+' : s.space ? ' ' : '', intDigits(neg ? -v : v, 10, s, false), true);
    }
    case 'u': case 'x': case 'X': case 'o': {
      const v = readUnsigned(s.length, env.args);
      const base = s.conv === 'o' ? 8 : s.conv === 'u' ? 10 : 16;
      let digits = intDigits(v, base, s, s.conv === 'X');
      if (s.conv === 'o' && s.hash && !digits.startsWith('0')) digits = '0' + digits;
      const prefix = s.hash && v !== 0n && base === 16 ? (s.conv === 'X' ? '0X' : '0x') : '';
      return pad(s, prefix, digits, true);
    }
    case 'c': return padBytes(s, [env.args.int32() & 0xff]);
    case 's': {
      const ptr = env.args.int32() >>> 0;
      if (ptr === 0) {
        // glibc prints "(null)" unless a precision too small for it is given.
        return padBytes(s, s.precision === null || s.precision >= 6 ? ASCII('(null)') : []);
      }
      return padBytes(s, Array.from(env.cstring(ptr, s.precision ?? Infinity)));
    }
    case 'p': {
      const ptr = env.args.int32() >>> 0;
      if (ptr === 0) return padBytes(s, ASCII('(nil)'));
      return pad({ ...s, precision: null }, s.plus ? '+0x' : s.space ? ' 0x' : '0x', ptr.toString(16), true);
    }
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G':
      return formatFloat(s, env.args.float64Bits());
    case 'a': case 'A':
      return formatHexFloat(s, env.args.float64Bits());
    default:
      return null;
  }
}

function readSigned(length: string, a: PrintfArgs): bigint {
  switch (length) {
    case 'hh': return BigInt((a.int32() << 24) >> 24);
    case 'h': return BigInt((a.int32() << 16) >> 16);
    case 'll': case 'j': case 'q': case 'L': return a.int64();
    default: return BigInt(a.int32() | 0); // int, long, size_t, ptrdiff_t: 32-bit on wasm32
  }
}

function readUnsigned(length: string, a: PrintfArgs): bigint {
  switch (length) {
    case 'hh': return BigInt(a.int32() & 0xff);
    case 'h': return BigInt(a.int32() & 0xffff);
    case 'll': case 'j': case 'q': case 'L': return BigInt.asUintN(64, a.int64());
    default: return BigInt(a.int32() >>> 0);
  }
}

/** Digits of a non-negative integer with the precision's minimum digit count. */
function intDigits(v: bigint, base: number, s: Spec, upper: boolean): string {
  if (s.precision === 0 && v === 0n) return '';
  let d = v.toString(base);
  if (upper) d = d.toUpperCase();
  if (s.precision !== null && d.length < s.precision) d = '0'.repeat(s.precision - d.length) + d;
  return d;
}

/** Apply width: sign/prefix, then zero padding (when allowed) or spaces. */
function pad(s: Spec, prefix: string, body: string, isInt: boolean): number[] {
  const len = prefix.length + body.length;
  if (len >= s.width) return ASCII(prefix + body);
  const fill = s.width - len;
  if (s.minus) return ASCII(prefix + body + ' '.repeat(fill));
  // For integers the 0 flag is ignored when a precision is given.
  if (s.zero && !(isInt && s.precision !== null)) return ASCII(prefix + '0'.repeat(fill) + body);
  return ASCII(' '.repeat(fill) + prefix + body);
}

function padBytes(s: Spec, body: number[]): number[] {
  if (body.length >= s.width) return body;
  const fill = new Array<number>(s.width - body.length).fill(0x20);
  return s.minus ? [...body, ...fill] : [...fill, ...body];
}

// ---- floating point ----

const f64Scratch = new DataView(new ArrayBuffer(8));

function formatFloat(s: Spec, bits: bigint): number[] {
  const negative = (bits >> 63n) === 1n;
  const expBits = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const upper = s.conv === 'F' || s.conv === 'E' || s.conv === 'G';
  const sign = negative ? '-' : s.plus ? '+' : s.space ? ' ' : '';
  if (expBits === 0x7ff) {
    const word = frac === 0n ? 'inf' : 'nan';
    return pad({ ...s, zero: false }, sign, upper ? word.toUpperCase() : word, false);
  }
  // value = mant * 2^exp exactly
  const mant = expBits === 0 ? frac : frac | (1n << 52n);
  const exp = expBits === 0 ? -1074 : expBits - 1075;
  f64Scratch.setBigUint64(0, bits & ~(1n << 63n));
  const magnitude = f64Scratch.getFloat64(0);
  const conv = s.conv.toLowerCase();
  const prec = s.precision ?? 6;
  let body: string;
  if (conv === 'f') {
    body = fixed(mant, exp, prec, s.hash);
  } else if (conv === 'e') {
    body = exponential(mant, exp, magnitude, prec, s.hash, upper);
  } else {
    const p = prec === 0 ? 1 : prec;
    const x = mant === 0n ? 0 : exponentDigits(mant, exp, magnitude, p - 1).exp10;
    if (p > x && x >= -4) body = fixed(mant, exp, p - 1 - x, s.hash);
    else body = exponential(mant, exp, magnitude, p - 1, s.hash, upper);
    if (!s.hash) body = stripZeros(body);
  }
  return pad(s, sign, body, false);
}

/** %a: hexadecimal floating point as glibc writes it, "0x1.8p+1" (subnormals as "0x0.…p-1022"). */
function formatHexFloat(s: Spec, bits: bigint): number[] {
  const negative = (bits >> 63n) === 1n;
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let frac = bits & ((1n << 52n) - 1n);
  const upper = s.conv === 'A';
  const sign = negative ? '-' : s.plus ? '+' : s.space ? ' ' : '';
  if (expBits === 0x7ff) {
    const word = frac === 0n ? 'inf' : 'nan';
    return pad({ ...s, zero: false }, sign, upper ? word.toUpperCase() : word, false);
  }
  let lead = expBits === 0 ? 0n : 1n;
  const exp = expBits === 0 ? (frac === 0n ? 0 : -1022) : expBits - 1023;
  let digits: string;
  if (s.precision === null) {
    digits = frac.toString(16).padStart(13, '0').replace(/0+$/, '');
  } else {
    // Round the 52 fraction bits to 4*precision bits, ties to even; a carry moves into the lead digit.
    const keep = Math.min(s.precision, 13);
    const drop = BigInt(52 - keep * 4);
    let q = frac >> drop;
    const rem = frac - (q << drop);
    const half = drop > 0n ? 1n << (drop - 1n) : 0n;
    if (drop > 0n && (rem > half || (rem === half && (q & 1n) === 1n))) q += 1n;
    if (q >> BigInt(keep * 4) !== 0n) { lead += 1n; q &= (1n << BigInt(keep * 4)) - 1n; }
    frac = q;
    digits = keep > 0 ? q.toString(16).padStart(keep, '0') : '';
    digits += '0'.repeat(s.precision - keep);
  }
  const point = digits.length > 0 || s.hash ? '.' : '';
  let body = `${lead.toString(16)}${point}${digits}p${exp < 0 ? '-' : '+'}${Math.abs(exp)}`;
  if (upper) body = body.toUpperCase();
  return pad(s, sign + (upper ? '0X' : '0x'), body, false);
}

/** round(num / den), ties to even. */
function roundDiv(num: bigint, den: bigint): bigint {
  const q = num / den;
  const r2 = (num - q * den) * 2n;
  if (r2 > den || (r2 === den && (q & 1n) === 1n)) return q + 1n;
  return q;
}

/** round(mant * 2^exp * 10^scale), exactly. */
function scaledRound(mant: bigint, exp: number, scale: number): bigint {
  let num = mant, den = 1n;
  if (exp >= 0) num <<= BigInt(exp); else den <<= BigInt(-exp);
  if (scale >= 0) num *= 10n ** BigInt(scale); else den *= 10n ** BigInt(-scale);
  return roundDiv(num, den);
}

function fixed(mant: bigint, exp: number, prec: number, hash: boolean): string {
  const digits = scaledRound(mant, exp, prec).toString().padStart(prec + 1, '0');
  const intPart = digits.slice(0, digits.length - prec);
  const fracPart = digits.slice(digits.length - prec);
  return prec > 0 ? `${intPart}.${fracPart}` : hash ? `${intPart}.` : intPart;
}

/** The prec+1 significant digits and decimal exponent, after rounding. */
function exponentDigits(mant: bigint, exp: number, magnitude: number, prec: number): { digits: string; exp10: number } {
  if (mant === 0n) return { digits: '0'.repeat(prec + 1), exp10: 0 };
  let e10 = Math.floor(Math.log10(magnitude));
  for (;;) {
    const n = scaledRound(mant, exp, prec - e10);
    const lo = 10n ** BigInt(prec), hi = lo * 10n;
    if (n >= hi) { e10++; continue; }
    if (n < lo) { e10--; continue; }
    return { digits: n.toString(), exp10: e10 };
  }
}

function exponential(mant: bigint, exp: number, magnitude: number, prec: number, hash: boolean, upper: boolean): string {
  const { digits, exp10 } = exponentDigits(mant, exp, magnitude, prec);
  const mantissa = prec > 0 ? `${digits[0]}.${digits.slice(1)}` : hash ? `${digits}.` : digits;
  const e = Math.abs(exp10).toString().padStart(2, '0');
  return `${mantissa}${upper ? 'E' : 'e'}${exp10 < 0 ? '-' : '+'}${e}`;
}

/** %g without '#': drop trailing fractional zeros and a bare point. */
function stripZeros(body: string): string {
  const ePos = body.search(/[eE]/);
  let m = ePos >= 0 ? body.slice(0, ePos) : body;
  const tail = ePos >= 0 ? body.slice(ePos) : '';
  if (m.includes('.')) m = m.replace(/0+$/, '').replace(/\.$/, '');
  return m + tail;
}
