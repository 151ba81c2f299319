// Instantiation: import matching, global initialisation (incl. cycles across lazily
// resolved imports), segment initialisation order and traps, start function, Caller.

import { describe, it, expect } from 'vitest';
import { wat2wasm, WebAssembly as W, LinkError, RuntimeError, hostFunction, readGlobal } from '../src/index.js';
import type { Resolver, Caller } from '../src/index.js';

const mod = (wat: string) => new W.Module(wat2wasm(wat));

describe('imports', () => {
  it('reports unknown imports and incompatible types as LinkError', () => {
    const m = mod(`(module (import "env" "f" (func (param i32))))`);
    expect(() => new W.Instance(m, {})).toThrow(LinkError);
    expect(() => new W.Instance(m, {})).toThrow(/unknown import/);
    const other = new W.Instance(mod(`(module (func (export "g") (param i64)))`), {});
    expect(() => new W.Instance(m, { env: { f: other.exports.g } })).toThrow(/incompatible import type/);
    expect(() => new W.Instance(m, { env: { f: hostFunction(['i64'], [], () => {}) } })).toThrow(/incompatible import type/);
  });
  it('checks limits subtyping of memories and tables', () => {
    const m = mod(`(module (import "env" "m" (memory 1 2)))`);
    expect(() => new W.Instance(m, { env: { m: new W.Memory({ initial: 1, maximum: 2 }) } })).not.toThrow();
    expect(() => new W.Instance(m, { env: { m: new W.Memory({ initial: 1 }) } })).toThrow(/incompatible import type/);
    expect(() => new W.Instance(m, { env: { m: new W.Memory({ initial: 0, maximum: 2 }) } })).toThrow(/incompatible import type/);
    const t = mod(`(module (import "env" "t" (table 2 externref)))`);
    expect(() => new W.Instance(t, { env: { t: new W.Table({ element: 'externref', initial: 3 }) } })).not.toThrow();
    expect(() => new W.Instance(t, { env: { t: new W.Table({ element: 'anyfunc', initial: 3 }) } })).toThrow(/incompatible/);
  });
  it('checks global mutability and type', () => {
    const m = mod(`(module (import "env" "g" (global (mut i32))))`);
    expect(() => new W.Instance(m, { env: { g: new W.Global({ value: 'i32', mutable: true }, 1) } })).not.toThrow();
    expect(() => new W.Instance(m, { env: { g: new W.Global({ value: 'i32' }, 1) } })).toThrow(/incompatible/);
    expect(() => new W.Instance(m, { env: { g: 1 } })).toThrow(/incompatible/);
    const imm = mod(`(module (import "env" "g" (global i64)) (global (export "h") i64 (global.get 0)))`);
    const i = new W.Instance(imm, { env: { g: 5n } });
    expect(readGlobal(i, 'h')).toEqual({ type: 'i64', value: 5n });
  });
  it('shares a mutable global between instances', () => {
    const a = new W.Instance(mod(`(module (global (export "g") (mut i32) (i32.const 1))
      (func (export "inc") (global.set 0 (i32.add (global.get 0) (i32.const 1)))))`), {});
    const b = new W.Instance(mod(`(module (import "a" "g" (global (mut i32)))
      (func (export "get") (result i32) (global.get 0)))`), { a: a.exports });
    (a.exports.inc as () => void)();
    expect((b.exports.get as () => number)()).toBe(2);
    expect((a.exports.g as W.Global).value).toBe(2);
  });
});

