// Test support: builds a tiny wasm module by hand (no dependency on the project's
// encoder) with one exported function per instruction under test, and runs it on
// Node's native WebAssembly as the reference implementation.
//
// Every function has type [] -> [] and moves values only through memory, so no
// value crosses the JS boundary (where NaN payloads could be canonicalised):
// operand i is loaded from byte 16*i, the result is stored at byte 64.

import { opcode } from '../src/binary/opcodes.js';

export type NumType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128';

export interface NativeOp {
  /** Export name (usually the instruction name). */
  name: string;
  params: NumType[];
  result: NumType;
  /** Instruction text name (looked up in the opcode table). */
  instr: string;
  /** Extra immediate bytes after the opcode (lane index, shuffle lanes). */
  imm?: number[];
}

export const RESULT_AT = 64;
export const SIZE: Record<NumType, number> = { i32: 4, i64: 8, f32: 4, f64: 8, v128: 16 };

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function instrBytes(name: string): number[] {
  const code = opcode(name);
  return code < 0x100 ? [code] : [code >> 12, ...uleb(code & 0xfff)];
}

const LOAD: Record<NumType, string> = { i32: 'i32.load', i64: 'i64.load', f32: 'f32.load', f64: 'f64.load', v128: 'v128.load' };
const STORE: Record<NumType, string> = { i32: 'i32.store', i64: 'i64.store', f32: 'f32.store', f64: 'f64.store', v128: 'v128.store' };

function str(s: string): number[] {
  const b = [...new TextEncoder().encode(s)];
  return [...uleb(b.length), ...b];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

export function buildModule(ops: NativeOp[]): Uint8Array<ArrayBuffer> {
  const types = section(1, vec([[0x60, 0, 0]]));
  const funcs = section(3, vec(ops.map(() => [0])));
  const mem = section(5, vec([[0, 1]]));
  const exports = section(7, vec([
    [...str('mem'), 2, 0],
    ...ops.map((o, i) => [...str(o.name), 0, ...uleb(i)]),
  ]));
  const bodies = ops.map((o) => {
    const code: number[] = [0x41, ...sleb(RESULT_AT)];
    o.params.forEach((t, i) => code.push(0x41, ...sleb(16 * i), ...instrBytes(LOAD[t]), 0, 0));
    code.push(...instrBytes(o.instr), ...(o.imm ?? []));
    code.push(...instrBytes(STORE[o.result]), 0, 0, 0x0b);
    const body = [0, ...code]; // no locals
    return [...uleb(body.length), ...body];
  });
  const code = section(10, vec(bodies));
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...types, ...funcs, ...mem, ...exports, ...code]);
}

export interface NativeRunner {
  /** Raw memory bytes of the native instance. */
  mem: Uint8Array;
  /** Write operand bytes, run `name`; returns the result bytes, or the trap message. */
  run(name: string, operands: Uint8Array[]): Uint8Array | { trap: string };
}

export function nativeRunner(ops: NativeOp[]): NativeRunner {
  const inst = new WebAssembly.Instance(new WebAssembly.Module(buildModule(ops)), {});
  const mem = new Uint8Array((inst.exports.mem as WebAssembly.Memory).buffer);
  const byName = new Map(ops.map((o) => [o.name, o]));
  return {
    mem,
    run(name, operands) {
      const o = byName.get(name)!;
      operands.forEach((b, i) => mem.set(b, 16 * i));
      try {
        (inst.exports[name] as () => void)();
      } catch (e) {
        if (e instanceof WebAssembly.RuntimeError) return { trap: e.message };
        throw e;
      }
      return mem.slice(RESULT_AT, RESULT_AT + SIZE[o.result]);
    },
  };
}

// ---- bit helpers shared by the numeric tests ----

const cbuf = new ArrayBuffer(8);
const cF32 = new Float32Array(cbuf);
const cF64 = new Float64Array(cbuf);
const cU32 = new Uint32Array(cbuf);
const cU8 = new Uint8Array(cbuf);

export function f32FromBits(bits: number): number { cU32[0] = bits; return cF32[0]!; }
export function f32Bits(x: number): number { cF32[0] = x; return cU32[0]!; }
export function f64FromBits(bits: bigint): number {
  cU32[0] = Number(bits & 0xffffffffn); cU32[1] = Number(bits >> 32n); return cF64[0]!;
}
export function f64Bits(x: number): bigint { cF64[0] = x; return (BigInt(cU32[1]!) << 32n) | BigInt(cU32[0]!); }

/** Little-endian bytes of a 32-bit or 64-bit pattern. */
export function bytes32(bits: number): Uint8Array { cU32[0] = bits; return cU8.slice(0, 4); }
export function bytes64(bits: bigint): Uint8Array {
  const u = BigInt.asUintN(64, bits);
  cU32[0] = Number(u & 0xffffffffn); cU32[1] = Number(u >> 32n); return cU8.slice(0, 8);
}
export function readU32(b: Uint8Array, at = 0): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}
export function readU64(b: Uint8Array, at = 0): bigint {
  return (BigInt(readU32(b, at + 4)) << 32n) | BigInt(readU32(b, at));
}

// NaN classes, for comparing results the spec leaves partly open.
export function isNaN32(bits: number): boolean { return (bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0; }
export function isCanonical32(bits: number): boolean { return (bits & 0x7fffffff) === 0x7fc00000; }
export function isArithmetic32(bits: number): boolean { return isNaN32(bits) && (bits & 0x400000) !== 0; }
export function isNaN64(bits: bigint): boolean {
  return (bits & 0x7ff0000000000000n) === 0x7ff0000000000000n && (bits & 0xfffffffffffffn) !== 0n;
}
export function isCanonical64(bits: bigint): boolean { return (bits & 0x7fffffffffffffffn) === 0x7ff8000000000000n; }
export function isArithmetic64(bits: bigint): boolean { return isNaN64(bits) && (bits & 0x8000000000000n) !== 0n; }

/**
 * Whether `ours` is an acceptable result where native produced `native`:
 * exact bits for non-NaN results; for NaN results, ours must be an arithmetic
 * NaN, canonical when every NaN operand was canonical (`nanInputsCanonical`).
 */
export function sameF32(ours: number, native: number, nanInputsCanonical: boolean): boolean {
  if (!isNaN32(native)) return ours === native;
  if (!isArithmetic32(ours)) return false;
  return nanInputsCanonical ? isCanonical32(ours) : true;
}
export function sameF64(ours: bigint, native: bigint, nanInputsCanonical: boolean): boolean {
  if (!isNaN64(native)) return ours === native;
  if (!isArithmetic64(ours)) return false;
  return nanInputsCanonical ? isCanonical64(ours) : true;
}
