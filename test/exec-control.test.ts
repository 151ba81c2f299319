// Interpreter: control flow, calls (direct, indirect, tail), call depth, exceptions.

import { describe, it, expect } from 'vitest';
import { wat2wasm, WebAssembly as W, invokeExport, RuntimeError, WasmException } from '../src/index.js';

function inst(wat: string, imports: unknown = {}, options?: { maxCallDepth?: number }): W.Instance {
  return new W.Instance(new W.Module(wat2wasm(wat)), imports, options);
}
type Fn = (...a: unknown[]) => unknown;

describe('blocks and branches', () => {
  const e = inst(`(module
    (func (export "multi") (param i32) (result i32 i64)
      (block (result i32 i64) (br_table 0 1 (i32.const 5) (i64.const 6) (local.get 0))) )
    (func (export "swap") (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
    (func (export "loop_sum") (param i32) (result i32) (local i32)
      (loop $l
        (local.set 1 (i32.add (local.get 1) (local.get 0)))
        (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
      (local.get 1))
    (func (export "blockparam") (result i32)
      (i32.const 3) (block (param i32) (result i32) (i32.const 4) (i32.mul)))
    (func (export "stale_local") (param i32) (result i32)
      ;; the first local.get must see the value before the local.set
      (local.get 0) (local.set 0 (i32.const 100)) (local.get 0) (i32.sub))
    (func (export "select_ref") (param i32) (result i32)
      (ref.is_null (select (result funcref) (ref.null func) (ref.func 0) (local.get 0))))
  )`).exports as Record<string, Fn>;

  it('br_table carries several values to the right label', () => {
    expect(e.multi(0)).toEqual([5, 6n]);
    expect(e.multi(9)).toEqual([5, 6n]);
  });
  it('returns several values in order from locals', () => {
    expect(e.swap(1, 2)).toEqual([2, 1]);
  });
  it('loops with br_if and local.tee', () => {
    expect(e.loop_sum(100)).toBe(5050);
  });
  it('blocks take parameters', () => {
    expect(e.blockparam()).toBe(12);
  });
  it('a deferred local read is not affected by a later write', () => {
    expect(e.stale_local(7)).toBe(-93);
  });
  it('select works on references', () => {
    expect(e.select_ref(1)).toBe(1);
    expect(e.select_ref(0)).toBe(0);
  });
});

describe('calls', () => {
  const e = inst(`(module
    (type $ii (func (param i32) (result i32)))
    (table 4 funcref)
    (elem (i32.const 0) $inc $dbl)
    (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
    (func $dbl (type $ii) (i32.mul (local.get 0) (i32.const 2)))
    (func $other (param i64) (result i64) (local.get 0))
    (elem declare func $other)
    (func (export "ind") (param i32 i32) (result i32) (call_indirect (type $ii) (local.get 1) (local.get 0)))
    (func (export "set_other") (table.set (i32.const 2) (ref.func $other)))
    (func $count (export "count") (param i64 i64) (result i64)
      (if (result i64) (i64.eqz (local.get 0)) (then (local.get 1))
        (else (return_call $count (i64.sub (local.get 0) (i64.const 1)) (i64.add (local.get 1) (i64.const 1))))))
    (func $rec (export "rec") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (i32.const 1) (call $rec (i32.sub (local.get 0) (i32.const 1)))))))
  )`).exports as Record<string, Fn>;

  it('call_indirect dispatches and traps per the suite', () => {
    expect(e.ind(0, 10)).toBe(11);
    expect(e.ind(1, 10)).toBe(20);
    expect(() => e.ind(3, 0)).toThrow('uninitialized element');
    expect(() => e.ind(4, 0)).toThrow('undefined element');
    e.set_other();
    expect(() => e.ind(2, 0)).toThrow('indirect call type mismatch');
  });
  it('tail calls run in constant frame depth', () => {
    expect(e.count(1_000_000n, 0n)).toBe(1_000_000n); // 100x the default frame limit
  });
  it('deep recursion works, runaway recursion traps with "call stack exhausted"', () => {
    expect(e.rec(5000)).toBe(5000);
    try {
      e.rec(1e9);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(RuntimeError);
      expect((err as RuntimeError).reason).toBe('call stack exhausted');
    }
    // The engine is usable afterwards.
    expect(e.rec(10)).toBe(10);
  });
  it('honours a configured call depth', () => {
    const small = inst(`(module (func $rec (export "rec") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (i32.const 1) (call $rec (i32.sub (local.get 0) (i32.const 1))))))))`, {}, { maxCallDepth: 100 });
    expect((small.exports.rec as Fn)(50)).toBe(50);
    expect(() => (small.exports.rec as Fn)(200)).toThrow('call stack exhausted');
  });
});

