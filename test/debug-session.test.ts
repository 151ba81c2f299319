// The step debugger: stepping through recursion, loops and traps, breakpoints
// (also in callees reached through call_indirect), inspection and modification
// of locals, stack, memory and globals.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { wat2wasm } from '../src/text/index.js';
import { decodeModule } from '../src/binary/decode.js';
import { Instance, Module } from '../src/api/jsapi.js';
import { Debugger, type DebugSession } from '../src/debug/index.js';
import { RuntimeError } from '../src/errors.js';
import type { Module as AstModule } from '../src/ast.js';

function load(wat: string): { inst: Instance; ast: AstModule } {
  const bytes = wat2wasm(wat);
  return { inst: new Instance(new Module(bytes)), ast: decodeModule(bytes) };
}

/** Byte offset of instruction `i` of defined function `f`. */
function off(ast: AstModule, f: number, i: number): number {
  return ast.funcs[f].body[i].offset;
}

const values = (s: DebugSession, level = 0) => s.stack(level).map((v) => v.value);
const locals = (s: DebugSession, level = 0) => s.locals(level).map((l) => l.value);

const FIB = `(module
  (func $fib (export "fib") (param $n i32) (result i32)
    local.get $n
    i32.const 2
    i32.lt_s
    if (result i32)
      local.get $n
    else
      local.get $n
      i32.const 1
      i32.sub
      call $fib
      local.get $n
      i32.const 2
      i32.sub
      call $fib
      i32.add
    end))`;

describe('stepping through a recursive function', () => {
  it('stops before each instruction with the right offset, locals, stack and frames', () => {
    const { inst, ast } = load(FIB);
    const dbg = new Debugger(inst);
    const s = dbg.start('fib', [2]);
    expect(s.state).toBe('paused');
    expect(s.reason).toBe('entry');
    // [body index, frames, $n, stack] at each stop of fib(2) until the inner fib(1) returns.
    const expected: [number, number, number, unknown[]][] = [
      [0, 1, 2, []],            // local.get $n
      [1, 1, 2, [2]],           // i32.const 2
      [2, 1, 2, [2, 2]],        // i32.lt_s
      [3, 1, 2, [0]],           // if
      [6, 1, 2, []],            // else branch: local.get $n
      [7, 1, 2, [2]],           // i32.const 1
      [8, 1, 2, [2, 1]],        // i32.sub
      [9, 1, 2, [1]],           // call $fib
      [0, 2, 1, []],            // fib(1): local.get $n
      [1, 2, 1, [1]],
      [2, 2, 1, [1, 2]],
      [3, 2, 1, [1]],           // if: 1 < 2
      [4, 2, 1, []],            // then: local.get $n
      [5, 2, 1, [1]],           // else: the then-branch jumps past the if's end
      [16, 2, 1, [1]],          // end of the function
      [10, 1, 2, [1]],          // back in fib(2): local.get $n, the call's result on the stack
    ];
    for (const [i, nframes, n, stack] of expected) {
      const f = s.frame();
      expect({ index: f.index, offset: f.offset }).toEqual({ index: i, offset: off(ast, 0, i) });
      expect(s.frames().length).toBe(nframes);
      expect(locals(s)).toEqual([n]);
      expect(values(s)).toEqual(stack);
      expect(s.step()).toBe('paused');
    }
    expect(s.continue()).toEqual({ done: [{ type: 'i32', value: 1 }] });
    expect(s.state).toBe('done');
  });

  it('shows the caller frame at the call while inside the callee', () => {
    const { inst, ast } = load(FIB);
    const dbg = new Debugger(inst);
    dbg.breakAt('fib', off(ast, 0, 4)); // then-branch: reached only when n < 2
    const s = dbg.start('fib', [3], { pauseAtEntry: false });
    expect(s.result).toBe('paused');
    expect(s.reason).toBe('breakpoint');
    const fr = s.frames();
    expect(fr.map((f) => f.name)).toEqual(['fib', 'fib', 'fib']);
    expect(fr.map((f) => f.index)).toEqual([4, 9, 9]);
    expect(fr[1].instr).toBe('call $fib');
    expect(locals(s, 0)).toEqual([1]);
    expect(locals(s, 1)).toEqual([2]);
    expect(locals(s, 2)).toEqual([3]);
    expect(values(s, 1)).toEqual([]);
  });

  it('resuming after any number of steps gives the uninterrupted result (law)', () => {
    const { inst } = load(FIB);
    const fib = inst.exports.fib as (n: number) => number;
    const want = Array.from({ length: 11 }, (_, n) => fib(n));
    const dbg = new Debugger(inst);
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 }), fc.nat(200), (n, k) => {
      const s = dbg.start('fib', [n]);
      for (let i = 0; i < k && s.state === 'paused'; i++) s.step();
      const r = s.continue();
      return typeof r === 'object' && 'done' in r && r.done[0].type === 'i32' && r.done[0].value === want[n];
    }), { numRuns: 60 });
  });

  it('stepOver skips the call and stepOut returns to the caller', () => {
    const { inst, ast } = load(FIB);
    const dbg = new Debugger(inst);
    const s = dbg.start('fib', [5]);
    for (let i = 0; i < 7; i++) s.stepOver();
    expect(s.frame().index).toBe(9); // call $fib
    s.stepOver();
    expect(s.frame().offset).toBe(off(ast, 0, 10));
    expect(values(s)).toEqual([3]); // fib(4)
    s.step(); s.step(); s.step(); s.step(); // into the second call
    expect(s.frames().length).toBe(2);
    expect(locals(s)).toEqual([3]);
    s.stepOut();
    expect(s.frames().length).toBe(1);
    expect(s.frame().index).toBe(14); // i32.add
    expect(values(s)).toEqual([3, 2]);
    expect(s.continue()).toEqual({ done: [{ type: 'i32', value: 5 }] });
  });
});

