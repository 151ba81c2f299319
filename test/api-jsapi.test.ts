// The JS-API mirror behaves like the standard WebAssembly JS API (checked against Node's own where it can be).

import { describe, it, expect } from 'vitest';
import { wat2wasm, WebAssembly as W, CompileError, refKind, hostRef, isHostRef, invokeExport } from '../src/index.js';

const Native = globalThis.WebAssembly;

const SRC = `(module
  (import "env" "f" (func $f (param i32) (result i32)))
  (import "env" "mem" (memory 1 4))
  (global (export "g") (mut i64) (i64.const 7))
  (table (export "tab") 2 funcref)
  (tag (export "tag") (param i32))
  (func (export "call_f") (param i32) (result i32) (call $f (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "id_ext") (param externref) (result externref) (local.get 0))
  (export "memory" (memory 0)))`;

describe('Module', () => {
  const bytes = wat2wasm(SRC);
  it('lists imports and exports like the native API', () => {
    const ours = new W.Module(bytes), native = new Native.Module(bytes);
    expect(W.Module.imports(ours)).toEqual(Native.Module.imports(native));
    expect(W.Module.exports(ours)).toEqual(Native.Module.exports(native));
  });
  it('validate and CompileError', () => {
    expect(W.validate(bytes)).toBe(true);
    expect(W.validate(Uint8Array.of(0, 0x61, 0x73, 0x6d, 2, 0, 0, 0))).toBe(false);
    expect(() => new W.Module(Uint8Array.of(1, 2, 3))).toThrow(CompileError);
    expect(W.CompileError).toBe(CompileError);
  });
  it('instantiate returns {module, instance} for bytes and an Instance for a Module', async () => {
    const imports = { env: { f: (x: number) => x + 1, mem: new W.Memory({ initial: 1, maximum: 4 }) } };
    const r = await W.instantiate(bytes, imports) as { module: W.Module; instance: W.Instance };
    expect(r.module).toBeInstanceOf(W.Module);
    expect((r.instance.exports.call_f as (x: number) => number)(1)).toBe(2);
    const i = await W.instantiate(r.module, imports);
    expect(i).toBeInstanceOf(W.Instance);
  });
});

describe('Instance exports', () => {
  const mem = new W.Memory({ initial: 1, maximum: 4 });
  const i = new W.Instance(new W.Module(wat2wasm(SRC)), { env: { f: (x: number) => x * 3, mem } });
  const e = i.exports;

  it('re-exports the imported memory as the same object, and detaches the buffer on growth', () => {
    expect(e.memory).toBe(mem);
    const before = mem.buffer;
    expect(before.byteLength).toBe(65536);
    expect((e.grow as (n: number) => number)(1)).toBe(1);
    expect(before.byteLength).toBe(0);
    expect(mem.buffer.byteLength).toBe(2 * 65536);
    expect((e.grow as (n: number) => number)(10)).toBe(-1);
    expect(mem.grow(1)).toBe(2);
    expect(() => mem.grow(5)).toThrow(RangeError);
  });
  it('globals read and write as JS values (i64 as BigInt)', () => {
    const g = e.g as W.Global;
    expect(g.value).toBe(7n);
    g.value = -1n;
    expect(g.value).toBe(-1n);
    expect(new W.Global({ value: 'f32' }, 1.1).value).toBe(Math.fround(1.1));
    expect(() => { (new W.Global({ value: 'i32' }, 1) as { value: unknown }).value = 2; }).toThrow(TypeError);
  });
  it('tables hold exported functions with stable identity', () => {
    const t = e.tab as W.Table;
    expect(t.length).toBe(2);
    expect(t.get(0)).toBeNull();
    t.set(0, e.call_f);
    expect(t.get(0)).toBe(e.call_f);
    expect(() => t.set(1, () => 1)).toThrow(TypeError);
    expect(t.grow(1)).toBe(2);
    expect(t.length).toBe(3);
  });
  it('passes externrefs through unchanged', () => {
    const o = { x: 1 };
    expect((e.id_ext as (v: unknown) => unknown)(o)).toBe(o);
    expect((e.id_ext as (v: unknown) => unknown)(undefined)).toBeUndefined();
    expect((e.id_ext as (v: unknown) => unknown)(null)).toBeNull();
  });
  it('exceptions can be built from JS and inspected', () => {
    const tag = e.tag as W.Tag;
    const ex = new W.Exception(tag, [42]) as W.Exception & { is(t: W.Tag): boolean; getArg(t: W.Tag, i: number): unknown };
    expect(ex.is(tag)).toBe(true);
    expect(ex.getArg(tag, 0)).toBe(42);
    expect(ex).toBeInstanceOf(W.Exception);
  });
});

describe('raw API', () => {
  it('hostRef gives identical objects for equal n, and refKind classifies references', () => {
    expect(hostRef(3)).toBe(hostRef(3));
    expect(hostRef(3)).not.toBe(hostRef(4));
    expect(isHostRef(hostRef(5), 5)).toBe(true);
    expect(refKind(null)).toBe('null');
    expect(refKind(hostRef(1))).toBe('host');
    const i = new W.Instance(new W.Module(wat2wasm(`(module (func $f) (elem declare func $f)
      (func (export "rf") (result funcref) (ref.func $f))
      (func (export "id") (param externref) (result externref) (local.get 0)))`)), {});
    const [r] = invokeExport(i, 'rf', []);
    expect(r.type === 'ref' && refKind(r.ref)).toBe('func');
    const [h] = invokeExport(i, 'id', [{ type: 'ref', ref: hostRef(9) }]);
    expect(h.type === 'ref' && isHostRef(h.ref, 9)).toBe(true);
  });
  it('rejects wrong argument counts', () => {
    const i = new W.Instance(new W.Module(wat2wasm(`(module (func (export "f") (param i32)))`)), {});
    expect(() => invokeExport(i, 'f', [])).toThrow(TypeError);
  });
});

describe('default reference values', () => {
  it('match the native API for tables and globals', () => {
    const nt = new Native.Table({ element: 'externref', initial: 1 });
    const ot = new W.Table({ element: 'externref', initial: 1 });
    expect(ot.get(0)).toBe(nt.get(0));
    nt.grow(1); ot.grow(1);
    expect(ot.get(1)).toBe(nt.get(1));
    expect(new W.Table({ element: 'anyfunc', initial: 1 }).get(0)).toBe(new Native.Table({ element: 'anyfunc', initial: 1 }).get(0));
    expect(new W.Global({ value: 'externref' }).value).toBe(new Native.Global({ value: 'externref' }).value);
  });
});
