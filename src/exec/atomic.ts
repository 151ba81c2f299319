// The threads proposal's memory instructions, with single-threaded semantics:
// this engine runs one thread per store, so every atomic access is an ordinary
// access plus the alignment trap, a wait can only time out (nobody can notify),
// and a notify wakes no one. Values are in the interpreter's word stack: an
// i32 in one word, an i64 as (low word, high word).

import { RuntimeError } from '../errors.js';
import type { MemoryInst } from './memory.js';

/** What an atomic instruction does; packed with its access width by `atomicDesc`. */
export const enum AtomicOp {
  LOAD = 0,
  STORE = 1,
  ADD = 2,
  SUB = 3,
  AND = 4,
  OR = 5,
  XOR = 6,
  XCHG = 7,
  CMPXCHG = 8,
  NOTIFY = 9,
  WAIT = 10,
}

const RMW_OPS: Record<string, AtomicOp> = {
  add: AtomicOp.ADD, sub: AtomicOp.SUB, and: AtomicOp.AND, or: AtomicOp.OR, xor: AtomicOp.XOR,
  xchg: AtomicOp.XCHG, cmpxchg: AtomicOp.CMPXCHG,
};

/** The descriptor word of an atomic instruction: operation in the low byte, access width in bytes above. */
export function atomicDesc(op: AtomicOp, width: number): number {
  return op | (width << 8);
}

/** Descriptor of a 0xFE instruction by its text name; -1 for atomic.fence (no memory access). */
export function atomicDescOf(name: string): number {
  if (name === 'memory.atomic.notify') return atomicDesc(AtomicOp.NOTIFY, 4);
  if (name === 'memory.atomic.wait32') return atomicDesc(AtomicOp.WAIT, 4);
  if (name === 'memory.atomic.wait64') return atomicDesc(AtomicOp.WAIT, 8);
  const m = /^i(32|64)\.atomic\.(load|store|rmw)(\d*)(?:\.(\w+?))?(?:_u)?$/.exec(name);
  if (!m) return -1;
  const width = (m[3] ? Number(m[3]) : Number(m[1])) / 8;
  if (m[2] === 'load') return atomicDesc(AtomicOp.LOAD, width);
  if (m[2] === 'store') return atomicDesc(AtomicOp.STORE, width);
  const op = RMW_OPS[m[4] ?? ''];
  return op === undefined ? -1 : atomicDesc(op, width);
}

/** Number of operands (address included) an atomic operation pops. */
export function atomicArity(desc: number): number {
  const op = desc & 0xff;
  if (op === AtomicOp.LOAD) return 1;
  if (op === AtomicOp.CMPXCHG || op === AtomicOp.WAIT) return 3;
  return 2;
}

/** True when the operation pushes a result. */
export function atomicHasResult(desc: number): boolean {
  return (desc & 0xff) !== AtomicOp.STORE;
}

function trap(reason: string): never {
  throw new RuntimeError(reason);
}

/** Low 8/16/32 bits of a word, unsigned (width in bytes, 1..4). */
function narrow(x: number, width: number): number {
  return width === 1 ? x & 0xff : width === 2 ? x & 0xffff : x >>> 0;
}

/** Sleep for `ns` nanoseconds where the platform can block; otherwise return at once. */
function sleepNs(ns: number): void {
  const ms = ns / 1e6;
  if (ms <= 0 || typeof SharedArrayBuffer === 'undefined' || typeof Atomics === 'undefined') return;
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  } catch {
    // Blocking is not allowed on this thread (a browser main thread): time out at once.
  }
}

/**
 * Executes one atomic instruction. `ea` is the effective address (already a
 * non-negative integer; huge 64-bit addresses just fail the bounds check);
 * `low` is the sum of the low 32 bits of address and offset, exact even when
 * `ea` is beyond 2^53, for the alignment check. `d` is the result's word, `a`
 * and `b` the operand words after the address (value, or expected/replacement,
 * or expected/timeout).
 */
