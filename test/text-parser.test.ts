// WAT module parsing: unfolding, labels, index spaces, abbreviations, errors.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseWat, wat2wasm } from '../src/text/index.js';
import { TextError } from '../src/text/lexer.js';
import { decodeModule } from '../src/binary/decode.js';
import { OP_BY_CODE, Op } from '../src/binary/opcodes.js';
import type { Instr, Module } from '../src/ast.js';

/** Instruction names (with the main immediate) of function `i`'s body, for compact assertions. */
function ops(m: Module, i = 0): string[] {
  return m.funcs[i].body.map((ins: Instr) => {
    const name = OP_BY_CODE.get(ins.op)!.name;
    if (ins.value !== undefined && !(ins.value instanceof Uint8Array)) return `${name} ${ins.value}`;
    if (ins.idx !== undefined) return `${name} ${ins.idx}`;
    if (ins.labels) return `${name} ${ins.labels.join(' ')}`;
    return name;
  });
}

function reason(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TextError);
    return (e as TextError).reason;
  }
  throw new Error('expected a parse error');
}

describe('instructions', () => {
  it('unfold folded instructions in evaluation order', () => {
    const m = parseWat(`(module (func (param i32) (result i32)
      (i32.add (i32.mul (local.get 0) (i32.const 2)) (i32.const 3))))`);
    expect(ops(m)).toEqual(['local.get 0', 'i32.const 2', 'i32.mul', 'i32.const 3', 'i32.add', 'end']);
  });

  it('unfold if with condition, then and else; the condition is outside the label', () => {
    const m = parseWat(`(func $f (param $c i32) (result i32)
      (block $out (result i32)
        (if $l (result i32) (br_if $out (i32.const 9) (local.get $c))
          (then (br $l (i32.const 1)))
          (else (i32.const 2)))))`);
    expect(ops(m)).toEqual([
      'block', 'i32.const 9', 'local.get 0', 'br_if 0', 'if', 'i32.const 1', 'br 0', 'else', 'i32.const 2', 'end', 'end', 'end',
    ]);
    expect(m.funcs[0].body[4].blockType).toBe('i32');
  });

  it('resolves labels by name and depth, innermost first', () => {
    const m = parseWat(`(func block $a block $b loop $a br $a br $b br 2 br_table $a $b 0 end end end)`);
    expect(ops(m)).toEqual(['block', 'block', 'loop', 'br 0', 'br 1', 'br 2', 'br_table 0 1 0', 'end', 'end', 'end', 'end']);
  });

  it('checks trailing labels', () => {
    expect(reason(() => parseWat('(func block $a end $b)'))).toBe('mismatching label');
    expect(reason(() => parseWat('(func if $a else $b end)'))).toBe('mismatching label');
    expect(ops(parseWat('(func block $a end $a)'))).toEqual(['block', 'end', 'end']);
  });

  it('parses memory immediates with memory index, offset and align', () => {
    const m = parseWat(`(memory 1) (memory $m 1)
      (func (drop (i32.load $m offset=4 align=2 (i32.const 0))) (drop (i64.load8_u (i32.const 0)))
            (v128.store8_lane 1 offset=3 15 (i32.const 0) (v128.const i64x2 0 0))
            (drop (v128.load16_lane 7 (i32.const 0) (v128.const i64x2 0 0))))`);
    const b = m.funcs[0].body;
    expect(b[1].mem).toEqual({ memory: 1, offset: 4, align: 1 });
    expect(b[4].mem).toEqual({ memory: 0, offset: 0, align: 0 });
    const lane = b.find((i) => OP_BY_CODE.get(i.op)!.name === 'v128.store8_lane')!;
    expect(lane.mem).toEqual({ memory: 1, offset: 3, align: 0 });
    expect(lane.lane).toBe(15);
    const load = b.find((i) => OP_BY_CODE.get(i.op)!.name === 'v128.load16_lane')!;
    expect(load.mem!.memory).toBe(0);
    expect(load.lane).toBe(7);
    expect(reason(() => parseWat('(memory 1) (func (drop (i32.load align=3 (i32.const 0))))'))).toBe('alignment must be a power of two');
  });

  it('encodes v128 constants and shuffles little-endian', () => {
    const m = parseWat(`(func (drop (v128.const i16x8 1 -1 0x8000 3 4 5 6 7))
      (drop (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31 (v128.const f32x4 1 -0 inf nan) (v128.const f64x2 0.5 -0x1p-1074))))`);
    const [c1, , c2, c3, sh] = m.funcs[0].body;
    expect(Array.from(c1.value as Uint8Array).slice(0, 6)).toEqual([1, 0, 0xff, 0xff, 0, 0x80]);
    expect(Array.from(c2.value as Uint8Array)).toEqual([0, 0, 0x80, 0x3f, 0, 0, 0, 0x80, 0, 0, 0x80, 0x7f, 0, 0, 0xc0, 0x7f]);
    expect(new DataView((c3.value as Uint8Array).buffer).getBigUint64(8, true)).toBe(0x8000000000000001n);
    expect(Array.from(sh.lanes!).at(-1)).toBe(31);
  });

  it('parses GC, select and exception forms', () => {
    const m = parseWat(`(type $s (struct (field $x (mut i32)) (field $y i64)))
      (tag $e (param i32))
      (func (param $r (ref null $s)) (result i32)
        (drop (ref.test (ref null $s) (local.get 0)))
        (drop (ref.cast (ref $s) (local.get 0)))
        (drop (block $l (result (ref null any)) (br_on_cast $l (ref null any) (ref $s) (local.get 0)) ))
        (drop (select (result i32) (i32.const 1) (i32.const 2) (i32.const 3)))
        (block $h (result i32)
          (try_table (catch $e $h) (catch_all 0) (throw $e (i32.const 1))) (i32.const 0))
        (drop)
        (struct.get $s $y (local.get $r)) (drop)
        (i32.const 0))`);
    const names = m.funcs[0].body.map((i) => OP_BY_CODE.get(i.op)!.name);
    expect(names).toContain('ref.test_null');
    expect(names).toContain('ref.cast');
    expect(names).toContain('select_t');
    const cast = m.funcs[0].body.find((i) => i.op === OP_BY_CODE.get(0xfb018)?.code);
    expect(cast?.ref).toEqual({ nullable: true, heap: 'any' });
    expect(cast?.ref2).toEqual({ nullable: false, heap: 0 });
    const tt = m.funcs[0].body.find((i) => i.op === Op.try_table)!;
    expect(tt.catches).toEqual([{ kind: 'catch', tag: 0, label: 0 }, { kind: 'catch_all', label: 0 }]);
    const get = m.funcs[0].body.find((i) => OP_BY_CODE.get(i.op)!.name === 'struct.get')!;
    expect([get.idx, get.idx2]).toEqual([0, 1]);
    expect(m.names!.fields.get(0)).toEqual(new Map([[0, 'x'], [1, 'y']]));
  });

  it('parses legacy try/catch/delegate', () => {
    const m = parseWat(`(tag $e) (func
      (try $t (do (throw $e)) (catch $e (rethrow $t)) (catch_all))
      (block $b (try (do nop) (delegate $b)))
      try $u catch_all end)`);
    expect(ops(m)).toEqual(['try', 'throw 0', 'catch 0', 'rethrow 0', 'catch_all', 'end', 'block', 'try', 'nop', 'delegate 0', 'end',
      'try', 'catch_all', 'end', 'end']);
    expect(reason(() => parseWat('(tag $e) (func try catch_all catch $e end)'))).toBe('unexpected token');
    expect(reason(() => parseWat('(func (catch_all))'))).toBe('unexpected token');
  });
});

