// Local renaming (compile.ts localSet/unrename): when a local is set while the operand stack
// still holds reads of its old value, a value just computed inside a loop goes to the local's
// shadow slot instead of copying the old value out. These functions keep a rename alive across
// every kind of control point (branch, if/else, block end, call, an exception caught by a
// legacy try, which Node 20 runs natively; a second set) and are checked against Node's native WebAssembly on random inputs.

import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { wat2wasm, WebAssembly as W } from '../src/index.js';
import { compileFunction } from '../src/exec/compile.js';
import { C } from '../src/exec/codes.js';
import { EXTERN } from '../src/exec/instantiate.js';
import type { FuncInst } from '../src/exec/func.js';

// Each body runs inside a one-iteration loop: only values set inside loops are renamed.
const wat = `(module
  (tag $e (param i64))
  (func $maybe_throw (param $c i32) (param $v i64) (if (local.get $c) (then (throw $e (local.get $v)))))
  (func $id (param i64) (result i64) (local.get 0))

  ;; the accumulator pattern: acc + (a * new a), with a reused for a new value meanwhile
  (func (export "acc") (param $n i32) (param $x i64) (result i64) (local $a i64) (local $i i32)
    (loop $l
      (local.set $a (i64.add (local.get $a)
        (i64.mul (local.tee $a (i64.or (i64.shr_u (local.get $x) (i64.const 7)) (i64.const 3))) (local.get $a))))
      (local.set $x (i64.add (i64.rotl (local.get $x) (i64.const 13)) (local.get $a)))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (i64.xor (local.get $a) (local.get $x)))

  ;; renamed at a br_if that carries the old value out of its block
  (func (export "br") (param $x i64) (param $c i32) (result i64) (local $a i64) (local $r i64)
    (local.set $a (local.get $x))
    (loop $l
      (local.set $r
        (block $b (result i64)
          (local.get $a)
          (local.set $a (i64.mul (local.get $a) (i64.const 3)))
          (br_if $b (local.get $c))
          (drop)
          (i64.add (local.get $a) (i64.const 1)))))
    (i64.xor (local.get $r) (i64.shl (local.get $a) (i64.const 1))))

  ;; renamed across if/else, with the old value consumed after the end
  (func (export "ifelse") (param $x i64) (param $c i32) (result i64) (local $a i64)
    (local.set $a (local.get $x))
    (loop $l
      (local.set $x
        (i64.sub (local.get $a)
          (local.tee $a (i64.add (local.get $a) (i64.const 0x1234567)))))
      (if (local.get $c)
        (then (local.set $a (i64.mul (local.get $a) (i64.const 5))))
        (else (local.set $x (i64.add (local.get $x) (local.get $a))))))
    (i64.add (local.get $a) (i64.mul (local.get $x) (i64.const 7))))

  ;; the old value is still on the stack at a call whose callee throws; the handler reads the local
  (func (export "call") (param $x i64) (param $c i32) (result i64) (local $a i64)
    (local.set $a (local.get $x))
    (try (result i64)
      (do
        (loop $l
          (local.get $a)
          (local.set $a (i64.xor (local.get $a) (i64.const 0x5555)))
          (call $maybe_throw (local.get $c) (local.get $a))
          (local.set $a (i64.add (call $id (local.get $a)))))
        (i64.const 0))
      (catch $e))
    (i64.add (local.get $a)))

  ;; set again while reads of both the old value and the first new one are on the stack
  (func (export "twice") (param $x i64) (result i64) (local $a i64)
    (local.set $a (local.get $x))
    (loop $l
      (local.set $x
        (i64.add
          (i64.add (local.get $a)
            (local.tee $a (i64.mul (local.get $a) (i64.const 3))))
          (i64.add (local.get $a)
            (local.tee $a (i64.add (local.get $a) (i64.const 11)))))))
    (i64.xor (local.get $x) (local.get $a)))

  ;; still renamed at the loop's branch, whose condition was just computed: the copy home goes
  ;; before the compare, which still fuses with the branch
  (func (export "keep") (param $x i64) (param $n i32) (result i64) (local $y i64)
    (loop $l
      (local.set $y (i64.xor (local.get $y) (i64.add (local.get $x) (local.tee $x (i64.rotl (local.get $x) (i64.const 5))))))
      (br_if $l (i32.gt_s (local.tee $n (i32.sub (local.get $n) (i32.const 1))) (i32.const 0))))
    (i64.add (local.get $x) (local.get $y)))

  ;; the same where the compare reads the local's old value (through the stack), so it cannot move
  (func (export "keep_old") (param $x i64) (param $n i32) (result i64) (local $y i64)
    (loop $l
      (local.get $x)
      (local.set $y (i64.add (local.get $y) (local.tee $x (i64.rotl (local.get $x) (i64.const 3)))))
      (br_if $l (i32.and (i64.ne (local.get $x) (i64.const 0)) (i32.gt_s (local.tee $n (i32.sub (local.get $n) (i32.const 1))) (i32.const 0))))
      (local.set $y (i64.xor (local.get $y))))
    (i64.add (local.get $x) (local.get $y)))

  ;; the branch condition compares the old value itself: the copy home must come after it
  (func (export "keep_cmp_old") (param $x i32) (param $n i32) (result i32) (local $y i32)
    (loop $l
      (local.get $x)
      (local.set $y (i32.add (local.get $y) (local.tee $x (i32.sub (local.get $x) (i32.const 1)))))
      (br_if $l (i32.gt_s (i32.const 0)))
      (local.set $n (i32.add (local.get $n) (i32.const 1))))
    (i32.add (local.get $x) (i32.mul (local.get $y) (local.get $n))))

  ;; renamed, then a fused instruction (xor-shift kept in the local, times a constant) writes the
  ;; shadow slot again just before a call: the copy home must come after that instruction
  (func (export "kept_shadow") (param $x i64) (param $y i64) (result i64)
    (loop $l (result i64)
      (local.get $x)
      (i64.mul (local.tee $x (i64.xor (local.get $y) (i64.shr_u (local.get $y) (i64.const 7)))) (i64.const 0x9e3779b97f4a7c15))
      (call $id)
      (i64.add)
      (i64.add (local.get $x))))

  ;; i32, f32 and f64 locals: f64 values move as f64, NaN bits included
  (func (export "kinds") (param $x i32) (param $f f64) (param $g f32) (result f64) (local $y f64)
    (loop $l
      (local.set $x (i32.add (local.get $x) (local.tee $x (i32.mul (local.get $x) (i32.const 7)))))
      (local.set $g (f32.sub (local.get $g) (local.tee $g (f32.mul (local.get $g) (f32.const 0.5)))))
      (local.set $y (f64.add (local.get $f) (local.tee $f (f64.mul (local.get $f) (f64.const -2))))))
    (f64.add (f64.add (local.get $y) (local.get $f))
      (f64.add (f64.convert_i32_s (local.get $x)) (f64.promote_f32 (local.get $g)))))
)`;

