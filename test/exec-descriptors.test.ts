// Custom-descriptors proposal: exact reference types and descriptor clauses
// through text, binary and printer; their validation rules; and at run time,
// allocation with a descriptor, ref.get_desc, descriptor-identity casts, exact
// casts and exact function imports.

import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseWat, wat2wasm, WebAssembly as W } from '../src/index.js';
import { printModule } from '../src/text/print.js';
import { decodeModule } from '../src/binary/decode.js';
import { encodeModule } from '../src/binary/encode.js';

type Fn = (...a: unknown[]) => unknown;
const inst = (wat: string, imports: Record<string, Record<string, unknown>> = {}) =>
  new W.Instance(new W.Module(wat2wasm(wat)), imports).exports as Record<string, Fn>;
const invalid = (wat: string) => () => new W.Module(wat2wasm(wat));

const TYPES = `(rec
    (type $a (sub (descriptor $b) (struct (field i32))))
    (type $b (sub (describes $a) (struct (field i64))))
    (type $c (sub $a (descriptor $d) (struct (field i32))))
    (type $d (sub $b (describes $c) (struct (field i64)))))`;

describe('syntax', () => {
  const src = `(module ${TYPES}
    (type $f (func (param (ref null (exact $a))) (result (ref (exact $b)))))
    (import "m" "g" (func $g (exact (type $f))))
    (global (ref null (exact $b)) (ref.null (exact $b)))
    (func (param anyref (ref null $b)) (result (ref null (exact $a)))
      (drop (ref.test (ref (exact $c)) (local.get 0)))
      (ref.cast_desc_eq (ref null (exact $a)) (local.get 0) (ref.cast (ref null (exact $b)) (local.get 1)))))`;

  it('binary encoding round-trips and is canonical', () => {
    const bytes = wat2wasm(src);
    const m = decodeModule(bytes, { eagerBodies: true });
    expect(m.types[0]).toMatchObject({ descriptor: 1, final: false });
    expect(m.types[1]).toMatchObject({ describes: 0 });
    expect(m.imports[0]!.desc).toEqual({ kind: 'func', type: 4, exact: true });
    expect(m.globals[0]!.type.type).toEqual({ nullable: true, heap: 1, exact: true });
    expect(encodeModule(m)).toEqual(bytes);
  });

  it('the printer output parses back to the same module', () => {
    const bytes = wat2wasm(src);
    expect(wat2wasm(printModule(decodeModule(bytes, { eagerBodies: true })))).toEqual(bytes);
  });

  it('mutated binaries fail only with CompileError (never a JS TypeError/RangeError)', () => {
    const bytes = wat2wasm(src);
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat({ max: bytes.length - 1 }), fc.nat({ max: 255 })), { minLength: 1, maxLength: 3 }), (muts) => {
      const b = Uint8Array.from(bytes);
      for (const [at, v] of muts) b[at] = v;
      try {
        new W.Module(b);
      } catch (e) {
        expect((e as Error).name).toBe('CompileError');
      }
    }), { numRuns: 2000 });
  });

  it('rejects exact abstract types and misplaced clauses', () => {
    expect(() => parseWat('(module (type (struct (field (ref (exact any))))))')).toThrow('unexpected token');
    expect(() => parseWat('(module (rec (type $a (descriptor $b) (describes $b) (struct)) (type $b (describes $a) (struct))))'))
      .toThrow('unexpected token');
    // 0x62 twice is no heap type.
    const bad = Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 8, 1, 0x5f, 1, 0x64, 0x62, 0x62, 0, 0]);
    expect(() => decodeModule(bad)).toThrow('malformed');
  });
});