describe('global initialisation', () => {
  it('evaluates extended constant expressions over earlier globals', () => {
    const i = new W.Instance(mod(`(module (global $a i32 (i32.const 10))
      (global (export "b") i32 (i32.mul (i32.add (global.get $a) (i32.const 2)) (i32.const 3)))
      (global (export "c") i64 (i64.sub (i64.const 0) (i64.const 1))))`), {});
    expect(readGlobal(i, 'b')).toEqual({ type: 'i32', value: 36 });
    expect(readGlobal(i, 'c')).toEqual({ type: 'i64', value: -1n });
  });

  it('detects a cycle of globals across lazily resolved imports (LinkError naming it, no hang)', () => {
    const mods: Record<string, W.Module> = {
      a: mod(`(module (import "b" "g1" (global $x i32)) (global (export "g0") i32 (global.get $x)))`),
      b: mod(`(module (import "a" "g0" (global $y i32)) (global (export "g1") i32 (global.get $y)))`),
    };
    let calls = 0;
    const lazy: Resolver = {
      name: 'lazy',
      resolve(req) {
        calls++;
        const inst = new W.Instance(mods[req.module], [lazy]);
        return inst.exports[req.name];
      },
    };
    let err: unknown;
    try { new W.Instance(mods.a, [lazy]); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(LinkError);
    expect(String((err as Error).message)).toMatch(/global cycle: (a\.g0|b\.g1) -> (a\.g0|b\.g1) -> (a\.g0|b\.g1)/);
    expect(calls).toBeLessThan(10);
  });

  it('resolves acyclic lazy imports through a resolver chain', () => {
    const lib = mod(`(module (global (export "base") i32 (i32.const 40)))`);
    const app = mod(`(module (import "lib" "base" (global $b i32)) (global (export "v") i32 (i32.add (global.get $b) (i32.const 2))))`);
    const none: Resolver = { name: 'none', resolve: () => undefined };
    const libs: Resolver = { name: 'libs', resolve: (req) => (req.module === 'lib' ? new W.Instance(lib, {}).exports[req.name] : undefined) };
    const i = new W.Instance(app, [none, libs]);
    expect(readGlobal(i, 'v')).toEqual({ type: 'i32', value: 42 });
  });
});

describe('segments and start', () => {
  it('initialises active segments in order and keeps earlier writes when a later one traps', () => {
    const mem = new W.Memory({ initial: 1 });
    const m = mod(`(module (import "env" "m" (memory 1))
      (data (i32.const 0) "ab") (data (i32.const 65535) "xy"))`);
    expect(() => new W.Instance(m, { env: { m: mem } })).toThrow('out of bounds memory access');
    expect(new Uint8Array(mem.buffer)[0]).toBe(97);
    const t = mod(`(module (table 1 funcref) (func) (elem (i32.const 1) 0))`);
    expect(() => new W.Instance(t, {})).toThrow('out of bounds table access');
  });

  it('drops active segments after use', () => {
    const i = new W.Instance(mod(`(module (memory 1) (data (i32.const 0) "abc")
      (func (export "init") (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 1))))`), {});
    expect(() => (i.exports.init as () => void)()).toThrow('out of bounds memory access');
  });

  it('gives host functions the calling instance, with its unexported memory, during start', () => {
    let seen = '';
    const m = mod(`(module
      (import "env" "peek" (func $peek (param i32 i32)))
      (memory 1) (data (i32.const 8) "hello")
      (func $start (call $peek (i32.const 8) (i32.const 5)))
      (start $start))`);
    new W.Instance(m, {
      env: {
        peek: hostFunction(['i32', 'i32'], [], (caller: Caller, p: number, n: number) => {
          seen = new TextDecoder().decode(caller.memory()!.bytes.subarray(p, p + n));
        }),
      },
    });
    expect(seen).toBe('hello');
  });

  it('traps in start surface as RuntimeError', () => {
    expect(() => new W.Instance(mod(`(module (func $s unreachable) (start $s))`), {})).toThrow(RuntimeError);
  });

  it('can stub unknown imports as trapping functions', () => {
    const i = new W.Instance(mod(`(module (import "x" "y" (func $f)) (func (export "go") (call $f)))`), {}, { trapUnknownImports: true });
    expect(() => (i.exports.go as () => void)()).toThrow(RuntimeError);
  });
});

describe('cross-instance calls', () => {
  it('call_indirect through a shared table matches function types across modules structurally', () => {
    const a = new W.Instance(mod(`(module (type $t (func (param i32) (result i32)))
      (table (export "tab") 2 funcref) (func $sq (type $t) (i32.mul (local.get 0) (local.get 0)))
      (elem (i32.const 0) $sq))`), {});
    const b = new W.Instance(mod(`(module (type $u (func (param i32) (result i32))) (type $v (func (param i64)))
      (import "a" "tab" (table 2 funcref))
      (func (export "call") (param i32 i32) (result i32) (call_indirect (type $u) (local.get 1) (local.get 0)))
      (func (export "bad") (result i32) (call_indirect (type $v) (i64.const 1) (i32.const 0)) (i32.const 0)))`), { a: a.exports });
    expect((b.exports.call as (i: number, x: number) => number)(0, 9)).toBe(81);
    expect(() => (b.exports.bad as () => number)()).toThrow('indirect call type mismatch');
  });

  it('calls between instances on engines with different call-depth limits', () => {
    const deep = new W.Instance(mod(`(module (func $r (export "r") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (i32.const 1) (call $r (i32.sub (local.get 0) (i32.const 1))))))))`), {});
    const shallow = new W.Instance(mod(`(module (import "d" "r" (func $r (param i32) (result i32)))
      (func (export "go") (param i32) (result i32) (call $r (local.get 0))))`), { d: deep.exports }, { maxCallDepth: 50 });
    // The callee runs on its own engine, with its own (default) limit.
    expect((shallow.exports.go as (n: number) => number)(1000)).toBe(1000);
  });
});
