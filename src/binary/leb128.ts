// LEB128 integers as the WebAssembly binary format uses them: unsigned and
// signed, 32, 33 and 64 bits. Reads take a cursor (bytes, pos, end) and advance
// it; errors are CompileErrors with the spec suite's wording. The 32-bit paths
// stay in small integers (no bigint) because they dominate decoding time.

import { CompileError } from '../errors.js';

/** A read position over a byte range; `end` is exclusive. */
export interface ByteCursor {
  bytes: Uint8Array;
  pos: number;
  end: number;
}

export const MSG_UNEXPECTED_END = 'unexpected end of section or function';
export const MSG_TOO_LONG = 'integer representation too long';
export const MSG_TOO_LARGE = 'integer too large';

function endError(c: ByteCursor): CompileError {
  return new CompileError(MSG_UNEXPECTED_END, c.end);
}

/** u32: at most 5 bytes; the 5th may only use its low 4 bits. */
export function readU32(c: ByteCursor): number {
  const bytes = c.bytes;
  let pos = c.pos;
  const end = c.end;
  if (pos >= end) throw endError(c);
  let b = bytes[pos++]!;
  if (b < 0x80) {
    c.pos = pos;
    return b;
  }
  let result = b & 0x7f;
  for (let shift = 7; shift < 28; shift += 7) {
    if (pos >= end) { c.pos = pos; throw endError(c); }
    b = bytes[pos++]!;
    result |= (b & 0x7f) << shift;
    if (b < 0x80) {
      c.pos = pos;
      return result >>> 0;
    }
  }
  if (pos >= end) { c.pos = pos; throw endError(c); }
  b = bytes[pos++]!;
  checkLastByte(b, 0x70, false, pos); // 4 payload bits remain
  c.pos = pos;
  return (result | (b << 28)) >>> 0;
}

/** A vector length: a u32 that is at most the number of bytes left (each item takes at least one). */
export function readLength(c: ByteCursor): number {
  const at = c.pos;
  const n = readU32(c);
  if (n > c.end - at) throw new CompileError('length out of bounds', at);
  return n;
}

/** s32 as a JS number in [-2^31, 2^31). */
// Each read keeps its own 28-bit small-integer loop on purpose: a shared one would need a second return channel on the hottest path.
export function readS32(c: ByteCursor): number {
  const bytes = c.bytes;
  let pos = c.pos;
  const end = c.end;
  let result = 0;
  let shift = 0;
  for (; shift < 28; shift += 7) {
    if (pos >= end) { c.pos = pos; throw endError(c); }
    const b = bytes[pos++]!;
    result |= (b & 0x7f) << shift;
    if (b < 0x80) {
      c.pos = pos;
      // Sign-extend from the last payload bit.
      const used = shift + 7;
      return used < 32 ? (result << (32 - used)) >> (32 - used) : result | 0;
    }
  }
  if (pos >= end) { c.pos = pos; throw endError(c); }
  const b = bytes[pos++]!;
  checkLastByte(b, 0x78, true, pos); // 4 payload bits remain
  c.pos = pos;
  return (result | (b << 28)) | 0;
}

/** s33 (block types, heap types) as a JS number in [-2^32, 2^32). */
export function readS33(c: ByteCursor): number {
  const bytes = c.bytes;
  let pos = c.pos;
  const end = c.end;
  if (pos >= end) throw endError(c);
  const b0 = bytes[pos]!;
  if (b0 < 0x80) {
    c.pos = pos + 1;
    return b0 & 0x40 ? b0 - 0x80 : b0;
  }
  let low = 0; // low 28 bits, unsigned
  for (let shift = 0; shift < 28; shift += 7) {
    if (pos >= end) { c.pos = pos; throw endError(c); }
    const b = bytes[pos++]!;
    low |= (b & 0x7f) << shift;
    if (b < 0x80) {
      c.pos = pos;
      const used = shift + 7;
      return (low << (32 - used)) >> (32 - used);
    }
  }
  if (pos >= end) { c.pos = pos; throw endError(c); }
  const b = bytes[pos++]!;
  checkLastByte(b, 0x70, true, pos); // 5 payload bits remain
  c.pos = pos;
  const hi = b & 0x10 ? (b & 0x1f) - 0x20 : b & 0x1f; // signed 5-bit
  return hi * 0x10000000 + (low >>> 0);
}

/** u64 as a bigint. */
export function readU64(c: ByteCursor): bigint {
  return readLeb64(c, false);
}

/** s64 as a bigint in [-2^63, 2^63). */
export function readS64(c: ByteCursor): bigint {
  return readLeb64(c, true);
}

