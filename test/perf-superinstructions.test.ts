// Superinstructions (compile.ts pairs two wasm operations into one interp.ts case): xor of a
// shifted value, a loop increment fused into its branch, two adjacent induction-variable adds,
// two adjacent copies, i32.wrap_i64 read in place and an i64 shift count taken from the i32
// it was extended from. Each is checked against a JS/BigInt model, including the cases where
// the fused instruction's destination is one of its own operands.

import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { wat2wasm, WebAssembly as W } from '../src/index.js';
import { compileFunction } from '../src/exec/compile.js';
import { C } from '../src/exec/codes.js';
import { EXTERN } from '../src/exec/instantiate.js';
import type { FuncInst } from '../src/exec/func.js';

type Fn = (...a: unknown[]) => unknown;
const inst = (wat: string) => new W.Instance(new W.Module(wat2wasm(wat)), {}).exports as Record<string, Fn>;
const i32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const i64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const s64 = (x: bigint) => BigInt.asIntN(64, x);
const u64 = (x: bigint) => BigInt.asUintN(64, x);
const rotl32 = (x: number, k: number) => ((x << (k & 31)) | (x >>> ((32 - (k & 31)) & 31))) | 0;

/** Internal codes of an exported function's compiled form (to check that a fusion happened). */
function codesOf(wat: string, name: string): Set<number> {
  const instance = new W.Instance(new W.Module(wat2wasm(wat)), {});
  const f = instance[EXTERN].exports.get(name) as FuncInst;
  return new Set(compileFunction(f).code);
}

describe('xor of a value shifted by a constant', () => {
  const I32 = [['shr_u', (x: number, k: number) => x >>> (k & 31)], ['shl', (x: number, k: number) => x << (k & 31)], ['rotl', rotl32]] as const;
  const I64 = [['shr_u', (x: bigint, k: bigint) => s64(u64(x) >> k)], ['shl', (x: bigint, k: bigint) => s64(x << k)]] as const;
  const K32 = [0, 1, 7, 16, 31, 32, 45];
  const K64 = [0n, 1n, 12n, 25n, 31n, 32n, 40n, 63n];
  const fns: string[] = [];
  for (const [op] of I32) K32.forEach((k, i) => fns.push(
    `(func (export "i32_${op}_${i}") (param $x i32) (param $y i32) (result i32) (i32.xor (local.get $y) (i32.${op} (local.get $x) (i32.const ${k}))))`,
    `(func (export "i32_${op}_${i}_l") (param $x i32) (param $y i32) (result i32) (i32.xor (i32.${op} (local.get $x) (i32.const ${k})) (local.get $y)))`,
    // the result replaces the shifted operand itself
    `(func (export "i32_${op}_${i}_self") (param $x i32) (result i32)
      (local.set $x (i32.xor (local.get $x) (i32.${op} (local.get $x) (i32.const ${k})))) (local.get $x))`,
  ));
  for (const [op] of I64) K64.forEach((k, i) => fns.push(
    `(func (export "i64_${op}_${i}") (param $x i64) (param $y i64) (result i64) (i64.xor (local.get $y) (i64.${op} (local.get $x) (i64.const ${k}))))`,
    `(func (export "i64_${op}_${i}_l") (param $x i64) (param $y i64) (result i64) (i64.xor (i64.${op} (local.get $x) (i64.const ${k})) (local.get $y)))`,
    `(func (export "i64_${op}_${i}_self") (param $x i64) (param $n i32) (result i64)
      (loop $l
        (local.set $x (i64.xor (local.get $x) (i64.${op} (local.get $x) (i64.const ${k}))))
        (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
      (local.get $x))`,
  ));
  const wat = `(module ${fns.join('\n')})`;
  const m = inst(wat);

  it('i32 forms match the model for both operand orders and in place', () => {
    fc.assert(fc.property(i32, i32, (x, y) => {
      for (const [op, f] of I32) K32.forEach((k, i) => {
        expect(m[`i32_${op}_${i}`](x, y)).toBe((y ^ f(x, k)) | 0);
        expect(m[`i32_${op}_${i}_l`](x, y)).toBe((y ^ f(x, k)) | 0);
        expect(m[`i32_${op}_${i}_self`](x)).toBe((x ^ f(x, k)) | 0);
      });
    }));
  });

  it('i64 forms match the BigInt model, pooled counts in a loop included', () => {
    fc.assert(fc.property(i64, i64, (x, y) => {
      for (const [op, f] of I64) K64.forEach((k, i) => {
        expect(m[`i64_${op}_${i}`](x, y)).toBe(s64(y ^ f(x, k)));
        expect(m[`i64_${op}_${i}_l`](x, y)).toBe(s64(y ^ f(x, k)));
        let r = x;
        for (let j = 0; j < 3; j++) r = s64(r ^ f(r, k));
        expect(m[`i64_${op}_${i}_self`](x, 3)).toBe(r);
      });
    }), { numRuns: 60 });
  });

  it('the fused forms are the ones compiled', () => {
    expect(codesOf(wat, 'i32_rotl_2').has(C.I32_XOR_ROTL_IMM)).toBe(true);
    expect(codesOf(wat, 'i64_shr_u_2_l').has(C.I64_XOR_SHR_U_LO)).toBe(true);
    expect(codesOf(wat, 'i64_shl_3_self').has(C.I64_XOR_SHL_LO)).toBe(true);
  });
});