describe('module fields', () => {
  it('appends implicit function types after explicit ones, reusing matches', () => {
    const m = parseWat(`(func $f (result f64) (f64.const 0))
      (func $g (param i32))
      (func $h (result f64) (f64.const 1))
      (type $t (func (param i32)))
      (func (type $t) (param i32))`);
    expect(m.types.map((t) => t.comp)).toEqual([
      { kind: 'func', params: ['i32'], results: [] },
      { kind: 'func', params: [], results: ['f64'] },
    ]);
    expect(m.funcs.map((f) => f.type)).toEqual([1, 0, 1, 0]);
    expect(reason(() => parseWat('(type $t (func (param i32))) (func (type $t) (param i64))'))).toBe('inline function type');
  });

  it('numbers imports first and rejects imports after definitions', () => {
    const m = parseWat(`(import "a" "f" (func $imp (param i32)))
      (func $local) (func (export "e") (call $local) (call $imp (i32.const 0)))
      (global $g (import "a" "g") i32)`.replace('(global $g (import "a" "g") i32)', ''));
    expect(m.imports).toHaveLength(1);
    expect(ops(m, 1)).toEqual(['call 1', 'i32.const 0', 'call 0', 'end']);
    expect(m.exports).toEqual([{ name: 'e', kind: 'func', index: 2 }]);
    expect(reason(() => parseWat('(func) (import "" "" (func))'))).toBe('import after function');
    expect(reason(() => parseWat('(memory 0) (import "" "" (global i32))'))).toBe('import after memory');
    expect(reason(() => parseWat('(func $a) (func $a)'))).toBe('duplicate func');
    expect(reason(() => parseWat('(func (param $x i32) (local $x i32))'))).toBe('duplicate local');
  });

  it('expands memory data and table elem abbreviations', () => {
    const m = parseWat(`(memory $m (export "mem") (data "abc" "\\01\\u{2603}"))
      (func $f) (table $t funcref (elem $f $f 0))
      (table 2 (ref null func))
      (elem (table 1) (offset (i32.const 0)) funcref (item ref.func $f) (ref.null func))
      (elem declare func $f)
      (data (memory $m) (i32.const 8) "x")`);
    expect(m.memories[0].type.limits).toEqual({ min: 1, max: 1 });
    expect(Array.from(m.datas[0].bytes)).toEqual([0x61, 0x62, 0x63, 1, 0xe2, 0x98, 0x83]);
    expect(m.tables[0].type.limits).toEqual({ min: 3, max: 3 });
    expect(m.elems[0]).toMatchObject({ mode: 'active', table: 0, exprs: false });
    expect(m.elems[0].init).toHaveLength(3);
    expect(m.elems[1]).toMatchObject({ mode: 'active', table: 1, exprs: true, type: { nullable: true, heap: 'func' } });
    expect(m.elems[2]).toMatchObject({ mode: 'declarative', exprs: false });
    expect(m.datas[1]).toMatchObject({ mode: 'active', memory: 0 });
    expect(m.exports).toEqual([{ name: 'mem', kind: 'memory', index: 0 }]);
  });

  it('parses memory64, shared memory, table64 and rec groups', () => {
    const m = parseWat(`(memory i64 1 0x1_0000_0000) (memory 1 2 shared) (table i64 0 externref)
      (rec (type $a (sub (struct (field (ref null $b))))) (type $b (sub final $a (struct (field (ref null $b))))))`);
    expect(m.memories[0].type).toEqual({ address: 'i64', limits: { min: 1, max: 2 ** 32 }, shared: false });
    expect(m.memories[1].type.shared).toBe(true);
    expect(m.tables[0].type.address).toBe('i64');
    expect(m.recGroups).toEqual([2]);
    expect(m.types[1]).toMatchObject({ final: true, supers: [0] });
    expect(m.types[0]).toMatchObject({ final: false, supers: [] });
  });

  it('records $ids in the name section', () => {
    const m = parseWat(`(module $mod (type $t (func)) (func $f (type $t) (local $l i32)) (global $g i32 (i32.const 0))
      (memory $m 1) (table $tb 1 funcref) (tag $e) (elem $el func) (data $d ""))`);
    const n = m.names!;
    expect(n.module).toBe('mod');
    expect(n.funcs.get(0)).toBe('f');
    expect(n.locals.get(0)).toEqual(new Map([[0, 'l']]));
    expect([n.types.get(0), n.globals.get(0), n.memories.get(0), n.tables.get(0), n.tags.get(0), n.elems.get(0), n.datas.get(0)])
      .toEqual(['t', 'g', 'm', 'tb', 'e', 'el', 'd']);
  });

  it('reports malformed text with the suite wording and a position', () => {
    expect(reason(() => parseWat('(func (i32.const 0x100000000))'))).toBe('constant out of range');
    expect(reason(() => parseWat('(func (f32.const 1e39))'))).toBe('constant out of range');
    expect(reason(() => parseWat('(func (i32.add2))'))).toMatch(/^unknown operator/);
    expect(reason(() => parseWat('(func "a\\"x)'))).toBe('unclosed string');
    expect(reason(() => parseWat('(func (; x )'))).toBe('unclosed comment');
    expect(reason(() => parseWat('(data "\\u{d800}")'))).toBe('malformed UTF-8 encoding');
    expect(reason(() => parseWat('(func $)'))).toBe('empty identifier');
    expect(reason(() => parseWat('(@a'))).toBe('unclosed annotation');
    expect(reason(() => parseWat('(func (nop) (local i32))'))).toBe('unexpected token');
    expect(reason(() => parseWat('(start 0) (start 0) (func)'))).toBe('multiple start sections');
    expect(reason(() => parseWat('(func (v128.const i32x4 1 2 3))'))).toBe('wrong number of lane literals');
  });

  it('skips comments and annotations', () => {
    const m = parseWat(`(module ;; line
      (; block (; nested ;) ;) (@a "x" (y "z" ")") ) ;; )
      (func (@ann) (nop)))`);
    expect(ops(m)).toEqual(['nop', 'end']);
  });

  it('turns @custom annotations into custom sections placed by section', () => {
    const m = parseWat(`(module (type (func)) (@custom "a" "x" "y") (@custom "b" (before first) "") (func)
      (@custom "c" (after func) "") (@custom "d" (before global) "")
      (global i32 (i32.const 0)))`);
    expect(m.customs.map((c) => [c.name, c.after])).toEqual([['b', 0], ['c', 3], ['d', 3], ['a', 10]]);
    expect(Array.from(m.customs[3].data)).toEqual([0x78, 0x79]);
    const d = decodeModule(wat2wasm(`(module (func) (@custom "c" (after func) "z"))`));
    expect(d.customs.filter((c) => c.name === 'c').map((c) => c.after)).toEqual([3]);
    expect(reason(() => parseWat('(func (@custom "x"))'))).toBe('misplaced @custom annotation');
    expect(reason(() => parseWat('(@custom "x" (before types))'))).toBe('@custom annotation: malformed section kind');
  });

  it('turns branch hints into the metadata.code.branch_hint section with body offsets', () => {
    const m = parseWat(`(func $f (param i32) (local i64)
      local.get 0 (@metadata.code.branch_hint "\\01") if end
      (block (@metadata.code.branch_hint "\\00") (br_if 0 (local.get 0))))`);
    const hint = m.customs.find((c) => c.name === 'metadata.code.branch_hint')!;
    // Body: locals 01 01 7e; local.get 0 (2 bytes) → if at 5; if (2), end (1), block (2), local.get (2) → br_if at 12.
    expect(Array.from(hint.data)).toEqual([1, 0, 2, 5, 1, 1, 12, 1, 0]);
    expect(reason(() => parseWat('(global i32 (@metadata.code.branch_hint "\\01") (i32.const 0))'))).toMatch(/not in a function/);
    expect(reason(() => parseWat('(func (@metadata.code.branch_hint "\\02") (br_if 0 (i32.const 0)))'))).toMatch(/invalid hint value/);
  });

  it('takes names from @name annotations', () => {
    const m = parseWat(`(module $m (@name "Modül") (func (@name "λ")) (func $g (@name "γ"))
      (import "a" "b" (global (@name "imp") i32)))`.replace('(import "a" "b" (global (@name "imp") i32))', ''));
    expect(m.names!.module).toBe('Modül');
    expect(m.names!.funcs).toEqual(new Map([[0, 'λ'], [1, 'γ']]));
    expect(reason(() => parseWat('(module (func) (@name "M"))'))).toBe('misplaced @name annotation');
  });
});

