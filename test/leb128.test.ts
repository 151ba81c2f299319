import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  readU32, readS32, readS33, readU64, readS64, readU64Number,
  writeU32, writeS32, writeS33, writeU64, writeS64, writeU64Number,
  type ByteCursor, type ByteSink,
} from '../src/binary/leb128.js';
import { CompileError } from '../src/errors.js';

function enc(write: (s: ByteSink) => void): Uint8Array {
  const out: number[] = [];
  write({ byte: (b) => out.push(b) });
  return Uint8Array.from(out);
}
const cur = (bytes: Uint8Array | number[]): ByteCursor => {
  const b = Uint8Array.from(bytes);
  return { bytes: b, pos: 0, end: b.length };
};
function errorOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(CompileError);
    return (e as CompileError).reason;
  }
}

/** Reference decoder, written from the spec's grammar with bigints: value, or the error. */
function reference(bytes: Uint8Array, bits: number, signed: boolean): { value: bigint; len: number } | string {
  let result = 0n;
  for (let i = 0; ; i++) {
    const remaining = bits - 7 * i;
    if (remaining <= 0) return 'integer representation too long';
    if (i >= bytes.length) return 'unexpected end of section or function';
    const b = bytes[i]!;
    if (remaining < 7) {
      // The unused bits of the last possible byte must extend the value.
      const payload = b & 0x7f;
      if (signed) {
        const mask = (0x7f << (remaining - 1)) & 0x7f;
        if ((payload & mask) !== 0 && (payload & mask) !== mask) return 'integer too large';
      } else if (payload >= 1 << remaining) {
        return 'integer too large';
      }
    }
    result |= BigInt(b & 0x7f) << BigInt(7 * i);
    if ((b & 0x80) === 0) {
      const used = BigInt(7 * (i + 1));
      if (signed && b & 0x40) result -= 1n << used;
      const value = signed ? BigInt.asIntN(bits, result) : BigInt.asUintN(bits, result);
      return { value, len: i + 1 };
    }
  }
}

const lebBytes = fc.uint8Array({ minLength: 0, maxLength: 12 }).chain((b) =>
  // Bias towards continuation bytes so long encodings are common.
  fc.array(fc.boolean(), { minLength: b.length, maxLength: b.length }).map((cont) =>
    b.map((x, i) => (cont[i] && i < b.length - 1 ? x | 0x80 : x))));

describe('LEB128 readers match a bigint reference on arbitrary bytes', () => {
  const cases: [string, number, boolean, (c: ByteCursor) => number | bigint][] = [
    ['u32', 32, false, readU32], ['s32', 32, true, readS32], ['s33', 33, true, readS33],
    ['u64', 64, false, readU64], ['s64', 64, true, readS64],
  ];
  for (const [label, bits, signed, read] of cases) {
    it(label, () => {
      fc.assert(fc.property(lebBytes, (bytes) => {
        const want = reference(bytes, bits, signed);
        const c = cur(bytes);
        const got = errorOf(() => read(c));
        if (typeof want === 'string') {
          expect(got).toBe(want);
        } else {
          expect(got).toBeNull();
          expect(BigInt(read(cur(bytes)))).toBe(want.value);
          expect(c.pos).toBe(want.len);
        }
      }), { numRuns: 3000 });
    });
  }
});

