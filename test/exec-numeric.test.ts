// Interpreter: scalar numeric instructions, their traps, and bit-exact handling of NaNs.

import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { wat2wasm, WebAssembly as W, invokeExport, RuntimeError } from '../src/index.js';

function inst(wat: string, imports: unknown = {}): W.Instance {
  return new W.Instance(new W.Module(wat2wasm(wat)), imports);
}
type Fn = (...a: unknown[]) => unknown;

const ops = inst(`(module
  (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "div_u") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
  (func (export "rem_s") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
  (func (export "rotl") (param i32 i32) (result i32) (i32.rotl (local.get 0) (local.get 1)))
  (func (export "ctz") (param i32) (result i32) (i32.ctz (local.get 0)))
  (func (export "popcnt") (param i32) (result i32) (i32.popcnt (local.get 0)))
  (func (export "add_imm") (param i32) (result i32) (i32.add (local.get 0) (i32.const 7)))
  (func (export "sub_imm") (param i32) (result i32) (i32.sub (local.get 0) (i32.const 7)))
  (func (export "lt_u_imm") (param i32) (result i32) (i32.lt_u (local.get 0) (i32.const -1)))
  (func (export "i64_div_s") (param i64 i64) (result i64) (i64.div_s (local.get 0) (local.get 1)))
  (func (export "i64_mul") (param i64 i64) (result i64) (i64.mul (local.get 0) (local.get 1)))
  (func (export "i64_shr_u") (param i64 i64) (result i64) (i64.shr_u (local.get 0) (local.get 1)))
  (func (export "trunc_s") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
  (func (export "trunc_u64") (param f32) (result i64) (i64.trunc_f32_u (local.get 0)))
  (func (export "sat_s") (param f64) (result i32) (i32.trunc_sat_f64_s (local.get 0)))
  (func (export "nearest") (param f64) (result f64) (f64.nearest (local.get 0)))
  (func (export "min") (param f64 f64) (result f64) (f64.min (local.get 0) (local.get 1)))
  (func (export "f32_neg_bits") (param i32) (result i32) (i32.reinterpret_f32 (f32.neg (f32.reinterpret_i32 (local.get 0)))))
  (func (export "f64_abs_bits") (param i64) (result i64) (i64.reinterpret_f64 (f64.abs (f64.reinterpret_i64 (local.get 0)))))
  (func (export "copysign_bits") (param i32 i32) (result i32)
    (i32.reinterpret_f32 (f32.copysign (f32.reinterpret_i32 (local.get 0)) (f32.reinterpret_i32 (local.get 1)))))
  (func (export "convert_u64") (param i64) (result f32) (f32.convert_i64_u (local.get 0)))
  (func (export "ext8") (param i64) (result i64) (i64.extend8_s (local.get 0)))
  (func (export "i64_cmp") (param i64 i64) (result i32)
    (i32.or (i32.or (i32.or (i64.lt_s (local.get 0) (local.get 1)) (i32.shl (i64.gt_s (local.get 0) (local.get 1)) (i32.const 1)))
      (i32.or (i32.shl (i64.le_s (local.get 0) (local.get 1)) (i32.const 2)) (i32.shl (i64.ge_s (local.get 0) (local.get 1)) (i32.const 3))))
      (i32.or (i32.or (i32.shl (i64.lt_u (local.get 0) (local.get 1)) (i32.const 4)) (i32.shl (i64.gt_u (local.get 0) (local.get 1)) (i32.const 5)))
      (i32.or (i32.shl (i64.le_u (local.get 0) (local.get 1)) (i32.const 6)) (i32.shl (i64.ge_u (local.get 0) (local.get 1)) (i32.const 7))))))
  (func (export "i64_shifts") (param i64 i64) (result i64 i64 i64 i64 i64)
    (i64.shl (local.get 0) (local.get 1)) (i64.shr_s (local.get 0) (local.get 1)) (i64.shr_u (local.get 0) (local.get 1))
    (i64.add (local.get 0) (local.get 1)) (i64.sub (local.get 0) (local.get 1)))
  (func (export "unreachable") (unreachable))
)`).exports as Record<string, Fn>;

describe('i32', () => {
  it('divides and traps with the spec wording', () => {
    expect(ops.div_s(7, -2)).toBe(-3);
    expect(ops.div_u(-1, 2)).toBe(0x7fffffff);
    expect(ops.rem_s(-0x80000000, -1)).toBe(0);
    expect(() => ops.div_s(1, 0)).toThrow('integer divide by zero');
    expect(() => ops.div_s(-0x80000000, -1)).toThrow('integer overflow');
  });
  it('bit counting and rotation match a reference', () => {
    fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 100 }), (x, k) => {
      const s = k & 31;
      expect(ops.rotl(x, k)).toBe(((x << s) | (x >>> ((32 - s) & 31) & (s === 0 ? 0 : -1))) | 0);
      let pop = 0;
      for (let i = 0; i < 32; i++) pop += (x >>> i) & 1;
      expect(ops.popcnt(x)).toBe(pop);
      expect(ops.ctz(x)).toBe(x === 0 ? 32 : 31 - Math.clz32(x & -x));
    }));
  });
  it('immediate forms agree with the plain arithmetic', () => {
    fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (x) => {
      expect(ops.add_imm(x)).toBe((x + 7) | 0);
      expect(ops.sub_imm(x)).toBe((x - 7) | 0);
      expect(ops.lt_u_imm(x)).toBe(x === -1 ? 0 : 1);
    }));
  });
});