const LOOP = `(module
  (memory (export "mem") 1)
  (global $total (mut i64) (i64.const 0))
  (func $sum (export "sum") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $out
      (loop $top
        (br_if $out (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (local.get $i)))
        (i32.store (i32.mul (local.get $i) (i32.const 4)) (local.get $acc))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))
    (global.set $total (i64.extend_i32_s (local.get $acc)))
    (local.get $acc)))`;

describe('a loop', () => {
  it('hits a breakpoint in the loop body once per iteration', () => {
    const { inst, ast } = load(LOOP);
    const body = ast.funcs[0].body;
    const brIf = body.findIndex((i) => i.op === 0x0d);
    const dbg = new Debugger(inst);
    dbg.breakAt('sum', body[brIf].offset);
    const s = dbg.start('sum', [4], { pauseAtEntry: false });
    const seen: unknown[][] = [];
    while (s.state === 'paused') {
      expect(s.offset).toBe(body[brIf].offset);
      expect(s.frame().instr).toBe('br_if 1');
      const l = s.locals();
      expect(l.map((x) => [x.name, x.type])).toEqual([['n', 'i32'], ['i', 'i32'], ['acc', 'i32']]);
      seen.push([...locals(s), ...values(s)]);
      s.continue();
    }
    // [n, i, acc, condition] per iteration; the last one leaves the loop.
    expect(seen).toEqual([[4, 0, 0, 0], [4, 1, 0, 0], [4, 2, 1, 0], [4, 3, 3, 0], [4, 4, 6, 1]]);
    expect(s.result).toEqual({ done: [{ type: 'i32', value: 6 }] });
  });

  it('reads and writes memory, globals and locals while paused', () => {
    const { inst, ast } = load(LOOP);
    const body = ast.funcs[0].body;
    const brIf = body.findIndex((i) => i.op === 0x0d);
    const dbg = new Debugger(inst);
    const bp = dbg.breakAt('$sum', body[brIf].offset);
    const s = dbg.start('sum', [10], { pauseAtEntry: false });
    for (let k = 0; k < 3; k++) s.continue();
    // Iterations 0..2 stored acc = 0, 1, 3 at words 0..2.
    expect([...s.readMemory(0, 12)]).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0]);
    s.writeMemory(100, new Uint8Array([7, 8]));
    expect([...new Uint8Array((inst.exports.mem as { buffer: ArrayBuffer }).buffer, 100, 2)]).toEqual([7, 8]);
    expect(s.local('$i').value).toBe(3);
    s.setLocal('$n', 4);   // stop after the 4th iteration instead of the 10th
    s.setLocal('acc', '100');
    dbg.clearBreakpoint(bp.id);
    expect(s.continue()).toEqual({ done: [{ type: 'i32', value: 103 }] });
    expect(s.global('total')).toEqual({ type: 'i64', value: 103n });
    const s2 = dbg.start('sum', [0]);
    s2.setGlobal('$total', -5n);
    expect(s2.global(0)).toEqual({ type: 'i64', value: -5n });
    expect(() => s2.readMemory(65535, 2)).toThrow(RangeError);
  });
});