describe('loop increment fused into its branch', () => {
  // `do i += step while (i CMP limit)` for each compare form, with the limit in a local or as an
  // immediate, and loops whose br_if tests the incremented local itself.
  const CMPS = [['ne', (a: number, b: number) => a !== b], ['lt_s', (a: number, b: number) => a < b],
    ['lt_u', (a: number, b: number) => (a >>> 0) < (b >>> 0)]] as const;
  const fns: string[] = [];
  for (const [cmp] of CMPS) {
    fns.push(`(func (export "${cmp}") (param $i i32) (param $lim i32) (result i32)
      (loop $l (br_if $l (i32.${cmp} (local.tee $i (i32.add (local.get $i) (i32.const 3))) (local.get $lim))))
      (local.get $i))`);
    fns.push(`(func (export "${cmp}_imm") (param $i i32) (result i32)
      (loop $l (br_if $l (i32.${cmp} (local.tee $i (i32.add (local.get $i) (i32.const 7))) (i32.const 700))))
      (local.get $i))`);
  }
  for (const [cmp] of CMPS) fns.push(`(func (export "${cmp}_stride") (param $i i32) (param $s i32) (param $lim i32) (result i32)
      (loop $l (br_if $l (i32.${cmp} (local.tee $i (i32.add (local.get $i) (local.get $s))) (local.get $lim))))
      (local.get $i))`);
  fns.push(`(func (export "countdown") (param $i i32) (result i32) (local $n i32)
    (loop $l
      (local.set $n (i32.xor (i32.mul (local.get $n) (i32.const 3)) (local.get $i)))
      (br_if $l (local.tee $i (i32.add (local.get $i) (i32.const -1)))))
    (local.get $n))`);
  fns.push(`(func (export "until_zero") (param $i i32) (result i32) (local $n i32)
    (block $done (loop $l
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $done (i32.eqz (local.tee $i (i32.add (local.get $i) (i32.const 2)))))
      (br $l)))
    (local.get $n))`);
  const wat = `(module ${fns.join('\n')})`;
  const m = inst(wat);
  const model = (f: (a: number, b: number) => boolean, i: number, step: number, lim: number) => {
    do i = (i + step) | 0; while (f(i, lim));
    return i;
  };

  it('ends where the model ends', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1, max: 99 }), (i0, lim, t) => {
      expect(m.ne(i0, i0 + 3 * t)).toBe(i0 + 3 * t);
      expect(m.ne_imm(700 - 7 * t)).toBe(700);
      expect(m.lt_s(i0 - 1000, lim - 1000)).toBe(model(CMPS[1][1], i0 - 1000, 3, lim - 1000));
      expect(m.lt_u(i0, lim)).toBe(model(CMPS[2][1], i0, 3, lim));
      for (const [cmp, f] of CMPS.slice(1)) expect(m[`${cmp}_imm`](i0)).toBe(model(f, i0, 7, 700));
      expect(m.ne_stride(i0, t, i0 + 5 * t)).toBe(i0 + 5 * t);
      expect(m.lt_s_stride(i0 - 1000, t, lim - 1000)).toBe(model(CMPS[1][1], i0 - 1000, t, lim - 1000));
      expect(m.lt_u_stride(i0, t, lim)).toBe(model(CMPS[2][1], i0, t, lim));
    }));
    expect(m.lt_s(-5, -2147483648)).toBe(-2);
    expect(m.lt_u(-5, 3)).toBe(-2);
  });

  it('stops where the model stops when the branch reads the incremented local', () => {
    for (const n of [1, 2, 5, 100]) {
      let r = 0;
      for (let i = n; i !== 0; i--) r = Math.imul(r, 3) ^ i;
      expect(m.countdown(n)).toBe(r);
    }
    expect(m.until_zero(-10)).toBe(5);
    expect(m.until_zero(-2)).toBe(1);
  });

  it('the fused forms are the ones compiled', () => {
    expect(codesOf(wat, 'ne').has(C.ADD_IMM_BR_NE)).toBe(true);
    expect(codesOf(wat, 'lt_u_imm').has(C.ADD_IMM_BR_LT_U_IMM)).toBe(true);
    expect(codesOf(wat, 'countdown').has(C.ADD_IMM_BR_IF)).toBe(true);
    expect(codesOf(wat, 'lt_u_stride').has(C.ADD_BR_LT_U)).toBe(true);
  });
});

describe('paired adds and copies', () => {
  const wat = `(module
    (func (export "bump") (param $p i32) (param $q i32) (param $n i32) (result i32)
      (loop $l
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (local.set $q (i32.add (local.get $q) (i32.const -12)))
        (br_if $l (local.tee $n (i32.add (local.get $n) (i32.const -1)))))
      (i32.xor (local.get $p) (i32.mul (local.get $q) (i32.const 31))))
    ;; the second add reads what the first just wrote
    (func (export "chain") (param $p i32) (result i32)
      (local.set $p (i32.add (local.get $p) (i32.const 5)))
      (local.set $p (i32.add (local.get $p) (i32.const 7)))
      (local.get $p))
    ;; a rotation of three locals and a swap, through copies only
    (func (export "rotate") (param $a i32) (param $b i32) (param $c i32) (param $n i32) (result i32) (local $t i32)
      (loop $l
        (local.set $t (local.get $a))
        (local.set $a (local.get $b))
        (local.set $b (local.get $c))
        (local.set $c (local.get $t))
        (br_if $l (local.tee $n (i32.add (local.get $n) (i32.const -1)))))
      (i32.add (i32.mul (local.get $a) (i32.const 1000000)) (i32.add (i32.mul (local.get $b) (i32.const 1000)) (local.get $c))))
    (func (export "swap64") (param $x i64) (param $y i64) (result i64) (local $t i64)
      (local.set $t (local.get $x))
      (local.set $x (local.get $y))
      (local.set $y (local.get $t))
      (i64.sub (local.get $x) (local.get $y))))`;
  const m = inst(wat);

  it('match the model', () => {
    fc.assert(fc.property(i32, i32, fc.integer({ min: 1, max: 50 }), (p, q, n) => {
      expect(m.bump(p, q, n)).toBe(((p + 8 * n) | 0) ^ Math.imul((q - 12 * n) | 0, 31));
      expect(m.chain(p)).toBe((p + 12) | 0);
    }));
    fc.assert(fc.property(fc.integer({ min: 1, max: 9 }), (n) => {
      const v = [1, 2, 3];
      for (let i = 0; i < n; i++) v.push(v.shift()!);
      expect(m.rotate(1, 2, 3, n)).toBe(v[0] * 1000000 + v[1] * 1000 + v[2]);
    }));
    fc.assert(fc.property(i64, i64, (x, y) => { expect(m.swap64(x, y)).toBe(s64(y - x)); }));
  });

  it('the paired forms are the ones compiled', () => {
    expect(codesOf(wat, 'bump').has(C.ADD_IMM2)).toBe(true);
    expect(codesOf(wat, 'rotate').has(C.MOV2)).toBe(true);
  });
});