describe('validation', () => {
  it('checks descriptor pairs and their subtyping', () => {
    expect(invalid('(module (type (descriptor 1) (struct)) (type (describes 0) (struct)))'))
      .toThrow('descriptor type is outside rec group');
    expect(invalid('(module (rec (type (descriptor 1) (struct)) (type (struct))))'))
      .toThrow('type is not described by its descriptor');
    expect(invalid(`(module (rec (type $A (sub (descriptor $Ad) (struct))) (type $Ad (sub (describes $A) (struct)))
      (type $B (sub $A (descriptor $Bd) (struct))) (type $Bd (sub (describes $B) (struct)))))`))
      .toThrow('descriptor type 3 does not match');
  });
  it('allocation must match whether the type has a descriptor', () => {
    expect(invalid(`(module ${TYPES} (func (result anyref) (struct.new $a (i32.const 0))))`))
      .toThrow('type with descriptor requires descriptor allocation');
    expect(invalid('(module (type $s (struct)) (func (result anyref) (struct.new_default_desc $s (ref.null none))))'))
      .toThrow('type without descriptor requires non-descriptor allocation');
  });
  it('exact types admit only themselves and bottom', () => {
    expect(() => new W.Module(wat2wasm(`(module ${TYPES}
      (func (param (ref null (exact $c))) (result (ref null $a)) (local.get 0))
      (func (result (ref null (exact $a))) (ref.null none)))`))).not.toThrow();
    expect(invalid(`(module ${TYPES} (func (param (ref null (exact $c))) (result (ref null (exact $a))) (local.get 0)))`))
      .toThrow('type mismatch');
    expect(invalid(`(module ${TYPES} (func (param (ref null $a)) (result (ref null (exact $a))) (local.get 0)))`))
      .toThrow('type mismatch');
  });
});

describe('execution', () => {
  const e = inst(`(module ${TYPES}
    (global $d1 (ref (exact $b)) (struct.new $b (i64.const 10)))
    (global $d2 (ref (exact $b)) (struct.new $b (i64.const 20)))
    (func $pick (param i32) (result (ref (exact $b))) (select (result (ref (exact $b))) (global.get $d1) (global.get $d2) (local.get 0)))
    (func (export "new") (param i32 i32) (result anyref) (struct.new_desc $a (local.get 0) (call $pick (local.get 1))))
    (func (export "newNull") (result anyref) (struct.new_default_desc $a (ref.null none)))
    (func (export "descField") (param anyref) (result i64)
      (struct.get $b 0 (ref.get_desc $a (ref.cast (ref $a) (local.get 0)))))
    (func (export "castEq") (param anyref i32) (result i32)
      (struct.get $a 0 (ref.cast_desc_eq (ref $a) (local.get 0) (call $pick (local.get 1)))))
    (func (export "brEq") (param anyref i32) (result i32)
      (block $yes (result (ref $a))
        (br_on_cast_desc_eq $yes anyref (ref $a) (local.get 0) (call $pick (local.get 1)))
        (return (i32.const -1)))
      (struct.get $a 0))
    (func (export "exactA") (param anyref) (result i32) (ref.test (ref (exact $a)) (local.get 0)))
    (func (export "newC") (result anyref) (struct.new_desc $c (i32.const 5) (struct.new $d (i64.const 30)))))`);

  it('keeps the descriptor an object was allocated with (law: get_desc(new_desc(v, d)) is d)', () => {
    fc.assert(fc.property(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 1 }), (v, which) => {
      const o = e.new!(v, which);
      expect(e.descField!(o)).toBe(which ? 10n : 20n);
      expect(e.castEq!(o, which)).toBe(v);
      expect(() => e.castEq!(o, 1 - which)).toThrow('descriptor cast failure');
      expect(e.brEq!(o, which)).toBe(v);
      expect(e.brEq!(o, 1 - which)).toBe(-1);
    }), { numRuns: 50 });
  });
  it('traps on a null descriptor, also when the cast value is null', () => {
    expect(() => e.newNull!()).toThrow('null descriptor reference');
    expect(() => e.descField!(null)).toThrow('cast failure');
    expect(() => e.castEq!(null, 0)).toThrow('descriptor cast failure');
  });
  it('exact casts reject subtypes', () => {
    expect(e.exactA!(e.new!(1, 1))).toBe(1);
    expect(e.exactA!(e.newC!())).toBe(0);
    expect(e.descField!(e.newC!())).toBe(30n);
  });
  it('exact function imports must have exactly the declared type', () => {
    const lib = inst(`(module (type $super (sub (func))) (type $sub (sub $super (func)))
      (func (export "f") (type $sub)) (func (export "g") (type $super)))`);
    const importer = `(module (type $super (sub (func))) (type $sub (sub $super (func)))
      (import "lib" "h" (func (exact (type $super)))))`;
    expect(() => inst(importer, { lib: { h: lib.g } })).not.toThrow();
    expect(() => inst(importer, { lib: { h: lib.f } })).toThrow('incompatible import type');
  });
});
