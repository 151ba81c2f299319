// Threads proposal, single-threaded: atomic accesses behave as plain accesses
// (checked against a BigInt model), trap when unaligned, and wait/notify give
// the results a lone thread can observe.

import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { wat2wasm, WebAssembly as W } from '../src/index.js';
import { decodeModule } from '../src/binary/decode.js';
import { encodeModule } from '../src/binary/encode.js';
import { CompileError } from '../src/errors.js';
import { opcode } from '../src/binary/opcodes.js';

type Fn = (...a: unknown[]) => unknown;
const inst = (wat: string) => new W.Instance(new W.Module(wat2wasm(wat)), {}).exports as Record<string, Fn>;

const RMW = ['add', 'sub', 'and', 'or', 'xor', 'xchg'] as const;
/** Access shapes: text prefix, value type, width in bits. */
const SHAPES: [string, 'i32' | 'i64', number][] = [
  ['i32.atomic.rmw', 'i32', 32], ['i32.atomic.rmw8', 'i32', 8], ['i32.atomic.rmw16', 'i32', 16],
  ['i64.atomic.rmw', 'i64', 64], ['i64.atomic.rmw8', 'i64', 8], ['i64.atomic.rmw16', 'i64', 16],
  ['i64.atomic.rmw32', 'i64', 32],
];
const opName = (prefix: string, bits: number, t: string, rmw: string) =>
  `${prefix}.${rmw}${bits < (t === 'i32' ? 32 : 64) ? '_u' : ''}`;

// One module with an rmw export per (shape, operator), plus cmpxchg, a raw 64-bit
// store/load to set up and inspect memory, and the wait/notify instructions.
const funcs: string[] = [];
for (const [prefix, t, bits] of SHAPES) {
  for (const rmw of [...RMW, 'cmpxchg']) {
    const name = opName(prefix, bits, t, rmw);
    const params = rmw === 'cmpxchg' ? `(param i32 ${t} ${t})` : `(param i32 ${t})`;
    const args = rmw === 'cmpxchg' ? '(local.get 0) (local.get 1) (local.get 2)' : '(local.get 0) (local.get 1)';
    funcs.push(`(func (export "${name}") ${params} (result ${t}) (${name} ${args}))`);
  }
}
const e = inst(`(module (memory 1 1 shared)
  (func (export "set") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
  (func (export "get") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "ld32") (param i32) (result i32) (i32.atomic.load (local.get 0)))
  (func (export "ld8") (param i32) (result i64) (i64.atomic.load8_u offset=1 (local.get 0)))
  (func (export "st16") (param i32 i32) (i32.atomic.store16 (local.get 0) (local.get 1)))
  (func (export "notify") (param i32 i32) (result i32) (memory.atomic.notify (local.get 0) (local.get 1)))
  (func (export "wait32") (param i32 i32 i64) (result i32) (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "wait64") (param i32 i64 i64) (result i32) (memory.atomic.wait64 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "fence") (result i32) (atomic.fence) (i32.const 7))
  ${funcs.join('\n  ')})`);

const u64 = (v: bigint) => BigInt.asUintN(64, v);
const i64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });

function model(rmw: string, old: bigint, x: bigint, mask: bigint): bigint {
  switch (rmw) {
    case 'add': return (old + x) & mask;
    case 'sub': return (old - x) & mask;
    case 'and': return old & x;
    case 'or': return old | x;
    case 'xor': return old ^ x;
    default: return x & mask;
  }
}

describe('atomic read-modify-write', () => {
  for (const [prefix, t, bits] of SHAPES) {
    const mask = (1n << BigInt(bits)) - 1n;
    const toJs = (v: bigint) => (t === 'i32' ? Number(BigInt.asIntN(32, v)) : BigInt.asIntN(64, v));
    const fromJs = (v: unknown) => u64(BigInt(v as number | bigint)) & mask;
    for (const rmw of RMW) {
      const name = opName(prefix, bits, t, rmw);
      it(`${name} returns the old value and stores the model's result`, () => {
        fc.assert(fc.property(i64, i64, fc.integer({ min: 0, max: 7 }), (mem, operand, slot) => {
          const at = slot * 8;
          e.set!(at, mem);
          const old = u64(mem) & mask;
          const x = u64(operand) & mask;
          expect(fromJs(e[name]!(at, toJs(u64(operand))))).toBe(old);
          // Bytes beyond the access width are untouched.
          const expected = (u64(mem) & ~mask) | model(rmw, old, x, mask);
          expect(u64(e.get!(at) as bigint)).toBe(expected);
        }), { numRuns: 60 });
      });
    }
    const cmp = opName(prefix, bits, t, 'cmpxchg');
    it(`${cmp} replaces only when the (wrapped) expected value matches`, () => {
      fc.assert(fc.property(i64, i64, fc.boolean(), (mem, repl, hit) => {
        e.set!(0, mem);
        const old = u64(mem) & mask;
        // A hit passes the old value with junk above the width, which must be ignored.
        const expected = hit ? (old | (~mask & u64(0x5a5a5a5a5a5a5a5an))) : (old ^ 1n);
        expect(fromJs(e[cmp]!(0, toJs(expected), toJs(u64(repl))))).toBe(old);
        const after = u64(e.get!(0) as bigint);
        expect(after).toBe(hit ? (u64(mem) & ~mask) | (u64(repl) & mask) : u64(mem));
      }), { numRuns: 60 });
    });
  }
});