describe('i32.wrap_i64 in place and i64 shift counts from an extended i32', () => {
  const wat = `(module
    ;; the wrapped value must survive the local being overwritten while it is on the stack
    (func (export "wrap_then_set") (param $x i64) (result i32)
      (local.get $x) (i32.wrap_i64) (local.set $x (i64.const 7)) (i32.wrap_i64 (local.get $x)) (i32.sub))
    (func (export "wrap_temp") (param $x i64) (param $y i64) (result i32)
      (i32.wrap_i64 (i64.mul (local.get $x) (local.get $y))))
    (func (export "wrap_set") (param $x i64) (param $y i64) (result i32) (local $r i32)
      (local.set $r (i32.wrap_i64 (i64.add (local.get $x) (local.get $y)))) (local.get $r))
    (func (export "rotl_u") (param $x i64) (param $k i32) (result i64) (i64.rotl (local.get $x) (i64.extend_i32_u (i32.or (local.get $k) (i32.const 1)))))
    (func (export "rotr_s") (param $x i64) (param $k i32) (result i64) (i64.rotr (local.get $x) (i64.extend_i32_s (local.get $k))))
    (func (export "shl_u") (param $x i64) (param $k i32) (result i64) (i64.shl (local.get $x) (i64.extend_i32_u (local.get $k))))
    (func (export "shr_s_s") (param $x i64) (param $k i32) (result i64) (i64.shr_s (local.get $x) (i64.extend_i32_s (i32.and (local.get $k) (i32.const 255)))))
    (func (export "shr_u_u") (param $x i64) (param $k i32) (result i64) (i64.shr_u (local.get $x) (i64.extend_i32_u (i32.add (local.get $k) (i32.const 3))))))`;
  const m = inst(wat);
  const rotl64 = (x: bigint, k: number) => { const n = BigInt(k & 63); return s64((u64(x) << n) | (u64(x) >> ((64n - n) & 63n))); };

  it('match the model', () => {
    fc.assert(fc.property(i64, i64, i32, (x, y, k) => {
      expect(m.wrap_then_set(x)).toBe((Number(BigInt.asIntN(32, x)) - 7) | 0);
      expect(m.wrap_temp(x, y)).toBe(Number(BigInt.asIntN(32, x * y)));
      expect(m.wrap_set(x, y)).toBe(Number(BigInt.asIntN(32, x + y)));
      expect(m.rotl_u(x, k)).toBe(rotl64(x, k | 1));
      expect(m.rotr_s(x, k)).toBe(rotl64(x, 64 - (k & 63)));
      expect(m.shl_u(x, k)).toBe(s64(x << BigInt(k & 63)));
      expect(m.shr_s_s(x, k)).toBe(x >> BigInt(k & 255 & 63));
      expect(m.shr_u_u(x, k)).toBe(s64(u64(x) >> BigInt(((k + 3) | 0) & 63)));
    }));
  });

  it('no instruction is left for the wrap or the extension', () => {
    expect(codesOf(wat, 'wrap_set').has(C.I32_WRAP_I64)).toBe(false);
    expect(codesOf(wat, 'rotl_u').has(C.I64_EXTEND_I32_U)).toBe(false);
    expect(codesOf(wat, 'rotr_s').has(C.I64_EXTEND_I32_S)).toBe(false);
  });
});

describe('f64 multiply feeding an add or subtract, sums of three, y[i] += a * x[j]', () => {
  const wat = `(module (memory (export "mem") 1)
    (func (export "mul_add_r") (param $a f64) (param $b f64) (param $c f64) (result f64) (f64.add (local.get $c) (f64.mul (local.get $a) (local.get $b))))
    (func (export "mul_add_l") (param $a f64) (param $b f64) (param $c f64) (result f64) (f64.add (f64.mul (local.get $a) (local.get $b)) (local.get $c)))
    (func (export "mul_sub") (param $a f64) (param $b f64) (param $c f64) (result f64) (f64.sub (f64.mul (local.get $a) (local.get $b)) (local.get $c)))
    (func (export "sub_mul") (param $a f64) (param $b f64) (param $c f64) (result f64) (f64.sub (local.get $c) (f64.mul (local.get $a) (local.get $b))))
    (func (export "dot3") (param $x f64) (param $y f64) (param $z f64) (result f64)
      (f64.add (f64.add (f64.mul (local.get $x) (local.get $x)) (f64.mul (local.get $y) (local.get $y))) (f64.mul (local.get $z) (local.get $z))))
    (func (export "add3") (param $a i32) (param $b i32) (param $c i32) (result i32) (i32.add (i32.add (local.get $a) (local.get $b)) (local.get $c)))
    (func (export "add3_r") (param $a i32) (param $b i32) (param $c i32) (result i32) (i32.add (local.get $c) (i32.add (local.get $a) (local.get $b))))
    (func (export "add4_self") (param $a i32) (param $b i32) (result i32)
      (local.set $a (i32.add (i32.add (i32.add (local.get $a) (local.get $b)) (local.get $a)) (local.get $b))) (local.get $a))
    ;; y[i] += a * x[i] over n elements (x at 0, y at 8 * n), as clang writes it
    (func (export "axpy") (param $a f64) (param $x i32) (param $y i32) (param $n i32)
      (loop $l
        (f64.store (local.get $y) (f64.add (f64.mul (local.get $a) (f64.load offset=0 (local.get $x))) (f64.load (local.get $y))))
        (local.set $x (i32.add (local.get $x) (i32.const 8)))
        (local.set $y (i32.add (local.get $y) (i32.const 8)))
        (br_if $l (local.tee $n (i32.add (local.get $n) (i32.const -1))))))
    (func (export "poke") (param $i i32) (param $v f64) (f64.store (local.get $i) (local.get $v)))
    (func (export "peek") (param $i i32) (result f64) (f64.load (local.get $i))))`;
  const m = inst(wat);
  const f64 = fc.oneof(fc.double(), fc.constantFrom(0, -0, Infinity, -Infinity, NaN, 1e308, 5e-324));
  const same = (x: unknown, y: number) => expect(Number.isNaN(x) ? NaN : x).toBe(y);

  it('match two separately rounded operations', () => {
    fc.assert(fc.property(f64, f64, f64, (a, b, c) => {
      same(m.mul_add_r(a, b, c), c + a * b);
      same(m.mul_add_l(a, b, c), a * b + c);
      same(m.mul_sub(a, b, c), a * b - c);
      same(m.sub_mul(a, b, c), c - a * b);
      same(m.dot3(a, b, c), a * a + b * b + c * c);
    }));
    // a fused multiply-add would round once: 0.1 * 10 - 1 is 5.55e-17 with FMA, 0 without
    expect(m.mul_sub(0.1, 10, 1)).toBe(0);
  });

  it('i32 sums of three match the model', () => {
    fc.assert(fc.property(i32, i32, i32, (a, b, c) => {
      expect(m.add3(a, b, c)).toBe((a + b + c) | 0);
      expect(m.add3_r(a, b, c)).toBe((a + b + c) | 0);
      expect(m.add4_self(a, b)).toBe((2 * a + 2 * b) | 0);
    }));
  });

  it('axpy matches the model and traps where the plain loads and store would', () => {
    fc.assert(fc.property(f64, fc.array(fc.double({ noNaN: true }), { minLength: 1, maxLength: 8 }), fc.array(fc.double({ noNaN: true }), { minLength: 8, maxLength: 8 }), (a, xs, ys) => {
      const n = xs.length;
      xs.forEach((v, i) => m.poke(8 * i, v));
      ys.forEach((v, i) => m.poke(64 + 8 * i, v));
      m.axpy(a, 0, 64, n);
      for (let i = 0; i < 8; i++) same(m.peek(64 + 8 * i), i < n ? ys[i] + a * xs[i] : ys[i]);
    }));
    m.poke(65528, 1);
    expect(() => m.axpy(2, 65536 - 8, 65529, 1)).toThrow(/out of bounds memory access/);
    expect(m.peek(65528)).toBe(1); // the trap left memory as it was
    expect(() => m.axpy(2, 65529, 0, 1)).toThrow(/out of bounds memory access/);
  });

  it('the fused forms are the ones compiled', () => {
    expect(codesOf(wat, 'sub_mul').has(C.F64_SUB_MUL)).toBe(true);
    expect(codesOf(wat, 'dot3').has(C.F64_MUL_ADD)).toBe(true);
    expect(codesOf(wat, 'add3_r').has(C.I32_ADD3)).toBe(true);
    expect(codesOf(wat, 'axpy').has(C.F64_MUL_LOAD_ADD_STORE)).toBe(true);
  });
});

