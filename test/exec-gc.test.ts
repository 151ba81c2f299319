// Interpreter: GC structs and arrays, i31, casts, and extern/any conversions.

import { describe, it, expect } from 'vitest';
import { wat2wasm, WebAssembly as W, invokeExport, refKind } from '../src/index.js';

type Fn = (...a: unknown[]) => unknown;
const mk = (wat: string) => new W.Instance(new W.Module(wat2wasm(wat)), {});

const SRC = `(module
  (type $pt (sub (struct (field $x (mut i32)) (field $y i64) (field $tag (mut i8)))))
  (type $pt3 (sub $pt (struct (field $x (mut i32)) (field $y i64) (field $tag (mut i8)) (field $z f64))))
  (type $bytes (array (mut i8)))
  (type $refs (array (mut (ref null $pt))))
  (data $d "\\01\\02\\ff")
  (global $g (ref $pt) (struct.new $pt (i32.const 1) (i64.const 2) (i32.const 3)))
  (func (export "sum") (param i32) (result i64)
    (local $p (ref $pt))
    (local.set $p (struct.new $pt (local.get 0) (i64.const 40) (i32.const 0x1ff)))
    (struct.set $pt $x (local.get $p) (i32.add (struct.get $pt $x (local.get $p)) (i32.const 1)))
    (i64.add (i64.extend_i32_s (struct.get $pt $x (local.get $p)))
      (i64.add (struct.get $pt $y (local.get $p)) (i64.extend_i32_u (struct.get_u $pt $tag (local.get $p))))))
  (func (export "tag_s") (result i32) (struct.get_s $pt $tag (struct.new $pt (i32.const 0) (i64.const 0) (i32.const 0xff))))
  (func (export "global_x") (result i32) (struct.get $pt $x (global.get $g)))
  (func (export "null_get") (result i32) (struct.get $pt $x (ref.null $pt)))
  (func (export "data") (param i32) (result i32) (array.get_s $bytes (array.new_data $bytes $d (i32.const 0) (i32.const 3)) (local.get 0)))
  (func (export "arr") (param i32) (result i32)
    (local $a (ref $bytes))
    (local.set $a (array.new $bytes (i32.const 7) (i32.const 4)))
    (array.fill $bytes (local.get $a) (i32.const 1) (i32.const 9) (i32.const 2))
    (array.copy $bytes $bytes (local.get $a) (i32.const 0) (local.get $a) (i32.const 1) (i32.const 3))
    (i32.add (array.len (local.get $a)) (i32.mul (i32.const 100) (array.get_u $bytes (local.get $a) (local.get 0)))))
  (func (export "test_sub") (param i32) (result i32)
    (local $r (ref null $pt))
    (if (local.get 0) (then (local.set $r (struct.new $pt3 (i32.const 0) (i64.const 0) (i32.const 0) (f64.const 0))))
      (else (local.set $r (struct.new_default $pt))))
    (i32.add (ref.test (ref $pt3) (local.get $r)) (i32.mul (i32.const 10) (ref.test (ref $pt) (local.get $r)))))
  (func (export "cast") (param i32) (result i32)
    (struct.get $pt3 $x (ref.cast (ref $pt3) (if (result (ref $pt)) (local.get 0)
      (then (struct.new $pt3 (i32.const 5) (i64.const 0) (i32.const 0) (f64.const 0))) (else (struct.new_default $pt))))))
  (func (export "i31") (param i32) (result i32 i32) (i31.get_s (ref.i31 (local.get 0))) (i31.get_u (ref.i31 (local.get 0))))
  (func (export "i31_eq") (param i32 i32) (result i32) (ref.eq (ref.i31 (local.get 0)) (ref.i31 (local.get 1))))
  (func (export "br_on_cast") (param anyref) (result i32)
    (block $is_i31 (result (ref i31))
      (br_on_cast $is_i31 anyref (ref i31) (local.get 0))
      (drop) (return (i32.const -1)))
    (i31.get_s))
  (func (export "roundtrip") (param externref) (result externref) (extern.convert_any (any.convert_extern (local.get 0))))
  (func (export "make_i31") (result anyref) (ref.i31 (i32.const 5)))
)`;

describe('GC', () => {
  const i = mk(SRC);
  const e = i.exports as Record<string, Fn>;
  it('structs: new/get/set, packed fields, globals', () => {
    expect(e.sum(1)).toBe(2n + 40n + 0xffn);
    expect(e.tag_s()).toBe(-1);
    expect(e.global_x()).toBe(1);
    expect(() => e.null_get()).toThrow('null structure reference');
  });
  it('arrays: new_data, fill, copy, len, bounds', () => {
    expect(e.data(2)).toBe(-1);
    expect(() => e.data(3)).toThrow('out of bounds array access');
    // [7,7,7,7] -> fill [7,9,9,7] -> copy(0 <- 1..3) [9,9,7,7]
    expect(e.arr(0)).toBe(904);
    expect(e.arr(2)).toBe(704);
  });
  it('ref.test / ref.cast follow declared subtyping', () => {
    expect(e.test_sub(1)).toBe(11);
    expect(e.test_sub(0)).toBe(10);
    expect(e.cast(1)).toBe(5);
    expect(() => e.cast(0)).toThrow('cast failure');
  });
  it('i31 references sign/zero-extend and compare by value', () => {
    expect(e.i31(-1)).toEqual([-1, 0x7fffffff]);
    expect(e.i31(0x40000000)).toEqual([-0x40000000, 0x40000000]);
    expect(e.i31_eq(3, 3)).toBe(1);
    expect(e.i31_eq(3, 4)).toBe(0);
    expect(e.br_on_cast(e.make_i31())).toBe(5);
    expect(e.br_on_cast(null)).toBe(-1);
  });
  it('extern/any conversions round-trip host references', () => {
    const o = { host: true };
    expect(e.roundtrip(o)).toBe(o);
    const [r] = invokeExport(i, 'make_i31', []);
    expect(r.type === 'ref' && refKind(r.ref)).toBe('i31');
  });
});
