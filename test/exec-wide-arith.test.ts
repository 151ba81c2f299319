// Wide-arithmetic proposal: i64.add128/sub128/mul_wide_s/mul_wide_u on 32-bit
// halves, checked against BigInt, directly and through compiled wasm.

import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { wat2wasm, WebAssembly as W } from '../src/index.js';
import { wideArith, WideOp } from '../src/exec/wide-arith.js';
import { i64FromBigInt, i64ToBigInt } from '../src/exec/i64.js';

const MIN = -(2n ** 63n), MAX = 2n ** 63n - 1n;
const edges = [0n, 1n, -1n, MIN, MAX, 0xffffffffn, 0x100000000n, -(2n ** 32n), 0x7fffffffn, 0x80000000n];
const i64 = fc.oneof(fc.constantFrom(...edges), fc.bigInt({ min: MIN, max: MAX }), fc.bigInt({ min: -70000n, max: 70000n }));

const s64 = (v: bigint) => BigInt.asIntN(64, v);
const join = (lo: bigint, hi: bigint) => (BigInt.asUintN(64, hi) << 64n) | BigInt.asUintN(64, lo);
const split = (v: bigint): [bigint, bigint] => [s64(v), s64(v >> 64n)];

function ref(op: WideOp, a: bigint, b: bigint, c: bigint, d: bigint): [bigint, bigint] {
  switch (op) {
    case WideOp.ADD128: return split(BigInt.asUintN(128, join(a, b) + join(c, d)));
    case WideOp.SUB128: return split(BigInt.asUintN(128, join(a, b) - join(c, d)));
    case WideOp.MUL_WIDE_S: return split(BigInt.asUintN(128, a * b));
    case WideOp.MUL_WIDE_U: return split(BigInt.asUintN(64, a) * BigInt.asUintN(64, b));
  }
}

// Operands at words 0, 2, 4, 6; results written over the first two (as the compiler may place them).
function direct(op: WideOp, a: bigint, b: bigint, c: bigint, d: bigint): [bigint, bigint] {
  const s = new Int32Array(8);
  [a, b, c, d].forEach((v, i) => i64FromBigInt(s, 2 * i, v));
  wideArith(s, op, 0, 2, 0, 2, 4, 6);
  return [i64ToBigInt(s, 0), i64ToBigInt(s, 2)];
}

const OPS: [string, WideOp][] = [['add128', WideOp.ADD128], ['sub128', WideOp.SUB128],
  ['mul_wide_s', WideOp.MUL_WIDE_S], ['mul_wide_u', WideOp.MUL_WIDE_U]];

describe('wide arithmetic on halves', () => {
  for (const [name, op] of OPS) {
    it(`${name} matches BigInt, with results overlapping the operands`, () => {
      fc.assert(fc.property(i64, i64, i64, i64, (a, b, c, d) => {
        expect(direct(op, a, b, c, d)).toEqual(ref(op, a, b, c, d));
      }), { numRuns: 2000 });
    });
  }
});

describe('wide arithmetic in wasm', () => {
  const e = new W.Instance(new W.Module(wat2wasm(`(module
    (func (export "add128") (param i64 i64 i64 i64) (result i64 i64)
      (i64.add128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
    (func (export "sub128") (param i64 i64 i64 i64) (result i64 i64)
      (i64.sub128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
    (func (export "mul_wide_s") (param i64 i64) (result i64 i64) (i64.mul_wide_s (local.get 0) (local.get 1)))
    (func (export "mul_wide_u") (param i64 i64) (result i64 i64) (i64.mul_wide_u (local.get 0) (local.get 1)))
    ;; Results consumed by further arithmetic: the high half of a*b plus one.
    (func (export "hi_plus1") (param i64 i64) (result i64)
      (i64.mul_wide_u (local.get 0) (local.get 1)) (i64.const 1) (i64.add) (local.set 0) (drop) (local.get 0)))`)), {})
    .exports as Record<string, (...a: bigint[]) => bigint[] | bigint>;
  it('exports return both halves', () => {
    fc.assert(fc.property(i64, i64, i64, i64, (a, b, c, d) => {
      expect(e.add128!(a, b, c, d)).toEqual(ref(WideOp.ADD128, a, b, c, d));
      expect(e.sub128!(a, b, c, d)).toEqual(ref(WideOp.SUB128, a, b, c, d));
      expect(e.mul_wide_s!(a, b)).toEqual(ref(WideOp.MUL_WIDE_S, a, b, 0n, 0n));
      expect(e.mul_wide_u!(a, b)).toEqual(ref(WideOp.MUL_WIDE_U, a, b, 0n, 0n));
      expect(e.hi_plus1!(a, b)).toBe(s64(ref(WideOp.MUL_WIDE_U, a, b, 0n, 0n)[1] + 1n));
    }), { numRuns: 300 });
  });
});