// Generated modules: straight-line numeric code with random constants of every type.
const numInstr = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }).map((v) => `(drop (i32.const ${v}))`),
  fc.bigInt({ min: -(1n << 63n), max: (1n << 64n) - 1n }).map((v) => `(drop (i64.const ${v < 0n ? '-0x' + (-v).toString(16) : v}))`),
  fc.float({ noDefaultInfinity: true, noNaN: true }).map((v) => `(drop (f32.const ${Object.is(v, -0) ? '-0' : v}))`),
  fc.double({ noDefaultInfinity: true, noNaN: true }).map((v) => `(drop (f64.const ${Object.is(v, -0) ? '-0' : v}))`),
  fc.integer({ min: 1, max: 0x7fffff }).map((p) => `(drop (f32.const -nan:0x${p.toString(16)}))`),
  fc.constantFrom('(drop (i32.add (i32.const 1) (i32.const 2)))', '(block (br 0))', '(loop (nop))',
    '(drop (select (i64.const 1) (i64.const 2) (i32.const 0)))', '(if (i32.const 1) (then (nop)) (else (unreachable)))'),
);
const genModule = fc.array(fc.array(numInstr, { maxLength: 8 }), { minLength: 1, maxLength: 4 })
  .map((funcs) => `(module ${funcs.map((body, i) => `(func $f${i} (export "f${i}") ${body.join(' ')})`).join(' ')})`);

