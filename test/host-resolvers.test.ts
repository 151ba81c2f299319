// The resolver chain and host functions seen from wasm: a start function calling
// a host import that reads the module's own (unexported) memory through the
// Caller, user imports asked before the built-in env, instances as providers,
// and the one LinkError listing every missing import.

import { describe, expect, it } from 'vitest';
import { WebAssembly as W, hostFunction, wat2wasm, LinkError, RuntimeError } from '../src/index.js';
import type { Caller, Resolver } from '../src/exec/host.js';
import { chain, env, importObjectResolver, instancesResolver, resolveImports, trapUnknownImportsResolver, wasi } from '../src/host/resolvers.js';
import { decodeModule } from '../src/binary/decode.js';

const mod = (text: string) => new W.Module(wat2wasm(text));

describe('host functions through the Caller', () => {
  it("a start function's host import reads the module's unexported memory", () => {
    const seen: string[] = [];
    const log = hostFunction(['i32', 'i32'], [], (caller: Caller, ptr: number, len: number) => {
      const mem = caller.memory();
      expect(mem).toBeDefined();
      seen.push(new TextDecoder().decode(mem!.bytes.subarray(ptr, ptr + len)));
      // Host code may write back into the caller's memory too.
      mem!.bytes[ptr] = 'J'.charCodeAt(0);
    });
    const m = mod(`(module
      (import "host" "log" (func $log (param i32 i32)))
      (memory 1)
      (data (i32.const 64) "hello from start")
      (global $first (mut i32) (i32.const 0))
      (func $start (call $log (i32.const 64) (i32.const 16)) (global.set $first (i32.load8_u (i32.const 64))))
      (start $start)
      (func (export "first") (result i32) (global.get $first)))`);
    const inst = new W.Instance(m, { host: { log } });
    expect(seen).toEqual(['hello from start']);
    expect((inst.exports.first as () => number)()).toBe('J'.charCodeAt(0));
  });

  it('the Caller is the calling instance, even when the function is shared by two instances', () => {
    const read = hostFunction(['i32'], ['i32'], (caller: Caller, p: number) => caller.memory()!.bytes[p]!);
    const text = (v: number) => `(module (import "h" "read" (func $r (param i32) (result i32))) (memory 1)
      (data (i32.const 0) "\\${v.toString(16).padStart(2, '0')}") (func (export "go") (result i32) (call $r (i32.const 0))))`;
    const a = new W.Instance(mod(text(7)), { h: { read } });
    const b = new W.Instance(mod(text(9)), { h: { read } });
    expect((a.exports.go as () => number)()).toBe(7);
    expect((b.exports.go as () => number)()).toBe(9);
  });
});

