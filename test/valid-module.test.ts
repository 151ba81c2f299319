import { describe, expect, it } from 'vitest';
import type { Module } from '../src/ast.js';
import { Op } from '../src/binary/opcodes.js';
import { CompileError } from '../src/errors.js';
import { parseModuleText } from '../src/text/wast.js';
import type { ValidationError } from '../src/valid/error.js';
import { validateModule } from '../src/valid/validate.js';

function wat(text: string): Module {
  return parseModuleText(text);
}

/** The validation error's suite wording (without function/offset suffixes). */
function errorOf(m: Module): string {
  try {
    validateModule(m);
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    return e.reason;
  }
  return 'valid';
}

describe('FuncInfo', () => {
  it('records stack heights, block ends, else positions and the maximum height', () => {
    const m = wat(`(module (func (param i32) (result i32)
      block (result i32)      ;; 0
        local.get 0           ;; 1
        i32.const 1           ;; 2
        br_if 0               ;; 3
      end                     ;; 4
      if (result i32)         ;; 5
        i32.const 1           ;; 6
      else                    ;; 7
        i32.const 2           ;; 8
      end                     ;; 9
    ))`);
    const f = validateModule(m).funcs[0];
    expect(Array.from(f.heights)).toEqual([0, 0, 1, 2, 1, 1, 0, 1, 0, 1, 1]);
    expect(f.ends[0]).toBe(4);
    expect(f.ends[5]).toBe(9);
    expect(f.elses[5]).toBe(7);
    expect(f.elses[0]).toBe(-1);
    expect(f.ends[1]).toBe(-1);
    expect(f.maxHeight).toBe(2);
  });

  it('marks unreachable code with height -1 until the block ends', () => {
    const m = wat(`(module (func (result i32)
      block                   ;; 0
        i32.const 1           ;; 1
        br 0                  ;; 2
        i32.add               ;; 3  unreachable: operands are polymorphic
        drop                  ;; 4
      end                     ;; 5
      i32.const 7             ;; 6
    ))`);
    const f = validateModule(m).funcs[0];
    expect(Array.from(f.heights)).toEqual([0, 0, 1, -1, -1, -1, 0, 1]);
    expect(f.ends[0]).toBe(5);
  });

  it('gives the operand type of drop and untyped select', () => {
    const m = wat(`(module (func (param f64 i64) (result i64)
      local.get 0 drop
      local.get 1 local.get 1 i32.const 0 select
    ))`);
    const f = validateModule(m).funcs[0];
    expect(f.operandTypes[1]).toBe('f64');
    expect(f.operandTypes[5]).toBe('i64');
    expect(f.operandTypes[0]).toBeUndefined();
  });

  it('gives reference operand types of drop', () => {
    const m = wat(`(module (func ref.null extern drop))`);
    expect(validateModule(m).funcs[0].operandTypes[1]).toEqual({ nullable: true, heap: 'extern' });
  });

  it('lists function types with imports first', () => {
    const m = wat(`(module
      (type $a (func)) (type $b (func (param i32)))
      (import "m" "f" (func (type $b)))
      (func (type $a)))`);
    expect(validateModule(m).funcTypes).toEqual([1, 0]);
  });
});

