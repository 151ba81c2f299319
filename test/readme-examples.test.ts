// The README's API examples, run for real, so the front page cannot drift from the code.
import { describe, it, expect } from 'vitest';
import { WebAssembly as W, wat2wasm, importObjectResolver, wasi, env, MemFs, Debugger, hostFunction } from '../src/index.js';

describe('README examples', () => {
  it('instantiates and calls an export through the JS-API mirror', async () => {
    const bytes = wat2wasm(`(module
      (func (export "add") (param i32 i32) (result i32)
        (i32.add (local.get 0) (local.get 1))))`);
    const { instance } = await W.instantiate(bytes);
    expect((instance.exports.add as (a: number, b: number) => number)(2, 3)).toBe(5);
  });

  it('resolves imports through a chain: user module first, then WASI, then env', () => {
    const logged: number[] = [];
    const written: string[] = [];
    const module = new W.Module(wat2wasm(`(module
      (import "env" "log" (func $log (param i32)))
      (import "env" "__stack_pointer" (global $sp (mut i32)))
      (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1)
      (data (i32.const 16) "hi\\n")
      (func (export "go") (result i32)
        (call $log (i32.const 42))
        (i32.store (i32.const 0) (i32.const 16)) (i32.store (i32.const 4) (i32.const 3))
        (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
        (global.get $sp)))`));
    const instance = new W.Instance(module, [
      importObjectResolver({ env: { log: (x: number) => logged.push(x) } }),
      wasi({
        args: ['prog', 'arg1'], env: { HOME: '/' }, preopens: { '/data': { fs: new MemFs() } },
        stdout: (b: Uint8Array) => { written.push(new TextDecoder().decode(b)); },
      } as Parameters<typeof wasi>[0]),
      env(),
    ]);
    const sp = (instance.exports.go as () => number)();
    expect(logged).toEqual([42]);
    expect(written.join('')).toBe('hi\n');
    expect(typeof sp).toBe('number'); // supplied by the built-in env, not by the user's module
  });

  it('gives host functions the calling instance, also during start', () => {
    let seen = '';
    const module = new W.Module(wat2wasm(`(module
      (import "host" "peek" (func $peek))
      (memory 1) (data (i32.const 0) "boot")
      (start $peek))`));
    new W.Instance(module, {
      host: { peek: hostFunction([], [], (caller) => { seen = new TextDecoder().decode(caller.memory()!.bytes.subarray(0, 4)); }) },
    });
    expect(seen).toBe('boot');
  });

  it('steps a call with the debugger', () => {
    const instance = new W.Instance(new W.Module(wat2wasm(`(module
      (func $fib (export "fib") (param i32) (result i32)
        (if (result i32) (i32.lt_s (local.get 0) (i32.const 2))
          (then (local.get 0))
          (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                         (call $fib (i32.sub (local.get 0) (i32.const 2))))))))`)));
    const dbg = new Debugger(instance);
    const s = dbg.start('fib', [5]);
    expect(s.step()).toBe('paused');
    expect(s.frames().length).toBe(1);
    const r = s.continue();
    expect(r).toEqual({ done: [{ type: 'i32', value: 5 }] });
    dbg.detach();
    expect((instance.exports.fib as (n: number) => number)(10)).toBe(55);
  });
});
