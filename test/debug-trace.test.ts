// Tracing, fuel and the disassembler.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { wat2wasm } from '../src/text/index.js';
import { decodeModule } from '../src/binary/decode.js';
import { Instance, Module } from '../src/api/jsapi.js';
import { Debugger, disassembleFunction, limitFuel, traceInstance } from '../src/debug/index.js';
import { RuntimeError } from '../src/errors.js';

const COUNT = `(module
  (func $count (export "count") (param $n i32) (result i32)
    (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $i))
  (func $twice (export "twice") (param i32) (result i32)
    (i32.add (call $count (local.get 0)) (call $count (local.get 0)))))`;

function load(wat: string) {
  const bytes = wat2wasm(wat);
  return { inst: new Instance(new Module(bytes)), ast: decodeModule(bytes) };
}

describe('tracing', () => {
  it('reports every executed instruction with function, offset and depth', () => {
    const { inst, ast } = load(COUNT);
    const lines: string[] = [];
    const dbg = traceInstance(inst, (l) => lines.push(l));
    expect((inst.exports.count as (n: number) => number)(2)).toBe(2);
    const body = ast.funcs[0].body;
    const at = (i: number) => `$count@0x${body[i].offset.toString(16)}: `;
    // loop, then 8 instructions per iteration (2 iterations), then the loop's end, local.get and end.
    expect(lines.length).toBe(1 + 2 * 8 + 3);
    expect(lines[0]).toBe(`${at(0)}loop`);
    expect(lines[1]).toBe(`${at(1)}local.get $i`);
    expect(lines[lines.length - 1]).toBe(`${at(body.length - 1)}end`);
    lines.length = 0;
    (inst.exports.twice as (n: number) => number)(1);
    expect(lines[0]).toMatch(/^\$twice@0x[0-9a-f]+: local\.get 0$/);
    expect(lines.some((l) => l.startsWith('  $count@'))).toBe(true); // callee indented by depth
    dbg.detach();
    lines.length = 0;
    (inst.exports.twice as (n: number) => number)(1);
    expect(lines).toEqual([]);
  });
});

describe('fuel', () => {
  it('traps with "fuel exhausted" exactly when the budget is below the instruction count', () => {
    const { inst } = load(COUNT);
    const count = inst.exports.count as (n: number) => number;
    const needed = (n: number) => 1 + 8 * Math.max(n, 1) + 3;
    fc.assert(fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 200 }), (n, fuel) => {
      const dbg = limitFuel(inst, fuel);
      try {
        const r = count(n);
        return fuel >= needed(n) && r === Math.max(n, 1) && dbg.fuel === fuel - needed(n);
      } catch (e) {
        return fuel < needed(n) && e instanceof RuntimeError && e.message.includes('fuel exhausted');
      } finally {
        dbg.detach();
      }
    }), { numRuns: 80 });
  });

  it('can pause a session instead, which then continues with more fuel', () => {
    const { inst } = load(COUNT);
    const dbg = new Debugger(inst);
    dbg.fuel = 20;
    dbg.fuelMode = 'pause';
    const s = dbg.start('twice', [5], { pauseAtEntry: false });
    expect(s.result).toBe('paused');
    expect(s.reason).toBe('fuel');
    expect(dbg.executed).toBe(21);
    expect(s.frames().map((f) => f.name)).toEqual(['count', 'twice']);
    dbg.fuel = 1000;
    expect(s.continue()).toEqual({ done: [{ type: 'i32', value: 10 }] });
  });
});

describe('disassembly', () => {
  it('prints a function with names, offsets, nesting and the current instruction marked', () => {
    const { inst, ast } = load(COUNT);
    const text = disassembleFunction(ast, 0, { mark: 3 });
    const lines = text.trimEnd().split('\n');
    expect(lines[0].trim()).toBe('(func $count (param $n i32) (result i32)');
    expect(lines[1].trim()).toBe('(local $i i32)');
    const body = ast.funcs[0].body;
    expect(lines[2]).toBe(`  ${body[0].offset.toString(16).padStart(6, '0')}    loop`);
    expect(lines[3]).toBe(`  ${body[1].offset.toString(16).padStart(6, '0')}      local.get $i`);
    expect(lines.filter((l) => l.startsWith('=>'))).toEqual([`=>${body[3].offset.toString(16).padStart(6, '0')}      i32.add`]);
    expect(lines[lines.length - 1].trim().endsWith(')')).toBe(true);
    // The debugger's frames carry what the marker needs.
    const dbg = new Debugger(inst);
    const s = dbg.start('count', [1]);
    s.step(); s.step(); s.step();
    expect(disassembleFunction(ast, s.frame().func, { mark: s.frame().index })).toBe(text);
  });
});