describe('comparing two bytes at base + index and branching', () => {
  const wat = `(module (memory (export "mem") 1)
    ;; the length of the common prefix of p[..] and q[..], at most max (as an LZ77 matcher)
    (func (export "match") (param $p i32) (param $q i32) (param $max i32) (result i32) (local $i i32)
      (block $done (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $max)))
        (br_if $done (i32.ne (i32.load8_u (i32.add (local.get $p) (local.get $i))) (i32.load8_u offset=0 (i32.add (local.get $q) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
      (local.get $i))
    (func (export "same") (param $p i32) (param $q i32) (result i32)
      (if (result i32) (i32.eq (i32.load8_u offset=3 (i32.add (local.get $p) (local.get $q))) (i32.load8_u (i32.add (local.get $q) (local.get $p))))
        (then (i32.const 1)) (else (i32.const 0))))
    (func (export "poke") (param $i i32) (param $v i32) (i32.store8 (local.get $i) (local.get $v))))`;
  const m = inst(wat);

  it('matches the model', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: 63 }), (bytes, max, k) => {
      // q is p with byte k changed
      bytes.forEach((v, i) => { m.poke(1000 + i, v); m.poke(2000 + i, i === k ? v ^ 0x5a : v); });
      expect(m.match(1000, 2000, max)).toBe(Math.min(max, k));
      if (k <= 60) expect(m.same(1000, k)).toBe(bytes[k + 3] === bytes[k] ? 1 : 0);
    }));
  });

  it('traps on either byte out of bounds', () => {
    expect(() => m.match(65535, 0, 2)).toThrow(/out of bounds memory access/);
    expect(() => m.match(0, 65535, 2)).toThrow(/out of bounds memory access/);
    expect(() => m.same(65533, 0)).toThrow(/out of bounds memory access/);
  });

  it('the fused form is the one compiled', () => {
    expect(codesOf(wat, 'match').has(C.BR_NE_BYTES_X)).toBe(true);
    expect(codesOf(wat, 'same').has(C.BR_NE_BYTES_X) || codesOf(wat, 'same').has(C.BR_EQ_BYTES_X)).toBe(true);
  });
});

describe('two rotations xored, and an i64 xor-shift feeding a multiply', () => {
  const wat = `(module
    ;; SHA-256's Σ0: rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22), as clang writes it (rotl by 30, 19, 10)
    (func (export "sigma") (param $x i32) (result i32)
      (i32.xor (i32.xor (i32.rotl (local.get $x) (i32.const 30)) (i32.rotl (local.get $x) (i32.const 19))) (i32.rotl (local.get $x) (i32.const 10))))
    (func (export "rot2") (param $x i32) (param $y i32) (param $k i32) (result i32)
      (i32.xor (i32.rotl (local.get $y) (i32.const 7)) (i32.rotl (local.get $x) (i32.const 0))))
    ;; splitmix64's finaliser
    (func (export "mix") (param $z i64) (result i64)
      (local.set $z (i64.mul (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 30))) (i64.const 0xbf58476d1ce4e5b9)))
      (local.set $z (i64.mul (i64.const 0x94d049bb133111eb) (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 27)))))
      (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 31))))
    (func (export "xsm") (param $a i64) (param $b i64) (param $m i64) (result i64)
      (i64.mul (local.get $m) (i64.xor (local.get $b) (i64.shr_u (local.get $a) (i64.const 13)))))
    ;; xorshift64*'s output: the state kept in a local, then multiplied (and the state read after);
    ;; in a loop, where the constant is pooled rather than loaded by an instruction of its own
    (func (export "star") (param $s i64) (result i64)
      (loop $l (result i64)
        (i64.add (i64.mul (local.tee $s (i64.xor (local.get $s) (i64.shr_u (local.get $s) (i64.const 27)))) (i64.const 0x2545f4914f6cdd1d))
          (local.get $s))))
    ;; the state squared: the other operand reads the local the xor-shift just wrote
    (func (export "square") (param $s i64) (result i64)
      (i64.mul (local.tee $s (i64.xor (local.get $s) (i64.shr_u (local.get $s) (i64.const 9)))) (local.get $s)))
    ;; kept in one local, multiplied by another that the product then overwrites
    (func (export "over") (param $s i64) (param $k i64) (result i64)
      (local.set $k (i64.mul (local.get $k) (local.tee $s (i64.xor (local.get $k) (i64.shr_u (local.get $s) (i64.const 5))))))
      (i64.xor (local.get $k) (i64.rotl (local.get $s) (i64.const 7)))))`;
  const m = inst(wat);
  const rotl = (x: number, k: number) => rotl32(x, k);

  it('match the model', () => {
    fc.assert(fc.property(i32, i32, (x, y) => {
      expect(m.sigma(x)).toBe(rotl(x, 30) ^ rotl(x, 19) ^ rotl(x, 10));
      expect(m.rot2(x, y, 0)).toBe(rotl(y, 7) ^ x);
    }));
    const M = (2n ** 64n) - 1n;
    const mix = (z: bigint) => {
      z = BigInt.asUintN(64, z);
      z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M;
      z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M;
      return s64(z ^ (z >> 31n));
    };
    fc.assert(fc.property(i64, i64, i64, (a, b, mm) => {
      expect(m.mix(a)).toBe(mix(a));
      expect(m.xsm(a, b, mm)).toBe(s64((u64(b) ^ (u64(a) >> 13n)) * u64(mm)));
      const x27 = u64(a) ^ (u64(a) >> 27n), x9 = u64(a) ^ (u64(a) >> 9n), x5 = u64(b) ^ (u64(a) >> 5n);
      expect(m.star(a)).toBe(s64(x27 * 0x2545f4914f6cdd1dn + x27));
      expect(m.square(a)).toBe(s64(x9 * x9));
      const k = u64(b * x5);
      expect(m.over(a, b)).toBe(s64(k ^ u64((x5 << 7n) | (x5 >> 57n))));
    }));
  });

  it('the fused forms are the ones compiled', () => {
    expect(codesOf(wat, 'sigma').has(C.I32_XOR_ROTL2)).toBe(true);
    expect(codesOf(wat, 'mix').has(C.I64_XOR_SHR_U_MUL)).toBe(true);
    expect(codesOf(wat, 'xsm').has(C.I64_XOR_SHR_U_MUL)).toBe(true);
    expect(codesOf(wat, 'star').has(C.I64_XOR_SHR_U_MUL)).toBe(true);
    expect(codesOf(wat, 'over').has(C.I64_XOR_SHR_U_MUL)).toBe(true);
    // x * x reads x's slot before the fused instruction would write it: not fused
    expect(codesOf(wat, 'square').has(C.I64_XOR_SHR_U_MUL)).toBe(false);
  });
});