describe('wat2wasm', () => {
  it('round-trips through the binary decoder on generated modules', () => {
    fc.assert(fc.property(genModule, (text) => {
      const m = parseWat(text);
      const d = decodeModule(wat2wasm(text));
      expect(WebAssembly.validate(wat2wasm(text) as BufferSource)).toBe(true);
      const strip = (x: Module) => x.funcs.map((f) => f.body.map((i) => ({ ...i, offset: -1 })));
      expect(strip(d)).toEqual(strip(m));
      expect(d.exports).toEqual(m.exports);
    }), { numRuns: 300 });
  });

  it('gives constants the values Node computes for them', async () => {
    const lit = (x: number) => Object.is(x, -0) ? '-0' : x === Infinity ? 'inf' : x === -Infinity ? '-inf' : String(x);
    await fc.assert(fc.asyncProperty(fc.double({ noNaN: true }), fc.float({ noNaN: true }), async (x, y) => {
      const bytes = wat2wasm(`(func (export "f") (result f64 f32) (f64.const ${lit(x)}) (f32.const ${lit(y)}))`);
      const { instance } = await WebAssembly.instantiate(bytes as BufferSource);
      const [d, f] = (instance.exports.f as () => [number, number])();
      expect(Object.is(d, x)).toBe(true);
      // The shortest decimal of an f32 value lies far closer to it than to any other f32.
      expect(Object.is(f, y)).toBe(true);
    }), { numRuns: 300 });
  });
});