/** u64 as a number: exact up to 2^53, rounded above (used for limits and offsets). No bigint. */
export function readU64Number(c: ByteCursor): number {
  const bytes = c.bytes;
  let pos = c.pos;
  const end = c.end;
  if (pos < end && bytes[pos]! < 0x80) { c.pos = pos + 1; return bytes[pos]!; }
  let result = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) { c.pos = pos; throw endError(c); }
    const b = bytes[pos++]!;
    if (i === 9) checkLast64(b, false, pos);
    result += (b & 0x7f) * scale;
    scale *= 128;
    if (b < 0x80) { c.pos = pos; return result; }
  }
  throw new CompileError(MSG_TOO_LONG, pos);
}

/** Checks and skips a 64-bit LEB128 without building its value (no bigint). */
export function skipLeb64(c: ByteCursor, signed: boolean): void {
  const bytes = c.bytes;
  let pos = c.pos;
  const end = c.end;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) { c.pos = pos; throw endError(c); }
    const b = bytes[pos++]!;
    if (i === 9) checkLast64(b, signed, pos);
    if (b < 0x80) { c.pos = pos; return; }
  }
}

/** The 10th byte of a 64-bit LEB128 has one payload bit; `pos` is just past it. */
function checkLast64(b: number, signed: boolean, pos: number): void {
  checkLastByte(b, signed ? 0x7f : 0x7e, signed, pos);
}

/** Checks the last byte a LEB128 of its width may have. `extra` masks the bits above
 *  the payload, plus (signed) the payload's sign bit: they must be all 0, or (signed)
 *  all 1; and the byte must not continue. `pos` is just past the byte. */
function checkLastByte(b: number, extra: number, signed: boolean, pos: number): void {
  const top = b & extra;
  if (top !== 0 && !(signed && top === extra)) throw new CompileError(MSG_TOO_LARGE, pos - 1);
  if (b & 0x80) throw new CompileError(MSG_TOO_LONG, pos);
}

function readLeb64(c: ByteCursor, signed: boolean): bigint {
  const bytes = c.bytes;
  let pos = c.pos;
  const end = c.end;
  // Accumulate the first 28 bits as a small integer, then fall back to bigint.
  let low = 0;
  for (let shift = 0; shift < 28; shift += 7) {
    if (pos >= end) { c.pos = pos; throw endError(c); }
    const b = bytes[pos++]!;
    low |= (b & 0x7f) << shift;
    if (b < 0x80) {
      c.pos = pos;
      const used = shift + 7;
      if (signed) return BigInt((low << (32 - used)) >> (32 - used));
      return BigInt(low);
    }
  }
  let result = BigInt(low);
  let shift = 28n;
  for (let i = 4; i < 10; i++) {
    if (pos >= end) { c.pos = pos; throw endError(c); }
    const b = bytes[pos++]!;
    if (i === 9) checkLast64(b, signed, pos);
    result |= BigInt(b & 0x7f) << shift;
    shift += 7n;
    if (b < 0x80) {
      c.pos = pos;
      if (signed) return BigInt.asIntN(64, (b & 0x40) && shift < 64n ? result - (1n << shift) : result);
      return BigInt.asUintN(64, result);
    }
  }
  // Unreachable: the 10th byte either ends the number or throws.
  throw new CompileError(MSG_TOO_LONG, pos);
}

// ---- writing ----

/** Where encoded bytes go. */
export interface ByteSink {
  byte(b: number): void;
}

export function writeU32(out: ByteSink, v: number): void {
  v = v >>> 0;
  while (v >= 0x80) {
    out.byte((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.byte(v);
}

export function writeS32(out: ByteSink, v: number): void {
  v = v | 0;
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.byte(b);
      return;
    }
    out.byte(b | 0x80);
  }
}

/** s33: any integer in [-2^32, 2^32). */
export function writeS33(out: ByteSink, v: number): void {
  if (v >= -0x40000000 && v < 0x40000000) { writeS32(out, v); return; }
  writeS64(out, BigInt(v));
}

export function writeU64(out: ByteSink, v: bigint): void {
  v = BigInt.asUintN(64, v);
  while (v >= 0x80n) {
    out.byte(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.byte(Number(v));
}

/** u64 from a number; non-integers are truncated and values past 2^64-1 clamp to it. */
export function writeU64Number(out: ByteSink, v: number): void {
  if (v >= 0 && v < 0x100000000) { writeU32(out, v); return; }
  if (!(v > 0)) { writeU32(out, 0); return; }
  writeU64(out, v >= 18446744073709551615 ? 0xffffffffffffffffn : BigInt(Math.trunc(v)));
}

export function writeS64(out: ByteSink, v: bigint): void {
  v = BigInt.asIntN(64, v);
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) {
      out.byte(b);
      return;
    }
    out.byte(b | 0x80);
  }
}