describe('two i64 xorshift steps', () => {
  // x ^= x >> a; x ^= x << b (each direction pair), the first result kept in a local that is read
  // afterwards, and the second written to the same local or elsewhere.
  const step = (dir: string, k: number, v: string) => `(i64.xor (local.get ${v}) (i64.${dir} (local.get ${v}) (i64.const ${k})))`;
  const pair = (name: string, d1: string, k1: number, d2: string, k2: number, same: boolean) => `
    (func (export "${name}") (param $x i64) (param $y i64) (result i64) (local $t i64)
      (local.set $t ${step(d1, k1, '$x')})
      ${same ? `(local.set $t ${step(d2, k2, '$t')}) (local.get $t)` : `(i64.add (i64.mul ${step(d2, k2, '$t')} (i64.const 3)) (local.get $t))`})`;
  const wat = `(module
    ${pair('rl', 'shr_u', 12, 'shl', 25, true)} ${pair('lr', 'shl', 13, 'shr_u', 7, true)}
    ${pair('rr', 'shr_u', 1, 'shr_u', 31, false)} ${pair('ll', 'shl', 31, 'shl', 1, false)}
    ${pair('rl_kept', 'shr_u', 17, 'shl', 5, false)}
    (func (export "xorshift64") (param $x i64) (param $n i32) (result i64)
      (loop $l
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 13))))
        (local.set $x (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 7))))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 17))))
        (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
      (local.get $x)))`;
  const m = inst(wat) as Record<string, (a: bigint, b: bigint | number) => bigint>;
  const sh = (dir: string, x: bigint, k: number) => (dir === 'shl' ? u64(x << BigInt(k)) : u64(x) >> BigInt(k));
  const model = (d1: string, k1: number, d2: string, k2: number, same: boolean, x: bigint) => {
    const t = u64(x) ^ sh(d1, x, k1), r = t ^ sh(d2, t, k2);
    return s64(same ? r : r * 3n + t);
  };
  it('match the model', () => {
    fc.assert(fc.property(i64, (x) => {
      expect(m.rl(x, 0n)).toBe(model('shr_u', 12, 'shl', 25, true, x));
      expect(m.lr(x, 0n)).toBe(model('shl', 13, 'shr_u', 7, true, x));
      expect(m.rr(x, 0n)).toBe(model('shr_u', 1, 'shr_u', 31, false, x));
      expect(m.ll(x, 0n)).toBe(model('shl', 31, 'shl', 1, false, x));
      expect(m.rl_kept(x, 0n)).toBe(model('shr_u', 17, 'shl', 5, false, x));
      let y = u64(x);
      for (let i = 0; i < 5; i++) { y ^= u64(y << 13n); y ^= y >> 7n; y ^= u64(y << 17n); }
      expect(m.xorshift64(x, 5)).toBe(s64(y));
    }), { numRuns: 1000 });
  });
  it('is one instruction', () => {
    for (const f of ['rl', 'lr', 'rr', 'll', 'rl_kept', 'xorshift64']) expect(codesOf(wat, f).has(C.I64_XOR_SHIFT2), f).toBe(true);
  });
});

describe('an i64 shift right by a constant feeding an or', () => {
  // (x >> k) | c: into a temporary, or kept in a local (read again after); k below and above 32;
  // not fused when c reads the local the shift just wrote.
  const wat = `(module
    ;; in a loop, where the constant is pooled rather than loaded by an instruction of its own
    (func (export "bits") (param $x i64) (param $c i64) (result f64)
      (loop $l (result f64)
        (f64.reinterpret_i64 (i64.or (i64.shr_u (local.get $x) (i64.const 12)) (i64.const 0x3ff0000000000000)))))
    (func (export "hi") (param $x i64) (param $c i64) (result i64)
      (i64.or (local.get $c) (i64.shr_u (local.get $x) (i64.const 40))))
    (func (export "kept") (param $x i64) (param $c i64) (result i64) (local $t i64)
      (i64.xor (i64.or (local.tee $t (i64.shr_u (local.get $x) (i64.const 7))) (local.get $c)) (i64.shl (local.get $t) (i64.const 1))))
    (func (export "kept_hi") (param $x i64) (param $c i64) (result i64)
      (local.set $c (i64.or (local.tee $x (i64.shr_u (local.get $x) (i64.const 33))) (local.get $c)))
      (i64.add (local.get $c) (i64.mul (local.get $x) (i64.const 3))))
    (func (export "self") (param $x i64) (param $c i64) (result i64)
      (i64.or (local.tee $x (i64.shr_u (local.get $x) (i64.const 3))) (local.get $x))))`;
  const m = inst(wat) as Record<string, (a: bigint, b: bigint) => bigint | number>;
  it('match the model', () => {
    const f64 = new Float64Array(1), u = new BigUint64Array(f64.buffer);
    fc.assert(fc.property(i64, i64, (x, c) => {
      u[0] = (u64(x) >> 12n) | 0x3ff0000000000000n;
      expect(m.bits(x, c)).toBe(f64[0]);
      expect(m.hi(x, c)).toBe(s64(u64(c) | (u64(x) >> 40n)));
      const t = u64(x) >> 7n;
      expect(m.kept(x, c)).toBe(s64((t | u64(c)) ^ u64(t << 1n)));
      const h = u64(x) >> 33n;
      expect(m.kept_hi(x, c)).toBe(s64((h | u64(c)) + h * 3n));
      expect(m.self(x, c)).toBe(s64(u64(x) >> 3n));
    }), { numRuns: 1000 });
  });
  it('is one instruction', () => {
    for (const f of ['bits', 'hi', 'kept', 'kept_hi']) expect(codesOf(wat, f).has(C.I64_SHR_U_OR), f).toBe(true);
    expect(codesOf(wat, 'self').has(C.I64_SHR_U_OR)).toBe(false);
  });
});

