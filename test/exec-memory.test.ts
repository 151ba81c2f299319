// Interpreter: memory and table instructions — bounds (incl. offset overflow), growth,
// bulk operations, multiple and 64-bit memories, reference tables.

import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { wat2wasm, WebAssembly as W } from '../src/index.js';
import { MemoryInst } from '../src/exec/memory.js';

type Fn = (...a: unknown[]) => unknown;
const inst = (wat: string, imports: unknown = {}) => new W.Instance(new W.Module(wat2wasm(wat)), imports).exports as Record<string, Fn>;

describe('loads and stores', () => {
  const e = inst(`(module (memory (export "mem") 1 3)
    (func (export "ld") (param i32) (result i32) (i32.load offset=4 (local.get 0)))
    (func (export "ld_big_off") (param i32) (result i32) (i32.load offset=0xffffffff (local.get 0)))
    (func (export "st16") (param i32 i32) (i32.store16 (local.get 0) (local.get 1)))
    (func (export "ld8s") (param i32) (result i64) (i64.load8_s (local.get 0)))
    (func (export "ld32u") (param i32) (result i64) (i64.load32_u (local.get 0)))
    (func (export "st64") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
    (func (export "ld64") (param i32) (result i64) (i64.load (local.get 0)))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "size") (result i32) (memory.size))
    (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
    (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2))))`);

  it('checks bounds on every access, including offset overflow', () => {
    expect(e.ld(65532 - 4)).toBe(0);
    expect(() => e.ld(65532 - 3)).toThrow('out of bounds memory access');
    expect(() => e.ld(-1)).toThrow('out of bounds memory access');
    expect(() => e.ld_big_off(1)).toThrow('out of bounds memory access');
    expect(() => e.st64(65529, 1n)).toThrow('out of bounds memory access');
  });
  it('round-trips i64 at aligned and unaligned addresses, and extends narrow loads', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 65528 }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (a, v) => {
      e.st64(a, v);
      expect(e.ld64(a)).toBe(v);
    }));
    e.st16(100, 0xff80);
    expect(e.ld8s(100)).toBe(-128n);
    e.st64(200, -1n);
    expect(e.ld32u(200)).toBe(0xffffffffn);
  });
  it('grows up to the maximum, then returns -1; accesses see the new pages', () => {
    expect(e.size()).toBe(1);
    expect(e.grow(1)).toBe(1);
    expect(e.ld(65536)).toBe(0);
    expect(e.grow(2)).toBe(-1);
    expect(e.grow(1)).toBe(2);
    expect(e.size()).toBe(3);
  });
  it('fill and copy (overlapping) match a byte-array model', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat(300), fc.nat(300), fc.nat(100)), { maxLength: 20 }), (ops) => {
      const model = new Uint8Array(512);
      e.fill(0, 0, 512);
      for (const [isFill, a, b, n] of ops) {
        if (isFill) { e.fill(a, b & 255, n); model.fill(b & 255, a, a + n); }
        else { e.copy(a, b, n); model.copyWithin(a, b, b + n); }
      }
      const wasm = new Uint8Array((e.mem as unknown as W.Memory).buffer, 0, 512);
      expect(Buffer.from(wasm).equals(Buffer.from(model))).toBe(true);
    }));
    expect(() => e.fill(65536 * 3 - 1, 0, 2)).toThrow('out of bounds memory access');
    expect(() => e.copy(0, 65536 * 3, 1)).toThrow('out of bounds memory access');
    expect(() => e.copy(0, 65536 * 3, 0)).not.toThrow();
  });
});

describe('memory limits', () => {
  it('fails growth beyond the engine cap with -1', () => {
    const m = new MemoryInst({ address: 'i32', limits: { min: 1, max: null }, shared: false }, 4 * 65536);
    expect(m.grow(3)).toBe(1);
    expect(m.grow(1)).toBe(-1);
    expect(m.size()).toBe(4);
  });
  it('applies the instance option maxMemoryBytes to defined memories', () => {
    const i = new W.Instance(new W.Module(wat2wasm(`(module (memory 1)
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`)), {}, { maxMemoryBytes: 2 * 65536 });
    const grow = i.exports.grow as (n: number) => number;
    expect(grow(1)).toBe(1);
    expect(grow(1)).toBe(-1);
  });
});

describe('64-bit and multiple memories', () => {
  const e = inst(`(module (memory $a i64 1) (memory $b 1)
    (func (export "st") (param i64 i32) (i32.store $a (local.get 0) (local.get 1)))
    (func (export "ld") (param i64) (result i32) (i32.load $a (local.get 0)))
    (func (export "size") (result i64) (memory.size $a))
    (func (export "grow") (param i64) (result i64) (memory.grow $a (local.get 0)))
    (func (export "cp") (param i32) (result i32)
      (memory.copy $b $a (i32.const 0) (i64.const 0) (i32.const 4)) (i32.load $b (local.get 0))))`);
  it('addresses with i64 and rejects addresses over 4 GiB', () => {
    e.st(8n, 77);
    expect(e.ld(8n)).toBe(77);
    expect(() => e.ld(2n ** 32n + 8n)).toThrow('out of bounds memory access');
    expect(e.size()).toBe(1n);
    expect(e.grow(2n ** 40n)).toBe(-1n);
    e.st(0n, 0x01020304);
    expect(e.cp(0)).toBe(0x01020304);
  });
});

describe('tables', () => {
  const e = inst(`(module (table $t 2 10 externref)
    (func (export "get") (param i32) (result externref) (table.get $t (local.get 0)))
    (func (export "set") (param i32 externref) (table.set $t (local.get 0) (local.get 1)))
    (func (export "grow") (param externref i32) (result i32) (table.grow $t (local.get 0) (local.get 1)))
    (func (export "size") (result i32) (table.size $t))
    (func (export "fill") (param i32 externref i32) (table.fill $t (local.get 0) (local.get 1) (local.get 2))))`);
  it('get/set/grow/fill with bounds checks', () => {
    const a = { a: 1 };
    e.set(1, a);
    expect(e.get(1)).toBe(a);
    expect(() => e.get(2)).toThrow('out of bounds table access');
    expect(e.grow('x', 3)).toBe(2);
    expect(e.get(4)).toBe('x');
    expect(e.grow(null, 100)).toBe(-1);
    e.fill(0, a, 5);
    expect(e.get(4)).toBe(a);
    expect(() => e.fill(4, a, 2)).toThrow('out of bounds table access');
    expect(e.size()).toBe(5);
  });
});