export function atomicAccess(I: Int32Array, mem: MemoryInst, desc: number, ea: number, low: number, d: number, a: number, b: number): void {
  const op = desc & 0xff;
  const width = desc >> 8;
  // The spec checks alignment before bounds.
  if (low % width !== 0) trap('unaligned atomic');
  if (ea + width > mem.bytes.length) trap('out of bounds memory access');
  const v = mem.view;
  if (op === AtomicOp.NOTIFY) {
    // No other thread can be waiting: nobody is woken.
    I[d] = 0; I[d + 1] = 0;
    return;
  }
  if (op === AtomicOp.WAIT) {
    if (!mem.type.shared) trap('expected shared memory');
    const lo = v.getInt32(ea, true);
    const equal = width === 4 ? lo === I[a] : lo === I[a] && v.getInt32(ea + 4, true) === I[a + 1];
    if (!equal) { I[d] = 1; I[d + 1] = 0; return; } // "not-equal"
    // Timeout in nanoseconds, signed; negative waits forever, which no one could end.
    const tHi = I[b + 1], tLo = I[b] >>> 0;
    if (tHi < 0) trap('atomic wait would block forever: no other thread can notify');
    sleepNs(tHi * 4294967296 + tLo);
    I[d] = 2; I[d + 1] = 0; // "timed-out"
    return;
  }
  if (width === 8) { access64(I, v, op, ea, d, a, b); return; }
  const old = width === 1 ? v.getUint8(ea) : width === 2 ? v.getUint16(ea, true) : v.getUint32(ea, true);
  if (op === AtomicOp.LOAD) { I[d] = old; I[d + 1] = 0; return; }
  const x = narrow(I[a], width);
  let next: number;
  switch (op) {
    case AtomicOp.STORE: case AtomicOp.XCHG: next = x; break;
    case AtomicOp.ADD: next = old + x; break;
    case AtomicOp.SUB: next = old - x; break;
    case AtomicOp.AND: next = old & x; break;
    case AtomicOp.OR: next = old | x; break;
    case AtomicOp.XOR: next = old ^ x; break;
    default: // CMPXCHG: the expected value is wrapped to the access width before comparing.
      next = old === x ? I[b] : old;
  }
  if (width === 1) v.setUint8(ea, next & 0xff);
  else if (width === 2) v.setUint16(ea, next & 0xffff, true);
  else v.setInt32(ea, next | 0, true);
  if (op !== AtomicOp.STORE) { I[d] = old | 0; I[d + 1] = 0; }
}

/** 64-bit accesses on (low, high) word pairs, without BigInt. */
function access64(I: Int32Array, v: DataView, op: number, ea: number, d: number, a: number, b: number): void {
  const oLo = v.getInt32(ea, true), oHi = v.getInt32(ea + 4, true);
  if (op === AtomicOp.LOAD) { I[d] = oLo; I[d + 1] = oHi; return; }
  const xLo = I[a], xHi = I[a + 1];
  let nLo: number, nHi: number;
  switch (op) {
    case AtomicOp.STORE: case AtomicOp.XCHG: nLo = xLo; nHi = xHi; break;
    case AtomicOp.ADD: {
      const lo = (oLo >>> 0) + (xLo >>> 0);
      nLo = lo | 0; nHi = (oHi + xHi + (lo > 0xffffffff ? 1 : 0)) | 0;
      break;
    }
    case AtomicOp.SUB: {
      nLo = (oLo - xLo) | 0;
      nHi = (oHi - xHi - ((oLo >>> 0) < (xLo >>> 0) ? 1 : 0)) | 0;
      break;
    }
    case AtomicOp.AND: nLo = oLo & xLo; nHi = oHi & xHi; break;
    case AtomicOp.OR: nLo = oLo | xLo; nHi = oHi | xHi; break;
    case AtomicOp.XOR: nLo = oLo ^ xLo; nHi = oHi ^ xHi; break;
    default: {
      const eq = oLo === xLo && oHi === xHi;
      nLo = eq ? I[b] : oLo; nHi = eq ? I[b + 1] : oHi;
    }
  }
  v.setInt32(ea, nLo, true);
  v.setInt32(ea + 4, nHi, true);
  if (op !== AtomicOp.STORE) { I[d] = oLo; I[d + 1] = oHi; }
}