describe('f32x4 multiply feeding an add', () => {
  const wat = `(module (memory (export "mem") 1)
    (func (export "madd") (v128.store (i32.const 48) (f32x4.add (f32x4.mul (v128.load (i32.const 0)) (v128.load (i32.const 16))) (v128.load (i32.const 32)))))
    (func (export "addm") (v128.store (i32.const 48) (f32x4.add (v128.load (i32.const 32)) (f32x4.mul (v128.load (i32.const 0)) (v128.load (i32.const 16))))))
    ;; z = z * z + c, the result written over an operand
    (func (export "iter") (param $n i32) (local $z v128) (local $c v128)
      (local.set $z (v128.load (i32.const 0))) (local.set $c (v128.load (i32.const 32)))
      (loop $l
        (local.set $z (f32x4.add (f32x4.mul (local.get $z) (local.get $z)) (local.get $c)))
        (br_if $l (local.tee $n (i32.add (local.get $n) (i32.const -1)))))
      (v128.store (i32.const 48) (local.get $z))))`;
  const m = inst(wat);
  const mem = () => new Float32Array((m.mem as { buffer: ArrayBuffer }).buffer);
  const f32 = fc.oneof(fc.float(), fc.constantFrom(0, -0, Infinity, -Infinity, NaN, 3.4e38, 1e-45));
  const lanes = fc.array(f32, { minLength: 4, maxLength: 4 });
  const same = (x: number, y: number) => expect(Number.isNaN(x) ? NaN : x).toBe(Number.isNaN(y) ? NaN : y);

  it('each lane rounds the product to f32, then the sum', () => {
    fc.assert(fc.property(lanes, lanes, lanes, (a, b, c) => {
      const f = mem();
      f.set(a, 0); f.set(b, 4); f.set(c, 8);
      m.madd();
      const r = (x: number) => Math.fround(x);
      for (let i = 0; i < 4; i++) same(mem()[12 + i], r(r(r(a[i]) * r(b[i])) + r(c[i])));
      m.addm();
      for (let i = 0; i < 4; i++) same(mem()[12 + i], r(r(c[i]) + r(r(a[i]) * r(b[i]))));
    }));
    // 1 + 2^-12 squared is 1 + 2^-11 + 2^-24: rounding the product first loses the 2^-24
    const f = mem();
    f.set([1 + 2 ** -12, 0, 0, 0], 0); f.set([1 + 2 ** -12, 0, 0, 0], 4); f.set([-1, 0, 0, 0], 8);
    m.addm();
    expect(mem()[12]).toBe(2 ** -11);
  });

  it('an iterated z = z * z + c matches the model', () => {
    fc.assert(fc.property(fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }), fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }), (z0, c) => {
      const f = mem();
      f.set(z0, 0); f.set(c, 8);
      m.iter(5);
      for (let i = 0; i < 4; i++) {
        let z = Math.fround(z0[i]);
        for (let k = 0; k < 5; k++) z = Math.fround(Math.fround(z * z) + Math.fround(c[i]));
        same(mem()[12 + i], z);
      }
    }));
  });

  it('the fused form is the one compiled', () => {
    expect(codesOf(wat, 'addm').has(C.F32X4_MUL_ADD)).toBe(true);
    expect(codesOf(wat, 'iter').has(C.F32X4_MUL_ADD)).toBe(true);
  });
});

describe('or-ing 32-bit lanes together', () => {
  const wat = `(module (memory (export "mem") 1)
    (func (export "any") (result i32) (local $v v128)
      (local.set $v (v128.load (i32.const 0)))
      (i32.or (i32.or (i32.or (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 1 (local.get $v)))
        (i32x4.extract_lane 2 (local.get $v))) (f32x4.extract_lane 3 (local.get $v)) (i32.reinterpret_f32)))
    (func (export "any4") (result i32) (local $v v128)
      (local.set $v (v128.load (i32.const 0)))
      (i32.or (i32.or (i32.or (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 1 (local.get $v)))
        (i32x4.extract_lane 2 (local.get $v))) (i32x4.extract_lane 3 (local.get $v))))
    ;; out of order, and two vectors: still correct, fused only where the lanes run 0, 1, 2, ...
    (func (export "mixed") (result i32) (local $v v128) (local $w v128)
      (local.set $v (v128.load (i32.const 0)))
      (local.set $w (v128.load (i32.const 16)))
      (i32.or (i32.or (i32.or (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 2 (local.get $v)))
        (i32x4.extract_lane 1 (local.get $v))) (i32.or (i32x4.extract_lane 0 (local.get $w)) (i32x4.extract_lane 1 (local.get $v)))))
    (func (export "poke") (param $i i32) (param $x i32) (i32.store (local.get $i) (local.get $x))))`;
  const m = inst(wat);
  it('matches the model', () => {
    fc.assert(fc.property(fc.array(fc.oneof(i32, fc.constant(0)), { minLength: 8, maxLength: 8 }), (v) => {
      v.forEach((x, i) => m.poke(4 * i, x));
      expect(m.any()).toBe(v[0] | v[1] | v[2] | v[3]);
      expect(m.any4()).toBe(v[0] | v[1] | v[2] | v[3]);
      expect(m.mixed()).toBe(v[0] | v[2] | v[1] | v[4] | v[1]);
    }));
  });
  it('the fused forms are the ones compiled', () => {
    expect(codesOf(wat, 'any').has(C.I32_OR_LANES)).toBe(true);
    expect(codesOf(wat, 'any4').has(C.I32_OR_LANES)).toBe(true);
    expect(codesOf(wat, 'any4').has(C.V128_EXTRACT32)).toBe(false);
    expect(codesOf(wat, 'mixed').has(C.I32_OR_LANE)).toBe(true);
  });
});