const TRAPS = `(module
  (func $div (export "div") (param $a i32) (param $b i32) (result i32)
    (local $q i32)
    (local.set $q (i32.div_s (local.get $a) (local.get $b)))
    (local.get $q))
  (func (export "outer") (param i32) (result i32)
    (i32.add (i32.const 1) (call $div (i32.const 10) (local.get 0)))))`;

describe('a trapping function', () => {
  it('stops at the trapping instruction with its frames readable', () => {
    const { inst, ast } = load(TRAPS);
    const dbg = new Debugger(inst);
    const s = dbg.start('outer', [0]);
    const offsets: number[] = [];
    let r = s.result;
    while (r === 'paused') { offsets.push(s.offset); r = s.step(); }
    expect(typeof r === 'object' && 'trap' in r && r.trap).toBeInstanceOf(RuntimeError);
    expect((r as { trap: RuntimeError }).trap.message).toMatch(/integer divide by zero/);
    expect(s.state).toBe('trapped');
    // outer: i32.const 1, i32.const 10, local.get 0, call; div: local.get, local.get, i32.div_s
    expect(offsets).toEqual([off(ast, 1, 0), off(ast, 1, 1), off(ast, 1, 2), off(ast, 1, 3),
      off(ast, 0, 0), off(ast, 0, 1), off(ast, 0, 2)]);
    const fr = s.frames();
    expect(fr.map((f) => [f.name, f.instr])).toEqual([['div', 'i32.div_s'], ['outer', 'call $div']]);
    expect(fr[0].offset).toBe((r as { trap: RuntimeError }).trap.offset);
    expect(locals(s)).toEqual([10, 0, 0]);
    expect(values(s)).toEqual([10, 0]);
    expect(values(s, 1)).toEqual([1]);
    // The run is over: further requests report the same trap.
    expect(s.step()).toBe(r);
    // Calls made afterwards run normally.
    expect(dbg.start('outer', [5], { pauseAtEntry: false }).result).toEqual({ done: [{ type: 'i32', value: 3 }] });
  });
});

const INDIRECT = `(module
  (type $un (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $double $square)
  (func $double (type $un) (i32.mul (local.get 0) (i32.const 2)))
  (func $square (type $un) (i32.mul (local.get 0) (local.get 0)))
  (func (export "apply") (param $f i32) (param $x i32) (result i32)
    (i32.add (i32.const 1000) (call_indirect (type $un) (local.get $x) (local.get $f)))))`;