type Fn = (...a: unknown[]) => unknown;
const bytes = wat2wasm(wat);
const ourInstance = new W.Instance(new W.Module(bytes), {});
const ours = ourInstance.exports as Record<string, Fn>;
/** The compiled code of an exported function. */
const codeOf = (name: string) => compileFunction(ourInstance[EXTERN].exports.get(name) as FuncInst).code;
const native = new globalThis.WebAssembly.Instance(new globalThis.WebAssembly.Module(bytes), {}).exports as Record<string, Fn>;
const i64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const flag = fc.integer({ min: 0, max: 1 });
const same = (name: string, ...args: unknown[]) => {
  const want = native[name](...args), got = ours[name](...args);
  if (typeof want === 'number' && Number.isNaN(want)) expect(Number.isNaN(got)).toBe(true);
  else expect(got, `${name}(${args.join(', ')})`).toBe(want);
};

describe('a local set while reads of its old value are on the stack', () => {
  it('agrees with native WebAssembly at every kind of control point', () => {
    fc.assert(fc.property(i64, flag, fc.integer({ min: 1, max: 20 }), (x, c, n) => {
      same('acc', n, x);
      same('br', x, c);
      same('ifelse', x, c);
      same('call', x, c);
      same('twice', x);
      same('keep', x, n);
      same('keep_old', x, n);
      same('keep_cmp_old', n, 0);
      same('kept_shadow', x, x ^ 0x5a5a5a5a5a5an);
    }), { numRuns: 500 });
  });

  it('agrees for i32, f32 and f64 locals', () => {
    fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.double(), fc.float(), (x, f, g) => {
      same('kinds', x, f, g);
    }), { numRuns: 500 });
  });

  it('copies nothing for the accumulator pattern', () => {
    // Without renaming, the tee copies the old value out and the new one in: a MOV2.
    expect(codeOf('acc').includes(C.MOV2)).toBe(false);
  });

  it('keeps a branch condition computed last fused with the branch', () => {
    const code = codeOf('keep');
    expect(code.includes(C.BR_GT_S_IMM)).toBe(true);
    expect(code.includes(C.I32_GT_S_IMM)).toBe(false);
  });
});