describe('i64 operations that absorb the instruction computing an operand', () => {
  // mul or xor then add, mul then sub; xor with a value shifted or rotated by a variable count; popcnt of a xor;
  // clz/ctz of an or. Each in both operand orders where the op commutes, and writing over an operand.
  const bin = (name: string, body: string) =>
    `(func (export "${name}") (param $a i64) (param $b i64) (param $c i64) (result i64) ${body})`;
  const wat = `(module
    ${bin('mul', '(i64.mul (local.get $a) (local.get $b))')}
    ${bin('mul_add', '(i64.add (i64.mul (local.get $a) (local.get $b)) (local.get $c))')}
    ${bin('xor_add', '(i64.add (i64.xor (local.get $a) (local.get $b)) (local.get $c))')}
    ${bin('add_xor', '(i64.add (local.get $c) (i64.xor (local.get $a) (local.get $b)))')}
    ${bin('xor_add_self', '(local.set $b (i64.add (i64.xor (local.get $a) (local.get $b)) (local.get $b))) (local.get $b)')}
    ${bin('add_mul', '(i64.add (local.get $c) (i64.mul (local.get $a) (local.get $b)))')}
    ${bin('mul_sub', '(i64.sub (i64.mul (local.get $a) (local.get $b)) (local.get $c))')}
    ${bin('sub_mul', '(i64.sub (local.get $c) (i64.mul (local.get $a) (local.get $b)))')}
    ${bin('mul_add_self', '(local.set $c (i64.add (i64.mul (local.get $c) (local.get $b)) (local.get $c))) (local.get $c)')}
    ${bin('mul_sub_self', '(local.set $a (i64.sub (i64.mul (local.get $a) (local.get $b)) (local.get $a))) (local.get $a)')}
    ${bin('xor_shl', '(i64.xor (local.get $c) (i64.shl (local.get $a) (local.get $b)))')}
    ${bin('shl_xor', '(i64.xor (i64.shl (local.get $a) (i64.extend_i32_u (i32.wrap_i64 (local.get $b)))) (local.get $c))')}
    ${bin('xor_shl_self', '(local.set $a (i64.xor (local.get $a) (i64.shl (local.get $a) (local.get $b)))) (local.get $a)')}
    ${bin('xor_rotl', '(i64.xor (local.get $c) (i64.rotl (local.get $a) (local.get $b)))')}
    ${bin('rotl_xor_self', '(local.set $c (i64.xor (i64.rotl (local.get $c) (local.get $b)) (local.get $c))) (local.get $c)')}
    ${bin('popcnt_xor', '(i64.popcnt (i64.xor (local.get $a) (local.get $b)))')}
    ${bin('clz_or', '(i64.clz (i64.or (local.get $a) (local.get $b)))')}
    ${bin('ctz_or', '(i64.ctz (i64.or (local.get $a) (local.get $b)))')}
    ${bin('ctz_or_self', '(local.set $a (i64.ctz (i64.or (local.get $a) (local.get $b)))) (local.get $a)')}
    ${bin('shl_and', '(i64.shl (local.get $a) (i64.extend_i32_u (i32.and (i32.wrap_i64 (local.get $b)) (i32.const 31))))')}
    ${bin('shr_s_and', '(i64.shr_s (local.get $a) (i64.extend_i32_s (i32.and (i32.wrap_i64 (local.get $b)) (i32.const 0x3f))))')}
    ${bin('shr_u_or', '(i64.shr_u (local.get $a) (i64.extend_i32_u (i32.or (i32.wrap_i64 (local.get $b)) (i32.const 33))))')}
    ${bin('rotl_or', '(i64.rotl (local.get $a) (i64.extend_i32_u (i32.or (i32.wrap_i64 (local.get $b)) (i32.const 1))))')}
    ${bin('rotr_and', '(i64.rotr (local.get $a) (i64.extend_i32_u (i32.and (i32.wrap_i64 (local.get $b)) (i32.const -7))))')}
    ${bin('xor_shl_and', '(i64.xor (local.get $c) (i64.shl (local.get $a) (i64.extend_i32_u (i32.and (i32.wrap_i64 (local.get $b)) (i32.const 31)))))')}
    ${bin('xor_rotl_or', '(i64.xor (i64.rotl (local.get $a) (i64.extend_i32_u (i32.or (i32.wrap_i64 (local.get $b)) (i32.const 1)))) (local.get $c))')}
    (func (export "shl_and_kept") (param $a i64) (param $b i64) (param $c i64) (result i64) (local $k i32)
      (i64.add (i64.shl (local.get $a) (i64.extend_i32_u (local.tee $k (i32.and (i32.wrap_i64 (local.get $b)) (i32.const 31)))))
        (i64.extend_i32_u (local.get $k)))))`;
  const m = inst(wat) as Record<string, (a: bigint, b: bigint, c: bigint) => bigint>;
  const shl = (x: bigint, k: bigint) => s64(x << (u64(k) & 63n));
  const rotl = (x: bigint, k: bigint) => { const j = u64(k) & 63n; return s64((u64(x) << j) | (u64(x) >> ((64n - j) & 63n))); };
  const popcnt = (x: bigint) => BigInt([...u64(x).toString(2)].filter((c) => c === '1').length);
  const clz = (x: bigint) => 64n - BigInt(u64(x) === 0n ? 0 : u64(x).toString(2).length);
  const ctz = (x: bigint) => { let n = 0n; let v = u64(x); if (v === 0n) return 64n; while ((v & 1n) === 0n) { v >>= 1n; n++; } return n; };
  // counts: every value 0..63 and beyond (only the low 6 bits count)
  const count = fc.oneof(fc.bigInt({ min: 0n, max: 63n }), i64);
  const sparse = fc.oneof(i64, fc.constantFrom(0n, 1n, -(2n ** 63n), 2n ** 32n, 2n ** 31n));
  // 64-bit values built from edge 32-bit words: the multiply's high word is computed from a
  // double product, whose rounding these stress (all-ones low words, carries at 2^16 and 2^31).
  const word = fc.oneof(fc.constantFrom(0n, 1n, 0xffffn, 0x10000n, 0x7fffffffn, 0x80000000n, 0xfffffffen, 0xffffffffn),
    fc.bigInt({ min: 0n, max: 0xffffffffn }));
  const words = fc.tuple(word, word).map(([hi, lo]) => s64((hi << 32n) | lo));

  it('match the model', () => {
    fc.assert(fc.property(i64, i64, i64, count, sparse, sparse, words, words, (a, b, c, k, x, y, p, q) => {
      expect(m.mul(a, b, c)).toBe(s64(a * b));
      expect(m.mul(p, q, c)).toBe(s64(p * q));
      expect(m.mul_add(p, q, c)).toBe(s64(p * q + c));
      expect(m.mul_add(a, b, c)).toBe(s64(a * b + c));
      expect(m.xor_add(a, b, c)).toBe(s64((a ^ b) + c));
      expect(m.add_xor(x, y, c)).toBe(s64((x ^ y) + c));
      expect(m.xor_add_self(a, b, c)).toBe(s64((a ^ b) + b));
      expect(m.add_mul(a, b, c)).toBe(s64(a * b + c));
      expect(m.mul_sub(a, b, c)).toBe(s64(a * b - c));
      expect(m.sub_mul(a, b, c)).toBe(s64(c - a * b));
      expect(m.mul_add_self(a, b, c)).toBe(s64(c * b + c));
      expect(m.mul_sub_self(a, b, c)).toBe(s64(a * b - a));
      expect(m.xor_shl(a, k, c)).toBe(s64(c ^ shl(a, k)));
      expect(m.shl_xor(a, k, c)).toBe(s64(c ^ shl(a, k)));
      expect(m.xor_shl_self(a, k, c)).toBe(s64(a ^ shl(a, k)));
      expect(m.xor_rotl(a, k, c)).toBe(s64(c ^ rotl(a, k)));
      expect(m.rotl_xor_self(a, k, c)).toBe(s64(c ^ rotl(c, k)));
      expect(m.popcnt_xor(x, y, c)).toBe(popcnt(x ^ y));
      expect(m.clz_or(x, y, c)).toBe(clz(x | y));
      expect(m.ctz_or(x, y, c)).toBe(ctz(x | y));
      expect(m.ctz_or_self(x, y, c)).toBe(ctz(x | y));
      // shift counts masked or or-ed with a constant, as 32-bit values (the shift reads 6 bits)
      const n = BigInt.asIntN(32, k);
      expect(m.shl_and(a, k, c)).toBe(shl(a, n & 31n));
      expect(m.shr_s_and(a, k, c)).toBe(s64(a >> (n & 63n)));
      expect(m.shr_u_or(a, k, c)).toBe(s64(u64(a) >> ((n | 33n) & 63n)));
      expect(m.rotl_or(a, k, c)).toBe(rotl(a, n | 1n));
      expect(m.rotr_and(a, k, c)).toBe(rotl(a, -(n & -7n)));
      expect(m.xor_shl_and(a, k, c)).toBe(s64(c ^ shl(a, n & 31n)));
      expect(m.xor_rotl_or(a, k, c)).toBe(s64(c ^ rotl(a, n | 1n)));
      expect(m.shl_and_kept(a, k, c)).toBe(s64(shl(a, n & 31n) + (u64(n) & 31n)));
    }), { numRuns: 2000 });
  });

  it('the fused forms are the ones compiled', () => {
    const has = (f: string, code: number) => expect(codesOf(wat, f).has(code), `${f}`).toBe(true);
    has('mul_add', C.I64_MUL_ADD); has('add_mul', C.I64_MUL_ADD);
    has('xor_add', C.I64_XOR_ADD); has('add_xor', C.I64_XOR_ADD); has('xor_add_self', C.I64_XOR_ADD); has('mul_sub', C.I64_MUL_SUB);
    has('mul_add_self', C.I64_MUL_ADD); has('mul_sub_self', C.I64_MUL_SUB);
    has('xor_shl', C.I64_XOR_SHL); has('shl_xor', C.I64_XOR_SHL); has('xor_shl_self', C.I64_XOR_SHL);
    has('xor_rotl', C.I64_XOR_ROTL); has('rotl_xor_self', C.I64_XOR_ROTL);
    has('popcnt_xor', C.I64_POPCNT_XOR); has('clz_or', C.I64_CLZ_OR); has('ctz_or', C.I64_CTZ_OR);
    has('ctz_or_self', C.I64_CTZ_OR);
    has('xor_shl_and', C.I64_XOR_SHL); has('xor_rotl_or', C.I64_XOR_ROTL);
  });

  it('a shift applies the constant its count was and-ed or or-ed with', () => {
    // The i32.and/or is folded: no I32_AND_IMM / I32_OR_IMM left, except where a local keeps the count.
    for (const f of ['shl_and', 'shr_s_and', 'rotr_and', 'xor_shl_and']) expect(codesOf(wat, f).has(C.I32_AND_IMM), f).toBe(false);
    for (const f of ['shr_u_or', 'rotl_or', 'xor_rotl_or']) expect(codesOf(wat, f).has(C.I32_OR_IMM), f).toBe(false);
    expect(codesOf(wat, 'shl_and_kept').has(C.I32_AND_IMM)).toBe(true);
  });
});