describe('host calls', () => {
  it('calls JS functions JS-API style and lets their errors through unchanged', () => {
    class Exit extends Error {}
    const log: unknown[] = [];
    const e = inst(`(module
      (import "env" "log" (func $log (param i32 i64 f64)))
      (import "env" "exit" (func $exit))
      (import "env" "pair" (func $pair (result i32 i32)))
      (func (export "go") (call $log (i32.const -1) (i64.const 5) (f64.const 1.5)))
      (func (export "quit") (call $exit) (unreachable))
      (func (export "sum") (result i32) (i32.add (call $pair))))`, {
      env: {
        log: (...a: unknown[]) => { log.push(a); },
        exit: () => { throw new Exit('bye'); },
        pair: () => [40, 2],
      },
    }).exports as Record<string, Fn>;
    e.go();
    expect(log).toEqual([[-1, 5n, 1.5]]);
    expect(() => e.quit()).toThrow(Exit);
    expect(e.sum()).toBe(42);
  });
  it('re-enters wasm from a host function', () => {
    let self: Record<string, Fn> = {};
    const e = inst(`(module
      (import "env" "cb" (func $cb (param i32) (result i32)))
      (func (export "twice") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
      (func (export "go") (param i32) (result i32) (i32.add (call $cb (local.get 0)) (i32.const 1))))`, {
      env: { cb: (x: number) => self.twice(x) },
    }).exports as Record<string, Fn>;
    self = e;
    expect(e.go(20)).toBe(41);
  });
});

describe('exceptions', () => {
  const src = `(module
    (tag $e (export "e") (param i32 i64))
    (tag $f)
    (func $thrower (param i32) (throw $e (local.get 0) (i64.const 9)))
    (func (export "catch") (param i32) (result i32 i64)
      (block $h (result i32 i64)
        (try_table (catch $e $h) (call $thrower (local.get 0)))
        (i32.const 0) (i64.const 0)))
    (func (export "catch_all") (result i32)
      (block $h (try_table (catch_all $h) (throw $f)) (return (i32.const 0)))
      (i32.const 1))
    (func (export "rethrow_ref") (param i32)
      (block $h (result exnref)
        (try_table (catch_all_ref $h) (call $thrower (local.get 0)))
        (return))
      (throw_ref))
    (func (export "legacy") (param i32) (result i32)
      (try (result i32) (do (call $thrower (local.get 0)) (i32.const 0))
        (catch $e (drop) (i32.const 100) (i32.add))))
    (func (export "uncaught") (throw $f))
  )`;
  const i = inst(src);
  const e = i.exports as Record<string, Fn>;

  it('try_table catches with the payload, across frames', () => {
    expect(e.catch(7)).toEqual([7, 9n]);
  });
  it('catch_all and catch_all_ref + throw_ref', () => {
    expect(e.catch_all()).toBe(1);
    try {
      e.rethrow_ref(3);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(WasmException);
      const tag = i.exports.e as W.Tag;
      const ex = err as WasmException & { is(t: W.Tag): boolean; getArg(t: W.Tag, n: number): unknown };
      expect(ex.is(tag)).toBe(true);
      expect(ex.getArg(tag, 0)).toBe(3);
      expect(ex.getArg(tag, 1)).toBe(9n);
    }
  });
  it('legacy try/catch', () => {
    expect(e.legacy(5)).toBe(105);
  });
  it('uncaught exceptions reach the embedder as WasmException (raw API too)', () => {
    expect(() => e.uncaught()).toThrow(WasmException);
    expect(() => invokeExport(i, 'uncaught', [])).toThrow(WasmException);
  });
});

describe('trap locations', () => {
  it('name the trapping function from the name section and give a backtrace, innermost first', () => {
    const e = inst(`(module (func $inner (unreachable)) (func $outer (export "go") (call $inner)))`).exports as Record<string, Fn>;
    try {
      e.go();
      expect.unreachable();
    } catch (err) {
      const r = err as RuntimeError;
      expect(r.reason).toBe('unreachable');
      expect(r.funcName).toBe('inner');
      expect(r.funcIndex).toBe(0);
      expect(r.wasmStack.map((s) => s.split('@')[0])).toEqual(['inner', 'outer']);
      expect(r.message).toContain('in inner at offset');
    }
  });
});

describe('exceptions from host functions', () => {
  it('a W.Exception thrown by an imported JS function is caught by try_table (call last in the body)', () => {
    let tag: W.Tag | null = null;
    const i = inst(`(module
      (import "env" "boom" (func $boom))
      (tag $t (export "t") (param i32))
      (func (export "go") (result i32)
        (block $h (result i32)
          (try_table (catch $t $h) (call $boom))
          (i32.const -1))))`, {
      env: { boom: () => { throw new W.Exception(tag!, [77]); } },
    });
    tag = i.exports.t as W.Tag;
    expect((i.exports.go as Fn)()).toBe(77);
  });
});
