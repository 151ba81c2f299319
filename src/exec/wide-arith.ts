// The wide-arithmetic proposal: 128-bit add/sub on pairs of i64 and the
// widening 64x64->128 multiplies. Values are (low word, high word) pairs in
// the interpreter's Int32Array stack. No BigInt: additions carry through four
// 32-bit limbs, multiplies go through 16-bit limbs so every partial product
// and column sum stays exact in a double.

export const enum WideOp {
  ADD128 = 0,
  SUB128 = 1,
  MUL_WIDE_S = 2,
  MUL_WIDE_U = 3,
}

/** WideOp of a wide-arithmetic instruction name, or -1. */
export function wideOpOf(name: string): number {
  switch (name) {
    case 'i64.add128': return WideOp.ADD128;
    case 'i64.sub128': return WideOp.SUB128;
    case 'i64.mul_wide_s': return WideOp.MUL_WIDE_S;
    case 'i64.mul_wide_u': return WideOp.MUL_WIDE_U;
  }
  return -1;
}

// Scratch for the multiply: 16-bit limbs of both factors and the 8 product columns.
const fa = new Float64Array(4);
const fb = new Float64Array(4);
const col = new Float64Array(8);

/**
 * Runs one wide-arithmetic instruction. `dLo`/`dHi` are the words of the two
 * i64 results; `a`, `b`, `c`, `e` the words of the i64 operands in stack order
 * (the multiplies use only `a` and `b`). Inputs are read before any output is
 * written, since result slots may overlap operand slots.
 */
export function wideArith(I: Int32Array, op: number, dLo: number, dHi: number, a: number, b: number, c: number, e: number): void {
  if (op === WideOp.ADD128 || op === WideOp.SUB128) {
    // Operands: (a = low half, b = high half) of x; (c, e) of y.
    const x0 = I[a] >>> 0, x1 = I[a + 1] >>> 0, x2 = I[b] >>> 0, x3 = I[b + 1] >>> 0;
    let y0 = I[c] >>> 0, y1 = I[c + 1] >>> 0, y2 = I[e] >>> 0, y3 = I[e + 1] >>> 0;
    let carry = 0;
    if (op === WideOp.SUB128) {
      // x - y = x + ~y + 1.
      y0 = ~y0 >>> 0; y1 = ~y1 >>> 0; y2 = ~y2 >>> 0; y3 = ~y3 >>> 0;
      carry = 1;
    }
    let t = x0 + y0 + carry; const r0 = t >>> 0; carry = t > 0xffffffff ? 1 : 0;
    t = x1 + y1 + carry; const r1 = t >>> 0; carry = t > 0xffffffff ? 1 : 0;
    t = x2 + y2 + carry; const r2 = t >>> 0; carry = t > 0xffffffff ? 1 : 0;
    t = x3 + y3 + carry; const r3 = t >>> 0;
    I[dLo] = r0; I[dLo + 1] = r1; I[dHi] = r2; I[dHi + 1] = r3;
    return;
  }
  const aLo = I[a], aHi = I[a + 1], bLo = I[b], bHi = I[b + 1];
  fa[0] = aLo & 0xffff; fa[1] = aLo >>> 16; fa[2] = aHi & 0xffff; fa[3] = aHi >>> 16;
  fb[0] = bLo & 0xffff; fb[1] = bLo >>> 16; fb[2] = bHi & 0xffff; fb[3] = bHi >>> 16;
  col.fill(0);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) col[i + j] += fa[i] * fb[j];
  let carry = 0;
  for (let k = 0; k < 8; k++) {
    const t = col[k] + carry;
    col[k] = t % 65536;
    carry = Math.floor(t / 65536);
  }
  const r0 = (col[0] + col[1] * 65536) | 0;
  const r1 = (col[2] + col[3] * 65536) | 0;
  let r2 = (col[4] + col[5] * 65536) >>> 0;
  let r3 = (col[6] + col[7] * 65536) >>> 0;
  if (op === WideOp.MUL_WIDE_S) {
    // Signed high half = unsigned high half - (a < 0 ? b : 0) - (b < 0 ? a : 0), mod 2^64.
    if (aHi < 0) { const lo = r2 - (bLo >>> 0); r3 = (r3 - (bHi >>> 0) - (lo < 0 ? 1 : 0)) >>> 0; r2 = lo >>> 0; }
    if (bHi < 0) { const lo = r2 - (aLo >>> 0); r3 = (r3 - (aHi >>> 0) - (lo < 0 ? 1 : 0)) >>> 0; r2 = lo >>> 0; }
  }
  I[dLo] = r0; I[dLo + 1] = r1; I[dHi] = r2 | 0; I[dHi + 1] = r3 | 0;
}