describe('select through a mask', () => {
  // The interpreter picks select's operand with a mask built from the condition: every
  // condition value (negative, INT32_MIN, zero) and every operand type must pick as wasm says.
  const wat = `(module
    (func (export "s32") (param $a i32) (param $b i32) (param $c i32) (result i32) (select (local.get $a) (local.get $b) (local.get $c)))
    (func (export "s64") (param $a i64) (param $b i64) (param $c i32) (result i64) (select (local.get $a) (local.get $b) (local.get $c)))
    (func (export "sf64") (param $a f64) (param $b f64) (param $c i32) (result f64) (select (local.get $a) (local.get $b) (local.get $c))))`;
  const m = inst(wat);
  it('matches the model', () => {
    const cond = fc.oneof(i32, fc.constantFrom(0, 1, -1, -(2 ** 31), 2 ** 31 - 1));
    fc.assert(fc.property(i32, i32, i64, i64, fc.double(), fc.double(), cond, (a, b, x, y, f, g, c) => {
      expect(m.s32(a, b, c)).toBe(c !== 0 ? a : b);
      expect(m.s64(x, y, c)).toBe(c !== 0 ? x : y);
      expect(Object.is(m.sf64(f, g, c), c !== 0 ? f : g)).toBe(true);
    }));
  });
});
