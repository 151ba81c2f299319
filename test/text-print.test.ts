// The WAT printer: readable output with names, exact numbers, and a parse round trip.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseWat } from '../src/text/index.js';
import { printModule, printInstr, f32Text, f64Text } from '../src/text/print.js';
import { parseF32, parseF64 } from '../src/text/numbers.js';

describe('printModule', () => {
  it('prints names as ids, flat instructions indented by depth', () => {
    const m = parseWat(`(module $demo
      (memory $mem 1)
      (func $add (export "add") (param $a i32) (param $b i32) (result i32) (local $t i32)
        (block $done (local.set $t (i32.add (local.get $a) (local.get $b))))
        (i32.load offset=8 align=1 (local.get $t))))`);
    expect(printModule(m)).toBe(`(module $demo
  (type (func (param i32) (param i32) (result i32)))
  (func $add (type 0) (param $a i32) (param $b i32) (result i32)
    (local $t i32)
    block $done
      local.get $a
      local.get $b
      i32.add
      local.set $t
    end
    local.get $t
    i32.load offset=8 align=1
  )
  (memory $mem 1)
  (export "add" (func $add))
)
`);
  });

  it('prints names that are no ids as quoted ids or @name annotations', () => {
    const m = parseWat('(func (@name "λ")) (func (@name "two words")) (func (@name "dup")) (func (@name "dup"))');
    const text = printModule(m);
    expect(text).toContain('(func $"\\ce\\bb" ');
    expect(text).toContain('(func $"two words" ');
    expect(text).toContain('(func (@name "dup") ');
    expect(parseWat(text).names).toEqual(m.names);
  });

  it('prints one instruction with names resolved', () => {
    const m = parseWat(`(type $s (struct (field $x i32))) (global $g (mut i32) (i32.const 0))
      (func $f (param $p (ref null $s)) (drop (struct.get $s $x (local.get $p))) (global.set $g (i32.const -5)))`);
    const body = m.funcs[0].body;
    expect(printInstr(body[0], m, 0)).toBe('local.get $p');
    expect(printInstr(body[1], m, 0)).toBe('struct.get $s $x');
    expect(printInstr(body[1], m)).toBe('struct.get $s $x');
    expect(printInstr(body[3], m)).toBe('i32.const -5');
    expect(printInstr(body[4], m)).toBe('global.set $g');
  });
});

describe('float text', () => {
  it('is the shortest decimal that parses back to the same f32 bits', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (bits) => {
      expect(parseF32(f32Text(bits))).toBe(bits);
    }), { numRuns: 5000 });
    expect(f32Text(0x3dcccccd)).toBe('0.1');
    expect(f32Text(0x7fc00000)).toBe('nan:0x400000');
    expect(f32Text(0xff800000)).toBe('-inf');
  });
  it('parses back to the same f64 bits', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (bits) => {
      expect(parseF64(f64Text(bits))).toBe(bits);
    }), { numRuns: 5000 });
    expect(f64Text(0x3fb999999999999an)).toBe('0.1');
    expect(f64Text(0x8000000000000000n)).toBe('-0');
  });
});