describe('breakpoints', () => {
  it('hit inside a callee reached through call_indirect', () => {
    const { inst, ast } = load(INDIRECT);
    const dbg = new Debugger(inst);
    dbg.breakAt('square');
    const s1 = dbg.start('apply', [0, 7], { pauseAtEntry: false });
    expect(s1.result).toEqual({ done: [{ type: 'i32', value: 1014 }] }); // $double: no stop
    const s = dbg.start('apply', [1, 7], { pauseAtEntry: false });
    expect(s.result).toBe('paused');
    expect(s.reason).toBe('breakpoint');
    const fr = s.frames();
    expect(fr.map((f) => f.name)).toEqual(['square', 'apply']);
    expect(fr[0].offset).toBe(off(ast, 1, 0));
    expect(fr[1].instr).toBe('call_indirect 0 (type $un)');
    expect(fr[1].offset).toBe(off(ast, 2, 3));
    expect(values(s, 1)).toEqual([1000]); // the callee's argument and the table index are consumed
    expect(locals(s)).toEqual([7]);
    s.setLocal(0, 9);
    expect(s.continue()).toEqual({ done: [{ type: 'i32', value: 1081 }] });
  });

  it('rejects offsets that are not instruction starts, and bad calls', () => {
    const { inst } = load(INDIRECT);
    const dbg = new Debugger(inst);
    expect(() => dbg.start('apply', [1])).toThrow(/takes 2 arguments/);
    expect(() => dbg.start('apply', [1, 'x'])).toThrow(/not a number/);
    expect(dbg.start('apply', [0, 4], { pauseAtEntry: false }).result).toEqual({ done: [{ type: 'i32', value: 1008 }] });
    expect(() => dbg.breakAt('square', 1)).toThrow(/no instruction/);
    expect(() => dbg.breakAt('nope')).toThrow(/no function/);
  });
});

describe('attaching', () => {
  it('swaps debug code in and the normal code back on detach', () => {
    const { inst } = load(FIB);
    const fib = inst.exports.fib as (n: number) => number;
    expect(fib(7)).toBe(13);
    const dbg = new Debugger(inst);
    let count = 0;
    dbg.trace = () => { count++; };
    expect(fib(7)).toBe(13);
    expect(count).toBeGreaterThan(100);
    dbg.detach();
    const before = count;
    expect(fib(7)).toBe(13);
    expect(count).toBe(before);
  });

  it('allows one debugger per instance at a time', () => {
    const { inst } = load(FIB);
    const dbg = new Debugger(inst);
    expect(() => new Debugger(inst)).toThrow(/already attached/);
    const s = dbg.start('fib', [4]);
    s.step();
    dbg.detach(); // ends the paused session
    expect(s.state).toBe('done');
    const again = new Debugger(inst);
    expect(again.start('fib', [4], { pauseAtEntry: false }).result).toEqual({ done: [{ type: 'i32', value: 3 }] });
    // Sessions of two instances share the engine's stacks: they nest, the newer one runs first.
    const other = load(FIB).inst;
    const dbg2 = new Debugger(other);
    const s1 = again.start('fib', [5]);
    s1.step();
    const s2 = dbg2.start('fib', [6]);
    expect(() => s1.step()).toThrow(/started later/);
    s2.step();
    expect(s2.continue()).toEqual({ done: [{ type: 'i32', value: 8 }] });
    expect(s1.state).toBe('paused');
    expect(s1.continue()).toEqual({ done: [{ type: 'i32', value: 5 }] });
  });

  it('sessions on different engines nest on the one value stack too', () => {
    // A call-depth limit gives an instance its own engine (frames, depth) but not its own
    // value stack: a paused session of one engine must not run under a later session of another.
    const a = new Instance(new Module(wat2wasm(FIB)), {}, { maxCallDepth: 500 });
    const b = new Instance(new Module(wat2wasm(FIB)), {}, { maxCallDepth: 700 });
    const s1 = new Debugger(a).start('fib', [7]);
    for (let i = 0; i < 20; i++) s1.step();
    const s2 = new Debugger(b).start('fib', [9]);
    for (let i = 0; i < 20; i++) s2.step();
    expect(() => s1.continue()).toThrow(/started later/);
    expect(s2.continue()).toEqual({ done: [{ type: 'i32', value: 34 }] });
    expect(s1.continue()).toEqual({ done: [{ type: 'i32', value: 13 }] });
  });

  it('a paused session does not disturb calls made while paused', () => {
    const { inst } = load(FIB);
    const dbg = new Debugger(inst);
    const s = dbg.start('fib', [6]);
    for (let i = 0; i < 30; i++) s.step();
    const fr = s.frames().map((f) => [f.index, f.offset]);
    const l = s.locals();
    expect((inst.exports.fib as (n: number) => number)(9)).toBe(34);
    expect(s.frames().map((f) => [f.index, f.offset])).toEqual(fr);
    expect(s.locals()).toEqual(l);
    expect(s.continue()).toEqual({ done: [{ type: 'i32', value: 8 }] });
  });
});