describe('i64', () => {
  it('matches BigInt arithmetic', () => {
    const i64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    fc.assert(fc.property(i64, i64, (a, b) => {
      expect(ops.i64_mul(a, b)).toBe(BigInt.asIntN(64, a * b));
      expect(ops.i64_shr_u(a, b)).toBe(BigInt.asIntN(64, BigInt.asUintN(64, a) >> (BigInt.asUintN(64, b) & 63n)));
      if (b !== 0n && !(a === -(2n ** 63n) && b === -1n)) expect(ops.i64_div_s(a, b)).toBe(a / b);
    }));
    expect(() => ops.i64_div_s(-(2n ** 63n), -1n)).toThrow('integer overflow');
    expect(ops.ext8(0x80n)).toBe(-128n);
  });
  it('compares, shifts, adds and subtracts like BigInt', () => {
    const edge = fc.constantFrom(0n, 1n, -1n, 2n ** 32n, -(2n ** 32n), 2n ** 32n - 1n, 2n ** 63n - 1n, -(2n ** 63n));
    const i64 = fc.oneof(edge, fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }));
    fc.assert(fc.property(i64, i64, (a, b) => {
      const ua = BigInt.asUintN(64, a), ub = BigInt.asUintN(64, b);
      const bits = [a < b, a > b, a <= b, a >= b, ua < ub, ua > ub, ua <= ub, ua >= ub]
        .reduce((acc, x, i) => acc | (x ? 1 << i : 0), 0);
      expect(ops.i64_cmp(a, b)).toBe(bits);
      const k = ub & 63n;
      expect(ops.i64_shifts(a, b)).toEqual([
        BigInt.asIntN(64, a << k), BigInt.asIntN(64, a >> k), BigInt.asIntN(64, ua >> k),
        BigInt.asIntN(64, a + b), BigInt.asIntN(64, a - b),
      ]);
    }));
  });
});

describe('floats', () => {
  it('truncation traps and saturates', () => {
    expect(ops.trunc_s(-2147483648.9)).toBe(-2147483648);
    expect(() => ops.trunc_s(2147483648)).toThrow('integer overflow');
    expect(() => ops.trunc_s(NaN)).toThrow('invalid conversion to integer');
    expect(() => ops.trunc_u64(-1)).toThrow('integer overflow');
    expect(ops.trunc_u64(-0.9)).toBe(0n);
    expect(ops.sat_s(1e100)).toBe(2147483647);
    expect(ops.sat_s(NaN)).toBe(0);
  });
  it('rounds to nearest, ties to even, and orders -0 below +0', () => {
    expect(ops.nearest(2.5)).toBe(2);
    expect(ops.nearest(-3.5)).toBe(-4);
    expect(Object.is(ops.nearest(-0.4), -0)).toBe(true);
    expect(Object.is(ops.min(0, -0), -0)).toBe(true);
    expect(ops.min(NaN, 1)).toBeNaN();
  });
  it('keeps NaN payloads through neg/abs/copysign (signalling NaNs included)', () => {
    const snan = 0x7fa00001;
    expect(ops.f32_neg_bits(snan) as number >>> 0).toBe((snan | 0x80000000) >>> 0);
    expect(ops.copysign_bits(snan, -1) as number >>> 0).toBe((snan | 0x80000000) >>> 0);
    expect(ops.f64_abs_bits(BigInt.asIntN(64, 0xfff0000000000001n))).toBe(0x7ff0000000000001n);
  });
  it('converts u64 to f32 with one rounding', () => {
    expect(ops.convert_u64(-1n)).toBe(2 ** 64);
    expect(ops.convert_u64(0x20000010000001n)).toBe(Math.fround(0x20000010000001));
  });
});

describe('traps carry a location', () => {
  it('reports the function and a wasm backtrace', () => {
    try {
      ops.unreachable();
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RuntimeError);
      const r = e as RuntimeError;
      expect(r.reason).toBe('unreachable');
      expect(r.funcIndex).toBe(24);
      expect(r.offset).toBeGreaterThan(0);
      expect(r.wasmStack.length).toBe(1);
    }
  });
});

describe('memory NaN bits', () => {
  it('f32/f64 load and store move raw bits (signalling NaNs stay signalling)', () => {
    const m = inst(`(module (memory (export "m") 1)
      (func (export "cp32") (f32.store (i32.const 8) (f32.load (i32.const 0))))
      (func (export "cp64") (f64.store (i32.const 24) (f64.load (i32.const 16)))))`);
    const mem = m.exports.m as W.Memory;
    const dv = new DataView(mem.buffer);
    dv.setUint32(0, 0x7f800001, true);
    dv.setUint32(16, 0x00000001, true);
    dv.setUint32(20, 0xfff00000, true);
    (m.exports.cp32 as Fn)();
    (m.exports.cp64 as Fn)();
    expect(dv.getUint32(8, true)).toBe(0x7f800001);
    expect(dv.getUint32(24, true)).toBe(1);
    expect(dv.getUint32(28, true)).toBe(0xfff00000);
  });
  it('raw invocation returns exact f32/f64 bits', () => {
    const m = inst(`(module (func (export "id") (param f32 f64) (result f64 f32) (local.get 1) (local.get 0)))`);
    const r = invokeExport(m, 'id', [{ type: 'f32', bits: 0x7f800001 }, { type: 'f64', bits: 0x7ff0000000000001n }]);
    expect(r).toEqual([{ type: 'f64', bits: 0x7ff0000000000001n }, { type: 'f32', bits: 0x7f800001 }]);
  });
});
