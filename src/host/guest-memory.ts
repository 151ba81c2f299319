// Bounds-checked access to a caller's linear memory for host functions.
// Every access checks its range and throws WasiError(EFAULT) instead of
// letting a typed array throw RangeError or silently read undefined.

import type { Caller, LinearMemory } from '../exec/host.js';
import { Errno, WasiError } from './wasi/errno.js';

const utf8Decoder = new TextDecoder('utf-8', { fatal: false });
const strictUtf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

export class GuestMemory {
  constructor(private readonly mem: LinearMemory) {}

  /** The caller's memory 0; EFAULT-style failure when it has none. */
  static of(caller: Caller): GuestMemory {
    const mem = caller.memory(0) ?? (caller.getExport('memory') as LinearMemory | undefined);
    if (!mem || !(mem.bytes instanceof Uint8Array)) throw new WasiError(Errno.FAULT, 'the calling module has no memory');
    return new GuestMemory(mem);
  }

  get size(): number {
    return this.mem.bytes.length;
  }

  check(ptr: number, len: number): void {
    if (!Number.isInteger(ptr) || !Number.isInteger(len) || ptr < 0 || len < 0 || ptr + len > this.mem.bytes.length) {
      throw new WasiError(Errno.FAULT);
    }
  }

  u8(ptr: number): number { this.check(ptr, 1); return this.mem.bytes[ptr]!; }
  u16(ptr: number): number { this.check(ptr, 2); return this.mem.view.getUint16(ptr, true); }
  u32(ptr: number): number { this.check(ptr, 4); return this.mem.view.getUint32(ptr, true); }
  i32(ptr: number): number { this.check(ptr, 4); return this.mem.view.getInt32(ptr, true); }
  u64(ptr: number): bigint { this.check(ptr, 8); return this.mem.view.getBigUint64(ptr, true); }
  i64(ptr: number): bigint { this.check(ptr, 8); return this.mem.view.getBigInt64(ptr, true); }
  f64(ptr: number): number { this.check(ptr, 8); return this.mem.view.getFloat64(ptr, true); }

  setU8(ptr: number, v: number): void { this.check(ptr, 1); this.mem.bytes[ptr] = v; }
  setU16(ptr: number, v: number): void { this.check(ptr, 2); this.mem.view.setUint16(ptr, v, true); }
  setU32(ptr: number, v: number): void { this.check(ptr, 4); this.mem.view.setUint32(ptr, v >>> 0, true); }
  setU64(ptr: number, v: bigint): void { this.check(ptr, 8); this.mem.view.setBigUint64(ptr, BigInt.asUintN(64, v), true); }

  /** A live view of `len` bytes at `ptr` (valid until the memory grows). */
  bytes(ptr: number, len: number): Uint8Array {
    this.check(ptr, len);
    return this.mem.bytes.subarray(ptr, ptr + len);
  }

  write(ptr: number, data: Uint8Array): void {
    this.check(ptr, data.length);
    this.mem.bytes.set(data, ptr);
  }

  /** UTF-8 text of `len` bytes at `ptr`; EILSEQ when it is not valid UTF-8. */
  string(ptr: number, len: number): string {
    try {
      return strictUtf8Decoder.decode(this.bytes(ptr, len));
    } catch (e) {
      if (e instanceof WasiError) throw e;
      throw new WasiError(Errno.ILSEQ);
    }
  }

  /** Bytes of a NUL-terminated string at `ptr` (without the NUL). */
  cstringBytes(ptr: number, max = Infinity): Uint8Array {
    const b = this.mem.bytes;
    if (!Number.isInteger(ptr) || ptr < 0 || ptr >= b.length) throw new WasiError(Errno.FAULT);
    let end = ptr;
    const limit = Math.min(b.length, ptr + max);
    while (end < limit && b[end] !== 0) end++;
    if (end === b.length && max === Infinity) throw new WasiError(Errno.FAULT);
    return b.subarray(ptr, end);
  }

  cstring(ptr: number): string {
    return utf8Decoder.decode(this.cstringBytes(ptr));
  }

  /** The buffers of an iovec array (each 8 bytes: pointer, length), checked. */
  iovecs(ptr: number, count: number): Uint8Array[] {
    this.check(ptr, count * 8);
    const out: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const buf = this.u32(ptr + i * 8);
      const len = this.u32(ptr + i * 8 + 4);
      out.push(this.bytes(buf, len));
    }
    return out;
  }
}

export function encodeUtf8(s: string): Uint8Array {
  return utf8Encoder.encode(s);
}