describe('atomic loads, stores and traps', () => {
  it('loads and stores narrow values zero-extended', () => {
    e.set!(0, 0x0807060504030201n);
    expect(e.ld32!(4)).toBe(0x08070605);
    expect(e.ld8!(2)).toBe(0x04n);
    e.st16!(2, 0x1234abcd);
    expect(e.get!(0)).toBe(0x08070605abcd0201n);
  });
  it('traps on unaligned effective addresses before bounds', () => {
    expect(() => e.ld32!(2)).toThrow('unaligned atomic');
    expect(() => e['i64.atomic.rmw.add']!(4, 1n)).toThrow('unaligned atomic');
    expect(() => e['i32.atomic.rmw16.xchg_u']!(65535, 1)).toThrow('unaligned atomic');
    expect(() => e.ld32!(65536)).toThrow('out of bounds memory access');
    expect(() => e['i64.atomic.rmw.add']!(65536 - 8, 1n)).not.toThrow();
    expect(() => e['i64.atomic.rmw.add']!(65536, 1n)).toThrow('out of bounds memory access');
  });
  it('wait returns not-equal (1) or times out (2); notify wakes no one; fence is a no-op', () => {
    e.set!(0, 5n);
    expect(e.wait32!(0, 4, 0n)).toBe(1);
    expect(e.wait32!(0, 5, 0n)).toBe(2);
    expect(e.wait64!(0, 5n, 1000n)).toBe(2);
    expect(e.wait64!(0, 5n + (1n << 32n), 0n)).toBe(1);
    expect(() => e.wait32!(0, 5, -1n)).toThrow('no other thread can notify');
    expect(() => e.wait32!(2, 5, 0n)).toThrow('unaligned atomic');
    expect(e.notify!(0, 10)).toBe(0);
    expect(e.fence!()).toBe(7);
  });
  it('wait on an unshared memory traps', () => {
    const u = inst(`(module (memory 1)
      (func (export "w") (result i32) (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 0))))`);
    expect(() => u.w!()).toThrow('expected shared memory');
  });
  it('uses the full offset on 64-bit memories', () => {
    const m = inst(`(module (memory i64 1)
      (func (export "ld") (param i64) (result i32) (i32.atomic.load offset=4 (local.get 0)))
      (func (export "ldfar") (param i64) (result i32) (i32.atomic.load offset=0x100000000 (local.get 0))))`);
    expect(m.ld!(0n)).toBe(0);
    expect(() => m.ld!(2n)).toThrow('unaligned atomic');
    expect(() => m.ldfar!(0n)).toThrow('out of bounds memory access');
    // Beyond 2^53 a double loses the low bits: alignment is still judged exactly.
    expect(() => m.ld!((1n << 60n) + 1n)).toThrow('unaligned atomic');
    expect(() => m.ld!(1n << 60n)).toThrow('out of bounds memory access');
  });
});

describe('atomic encoding', () => {
  const fence = opcode('atomic.fence');
  it('atomic.fence carries a zero byte that round-trips and must be zero', () => {
    const bytes = wat2wasm('(module (func (atomic.fence)))');
    const at = bytes.findIndex((b, i) => b === 0xfe && bytes[i + 1] === 0x03);
    expect(at).toBeGreaterThan(0);
    expect(bytes[at + 2]).toBe(0x00);
    const m = decodeModule(bytes, { eagerBodies: true });
    expect(m.funcs[0]!.body.map((i) => i.op)).toEqual([fence, 0x0b]);
    expect(encodeModule(m)).toEqual(bytes);
    const bad = Uint8Array.from(bytes);
    bad[at + 2] = 0x01;
    expect(() => decodeModule(bad)).toThrow(CompileError);
    expect(() => decodeModule(bad)).toThrow('zero byte expected');
  });
  it('requires exactly natural alignment', () => {
    expect(() => new W.Module(wat2wasm('(module (memory 1) (func (drop (i32.atomic.load align=2 (i32.const 0)))))')))
      .toThrow('alignment must be exactly natural');
    expect(() => new W.Module(wat2wasm('(module (memory 1) (func (drop (i64.atomic.rmw16.add_u align=1 (i32.const 0) (i64.const 0)))))')))
      .toThrow('alignment must be exactly natural');
  });
});