describe('type keys', () => {
  it('are equal for iso-recursively equivalent types in different modules', () => {
    const a = validateModule(wat(`(module (rec (type $x (struct (field (ref null $y)))) (type $y (array i8))))`));
    const b = validateModule(wat(`(module (type (func)) (rec (type $p (struct (field (ref null $q)))) (type $q (array i8))))`));
    expect(b.typeKeys[1]).toBe(a.typeKeys[0]);
    expect(b.typeKeys[2]).toBe(a.typeKeys[1]);
    expect(a.typeKeys[0]).not.toBe(a.typeKeys[1]);
  });

  it('differ when a type sits at another position of its group or the group differs', () => {
    const a = validateModule(wat(`(module (rec (type (struct)) (type (struct))))`));
    expect(a.typeKeys[0]).not.toBe(a.typeKeys[1]);
    const b = validateModule(wat(`(module (type (struct)))`));
    expect(b.typeKeys[0]).not.toBe(a.typeKeys[0]);
    const c = validateModule(wat(`(module (type (sub (struct))))`));
    expect(c.typeKeys[0]).not.toBe(b.typeKeys[0]);
  });

  it('stay short when every type refers to the previous one twice (no exponential blow-up)', () => {
    const defs = ['(type (struct))'];
    for (let i = 1; i < 300; i++) defs.push(`(type (struct (field (ref null ${i - 1})) (field (ref null ${i - 1}))))`);
    const info = validateModule(wat(`(module ${defs.join(' ')})`));
    expect(info.typeKeys).toHaveLength(300);
    expect(Math.max(...info.typeKeys.map((k) => k.length))).toBeLessThan(20);
    expect(new Set(info.typeKeys).size).toBe(300);
  });

  it('treat equivalent types as equal in validation', () => {
    // $t1 and $t2 are equivalent, so a (ref $t1) is a (ref $t2).
    const m = wat(`(module
      (type $t1 (struct (field i32)))
      (type $t2 (struct (field i32)))
      (func (param (ref $t1)) (result (ref $t2)) local.get 0))`);
    expect(errorOf(m)).toBe('valid');
  });
});