describe('LEB128 round trips', () => {
  it('u32', () => fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (v) => {
    const b = enc((s) => writeU32(s, v));
    expect(b.length).toBe(Math.max(1, Math.ceil((32 - Math.clz32(v)) / 7)));
    const c = cur(b);
    expect(readU32(c)).toBe(v);
    expect(c.pos).toBe(b.length);
  })));
  it('s32', () => fc.assert(fc.property(fc.integer({ min: -0x80000000, max: 0x7fffffff }), (v) => {
    const b = enc((s) => writeS32(s, v));
    expect(b.length).toBeLessThanOrEqual(5);
    expect(readS32(cur(b))).toBe(v);
  })));
  it('s33', () => fc.assert(fc.property(fc.integer({ min: -0x100000000, max: 0xffffffff }), (v) => {
    const b = enc((s) => writeS33(s, v));
    expect(b.length).toBeLessThanOrEqual(5);
    expect(readS33(cur(b))).toBe(v);
  })));
  it('u64 and s64', () => fc.assert(fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }), (v) => {
    const u = BigInt.asUintN(64, v);
    const s = BigInt.asIntN(64, v);
    const bu = enc((o) => writeU64(o, u));
    const bs = enc((o) => writeS64(o, s));
    expect(bu.length).toBeLessThanOrEqual(10);
    expect(bs.length).toBeLessThanOrEqual(10);
    expect(readU64(cur(bu))).toBe(u);
    expect(readS64(cur(bs))).toBe(s);
  })));
  it('u64 as a number (exact up to 2^53)', () => fc.assert(fc.property(fc.maxSafeNat(), (v) => {
    expect(readU64Number(cur(enc((o) => writeU64Number(o, v))))).toBe(v);
  })));
  it('padded encodings within the byte limit read the same value', () => fc.assert(fc.property(
    fc.integer({ min: 0, max: 0x0fffffff }), (v) => {
      // Five-byte form of a value below 2^28.
      const b = [v & 0x7f | 0x80, (v >>> 7) & 0x7f | 0x80, (v >>> 14) & 0x7f | 0x80, (v >>> 21) & 0x7f | 0x80, 0];
      expect(readU32(cur(b))).toBe(v);
    })));
});

describe('LEB128 malformed encodings', () => {
  it('rejects more bytes than ceil(N/7)', () => {
    expect(errorOf(() => readU32(cur([0x80, 0x80, 0x80, 0x80, 0x80, 0x00])))).toBe('integer representation too long');
    expect(errorOf(() => readS32(cur([0xff, 0xff, 0xff, 0xff, 0xff, 0x7f])))).toBe('integer representation too long');
    expect(errorOf(() => readS33(cur([0x80, 0x80, 0x80, 0x80, 0x80, 0x00])))).toBe('integer representation too long');
    expect(errorOf(() => readU64(cur([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00])))).toBe('integer representation too long');
    expect(errorOf(() => readS64(cur([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f])))).toBe('integer representation too long');
  });
  it('rejects unused bits that do not extend the value', () => {
    expect(errorOf(() => readU32(cur([0xff, 0xff, 0xff, 0xff, 0x1f])))).toBe('integer too large');
    expect(errorOf(() => readS32(cur([0xff, 0xff, 0xff, 0xff, 0x0f])))).toBe('integer too large'); // bit 3 (the sign) set but bits 4..6 clear
    expect(errorOf(() => readS32(cur([0x80, 0x80, 0x80, 0x80, 0x70])))).toBe('integer too large');
    expect(errorOf(() => readS33(cur([0x80, 0x80, 0x80, 0x80, 0x20])))).toBe('integer too large');
    expect(errorOf(() => readU64(cur([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02])))).toBe('integer too large');
    expect(errorOf(() => readS64(cur([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x41])))).toBe('integer too large');
  });
  it('accepts the extremes', () => {
    expect(readU32(cur([0xff, 0xff, 0xff, 0xff, 0x0f]))).toBe(0xffffffff);
    expect(readS32(cur([0x80, 0x80, 0x80, 0x80, 0x78]))).toBe(-0x80000000);
    expect(readS32(cur([0xff, 0xff, 0xff, 0xff, 0x07]))).toBe(0x7fffffff);
    expect(readS33(cur([0x80, 0x80, 0x80, 0x80, 0x70]))).toBe(-0x100000000);
    expect(readS64(cur([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f]))).toBe(-(2n ** 63n));
    expect(readU64(cur([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]))).toBe(2n ** 64n - 1n);
  });
  it('reports a truncated integer as an unexpected end', () => {
    for (const read of [readU32, readS32, readS33, readU64, readS64]) {
      expect(errorOf(() => read(cur([0x80, 0x80])))).toBe('unexpected end of section or function');
      expect(errorOf(() => read(cur([])))).toBe('unexpected end of section or function');
    }
  });
});