describe('resolver chain', () => {
  const importer = `(module
    (import "env" "puts" (func $puts (param i32) (result i32)))
    (import "env" "memory" (memory 1))
    (data (i32.const 0) "via env\\00")
    (func (export "go") (result i32) (call $puts (i32.const 0))))`;

  it("asks the user's env before the built-in one", () => {
    const calls: number[] = [];
    const builtinOut: Uint8Array[] = [];
    const user = importObjectResolver({ env: { puts: (p: number) => { calls.push(p); return 99; } } });
    const inst = new W.Instance(mod(importer), [user, env({ stdout: (b) => builtinOut.push(b) })]);
    expect((inst.exports.go as () => number)()).toBe(99);
    expect(calls).toEqual([0]);
    expect(builtinOut).toEqual([]);
  });

  it('falls back to the built-in env, which creates the imported memory to the declared limits', () => {
    const out: Uint8Array[] = [];
    const e = env({ stdout: (b) => out.push(b) });
    const inst = new W.Instance(mod(importer), [importObjectResolver({ env: {} }), e]);
    expect((inst.exports.go as () => number)()).toBe(8);
    expect(new TextDecoder().decode(out[0])).toBe('via env\n');
    expect(e.createdMemory).toBeInstanceOf(W.Memory);
    expect((e.createdMemory as InstanceType<typeof W.Memory>).buffer.byteLength).toBe(65536);
  });

  it('provides exports of other instances by module name, and chains resolvers', () => {
    const lib = new W.Instance(mod(`(module (func (export "twice") (param i32) (result i32) (i32.shl (local.get 0) (i32.const 1))))`), {});
    const user = mod(`(module (import "lib" "twice" (func $t (param i32) (result i32))) (import "wasi_snapshot_preview1" "sched_yield" (func $y (result i32)))
      (func (export "go") (result i32) (i32.add (call $t (i32.const 21)) (call $y))))`);
    const c = chain(instancesResolver({ lib }), wasi({}));
    const inst = new W.Instance(user, [c]);
    expect((inst.exports.go as () => number)()).toBe(42);
    expect(c.name).toBe('instances > wasi');
  });

  it('one LinkError lists every missing import with its type', () => {
    const m = mod(`(module
      (import "env" "a" (func (param i64 f32) (result f64)))
      (import "wasi_snapshot_preview1" "no_such_call" (func))
      (import "x" "mem" (memory 1 2))
      (import "x" "g" (global i32)))`);
    let err: unknown;
    try { new W.Instance(m, [wasi({}), env()]); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(LinkError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^unknown imports \(4\)/);
    for (const line of ['env.a: func (param i64 f32) (result f64)', 'wasi_snapshot_preview1.no_such_call: func', 'x.mem: memory 1 2', 'x.g: global i32']) {
      expect(msg).toContain(line);
    }
    // The same listing from resolveImports over the decoded module.
    const ast = decodeModule(wat2wasm(`(module (import "a" "b" (func)) (import "c" "d" (table 1 externref)))`));
    expect(() => resolveImports(ast, [])).toThrow(/unknown imports \(2\):\n {2}a\.b: func\n {2}c\.d: table 1 externref/);
  });

  it('trapUnknownImports links missing functions to stubs that trap with their name', () => {
    const m = mod(`(module (import "env" "foo" (func $f (param i32) (result i32))) (func (export "go") (result i32) (call $f (i32.const 1))))`);
    const inst = new W.Instance(m, [], { trapUnknownImports: true });
    expect(() => (inst.exports.go as () => number)()).toThrow(RuntimeError);
    expect(() => (inst.exports.go as () => number)()).toThrow(/unresolved import called: env\.foo/);
    // The same as a resolver at the end of a chain.
    const viaResolver = new W.Instance(m, [trapUnknownImportsResolver()]);
    expect(() => (viaResolver.exports.go as () => number)()).toThrow(/unresolved import called: env\.foo/);
  });

  it('resolvers see the import request with its type and importer', () => {
    const seen: string[] = [];
    const spy: Resolver = { name: 'spy', resolve: (r) => { seen.push(`${r.module}.${r.name}:${r.desc.kind}:${r.importer.imports.length}`); return undefined; } };
    const m = mod(`(module (import "q" "f" (func)) (import "q" "m" (memory 1)))`);
    new W.Instance(m, [spy, { name: 'all', resolve: (r) => (r.desc.kind === 'func' ? () => {} : new W.Memory({ initial: 1 })) }]);
    expect(seen).toEqual(['q.f:func:2', 'q.m:memory:2']);
  });

  it('env creates the linker globals, table and memory an importer declares', () => {
    const m = mod(`(module
      (import "env" "memory" (memory 2 10))
      (import "env" "__indirect_function_table" (table 3 funcref))
      (import "env" "__stack_pointer" (global $sp (mut i32)))
      (import "env" "__memory_base" (global $mb i32))
      (import "env" "__table_base" (global $tb i32))
      (import "env" "emscripten_resize_heap" (func $resize (param i32) (result i32)))
      (import "env" "emscripten_memcpy_big" (func $memcpy (param i32 i32 i32) (result i32)))
      (func (export "sp") (result i32) (global.get $sp))
      (func (export "push") (global.set $sp (i32.sub (global.get $sp) (i32.const 16))))
      (func (export "bases") (result i32) (i32.add (global.get $mb) (global.get $tb)))
      (func (export "tableSize") (result i32) (table.size 0))
      (func (export "pages") (result i32) (memory.size))
      (func (export "resize") (param i32) (result i32) (call $resize (local.get 0)))
      (func (export "copy") (param i32 i32 i32) (result i32) (call $memcpy (local.get 0) (local.get 1) (local.get 2))))`);
    const inst = new W.Instance(m, [env()]);
    const x = inst.exports as Record<string, (...a: number[]) => number>;
    expect(x.sp!()).toBe(2 * 65536);
    x.push!();
    expect(x.sp!()).toBe(2 * 65536 - 16);
    expect(x.bases!()).toBe(1025);
    expect(x.tableSize!()).toBe(3);
    expect(x.pages!()).toBe(2);
    expect(x.resize!(5 * 65536 + 1)).toBe(1);
    expect(x.pages!()).toBe(6);
    expect(x.resize!(20 * 65536)).toBe(0);
    expect(() => x.copy!(0, 6 * 65536 - 2, 4)).toThrow(/out of bounds memory access/);
    expect(x.copy!(100, 0, 4)).toBe(100);
  });

  it('env memcpy/memmove/memset/strlen work on the caller memory and trap out of bounds', () => {
    const m = mod(`(module
      (import "env" "memcpy" (func $cpy (param i32 i32 i32) (result i32)))
      (import "env" "memmove" (func $mv (param i32 i32 i32) (result i32)))
      (import "env" "memset" (func $set (param i32 i32 i32) (result i32)))
      (import "env" "strlen" (func $len (param i32) (result i32)))
      (memory (export "memory") 1)
      (data (i32.const 0) "abcdef\\00")
      (func (export "cpy") (param i32 i32 i32) (result i32) (call $cpy (local.get 0) (local.get 1) (local.get 2)))
      (func (export "mv") (param i32 i32 i32) (result i32) (call $mv (local.get 0) (local.get 1) (local.get 2)))
      (func (export "set") (param i32 i32 i32) (result i32) (call $set (local.get 0) (local.get 1) (local.get 2)))
      (func (export "len") (param i32) (result i32) (call $len (local.get 0))))`);
    const inst = new W.Instance(m, [env()]);
    const x = inst.exports as Record<string, (...a: number[]) => number>;
    const bytes = () => new Uint8Array((inst.exports.memory as InstanceType<typeof W.Memory>).buffer);
    expect(x.len!(0)).toBe(6);
    expect(x.cpy!(100, 0, 7)).toBe(100);
    expect(x.len!(100)).toBe(6);
    expect(x.mv!(1, 0, 5)).toBe(1);
    expect(new TextDecoder().decode(bytes().subarray(0, 6))).toBe('aabcde');
    expect(x.set!(2, 0x7a, 3)).toBe(2);
    expect(new TextDecoder().decode(bytes().subarray(0, 6))).toBe('aazzze');
    expect(() => x.set!(65530, 0, 10)).toThrow(/out of bounds memory access/);
    expect(() => x.cpy!(0, 65535, 2)).toThrow(RuntimeError);
  });
});