describe('validation errors', () => {
  const cases: [string, string][] = [
    ['(module (func (result i32) i64.const 0))', 'type mismatch'],
    ['(module (func (local (ref func)) local.get 0 drop))', 'uninitialized local'],
    ['(module (func (local (ref func)) block ref.func 0 local.set 0 end local.get 0 drop) (elem declare func 0))', 'uninitialized local'],
    ['(module (func (local (ref func)) ref.func 0 local.set 0 local.get 0 drop) (elem declare func 0))', 'valid'],
    ['(module (func ref.func 0 drop))', 'undeclared function reference'],
    ['(module (func ref.func 0 drop) (export "f" (func 0)))', 'valid'],
    ['(module (global i32 (i32.const 1)) (global i32 (global.get 0)))', 'valid'],
    ['(module (global (mut i32) (i32.const 1)) (global i32 (global.get 0)))', 'constant expression required'],
    ['(module (global i32 (global.get 1)) (global i32 (i32.const 0)))', 'unknown global'],
    ['(module (global i32 (i32.add (i32.const 1) (i32.const 2))))', 'valid'],
    ['(module (global i32 (i32.div_u (i32.const 1) (i32.const 2))))', 'constant expression required'],
    ['(module (func ref.null func ref.null func i32.const 0 select drop))', 'type mismatch'],
    ['(module (func (select (result) (nop) (nop) (i32.const 1))))', 'invalid result arity'],
    ['(module (func (drop (i8x16.extract_lane_s 16 (v128.const i32x4 0 0 0 0)))))', 'invalid lane index'],
    ['(module (memory 1) (func i32.const 0 i32.load align=8 drop))', 'alignment must not be larger than natural'],
    ['(module (memory 1 0))', 'size minimum must not be greater than maximum'],
    ['(module (memory 65537))', 'memory size must be at most 65536 pages (4GiB)'],
    ['(module (func) (export "a" (func 0)) (export "a" (func 0)))', 'duplicate export name'],
    ['(module (func (param i32)) (start 0))', 'start function'],
    ['(module (type $s (struct (field i8))) (func (param (ref $s)) (result i32) (struct.get $s 0 (local.get 0))))', 'field is packed'],
    ['(module (type $s (struct (field i8))) (func (param (ref $s)) (result i32) (struct.get_u $s 0 (local.get 0))))', 'valid'],
    ['(module (type $s (struct (field i32))) (func (param (ref $s)) (struct.set $s 0 (local.get 0) (i32.const 1))))', 'immutable field'],
    ['(module (type $a (array i32)) (func (param (ref $a)) (array.set $a (local.get 0) (i32.const 0) (i32.const 1))))', 'immutable array'],
    ['(module (type $a (array (mut funcref))) (data "") (func (param (ref $a)) (array.init_data $a 0 (local.get 0) (i32.const 0) (i32.const 0) (i32.const 0))))', 'array type is not numeric or vector'],
    ['(module (type $t (sub final (func))) (type (sub $t (func))))', 'sub type'],
    ['(module (type $t (sub (struct (field i32)))) (type (sub $t (struct (field i64)))))', 'sub type'],
    ['(module (type $t (sub (struct (field i32)))) (type (sub $t (struct (field i32) (field i64)))))', 'valid'],
    ['(module (func block rethrow 0 end))', 'invalid rethrow label'],
    ['(module (func (result i32) return_call 1) (func (result i64) i64.const 0))', 'type mismatch'],
    ['(module (tag (param i32)) (func (throw 0)))', 'type mismatch: instruction requires [i32] but stack has []'],
    ['(module (func (br 1)))', 'unknown label'],
    ['(module (func (local.get 3) drop))', 'unknown local 3'],
    ['(module (func (call 5)))', 'unknown function 5'],
    ['(module (func (i32.const 0) (i32.load 1) drop) (memory 1))', 'unknown memory 1'],
    ['(module (type $f (func)) (func (param (ref $f)) (call_ref $f (local.get 0))))', 'valid'],
    ['(module (func (param anyref) (result (ref i31)) (ref.cast (ref i31) (local.get 0))))', 'valid'],
    ['(module (func (param funcref) (result (ref i31)) (ref.cast (ref i31) (local.get 0))))', 'type mismatch'],
    ['(module (func (param anyref) (result anyref) (block (result anyref) (br_on_cast 0 anyref i31ref (local.get 0)))))', 'valid'],
    ['(module (func (param i31ref) (result anyref) (block (result anyref) (br_on_cast 0 i31ref anyref (local.get 0)))))', 'type mismatch'],
    ['(module (tag $e (param i32)) (func (result i32) (block (result i32) (try_table (catch $e 0) (unreachable)) (unreachable)) ))', 'valid'],
    ['(module (tag $e (param i64)) (func (result i32) (block (result i32) (try_table (catch $e 0) (unreachable)) (unreachable)) ))', 'type mismatch'],
    ['(module (table 1 (ref func)))', 'type mismatch'],
    ['(module (memory i64 1) (func (i32.const 0) (i32.load) drop))', 'type mismatch'],
    ['(module (memory i64 1) (func (i64.const 0) (i32.load) drop))', 'valid'],
  ];
  for (const [text, want] of cases) {
    it(`${want}: ${text}`, () => {
      const got = errorOf(wat(text));
      if (want === 'valid') expect(got).toBe('valid');
      else expect(got.startsWith(want), `got "${got}"`).toBe(true);
    });
  }

  it('reports offset out of range for i32 memories only', () => {
    const m = wat('(module (memory 1) (func (i32.const 0) (i32.load) drop))');
    m.funcs[0].body[1].mem!.offset = 2 ** 32;
    expect(errorOf(m)).toBe('offset out of range (in function 0)');
    const m64 = wat('(module (memory i64 1) (func (i64.const 0) (i32.load) drop))');
    m64.funcs[0].body[1].mem!.offset = 2 ** 32;
    expect(errorOf(m64)).toBe('valid');
  });

  it('requires the data count section for memory.init in binary modules', () => {
    const m = wat('(module (memory 1) (data "x") (func (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 0))))');
    expect(errorOf(m)).toBe('valid');
    // As decoded from a binary without a data count section.
    m.funcs[0].offset = 20;
    m.dataCount = null;
    expect(errorOf(m).startsWith('data count section required')).toBe(true);
    m.dataCount = 1;
    expect(errorOf(m)).toBe('valid');
  });

  it('names the function and the instruction offset', () => {
    const m = wat('(module (func) (func (result i32) i64.const 0))');
    m.funcs[1].body[0].offset = 42;
    m.funcs[1].body[1].offset = 44;
    try {
      validateModule(m);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CompileError);
      const ce = e as CompileError;
      expect(ce.reason).toMatch(/^type mismatch.*\(in function 1\)$/);
      expect(ce.offset).toBe(44);
      expect((e as ValidationError).funcIndex).toBe(1);
    }
  });

  it('rejects an opcode it does not know with a CompileError', () => {
    const m = wat('(module (func nop))');
    m.funcs[0].body[0] = { op: 0xfe123, offset: -1 };
    expect(errorOf(m)).toMatch(/^illegal opcode/);
    expect(Op.nop).toBe(1);
  });
});
