// Fused interpreter forms (compile.ts/interp.ts): a load folded into the binary op that
// consumes it, and i64 shifts by a constant count. Each is checked against a JS model,
// including unaligned addresses, the wrap-around of address + offset, bounds traps, and
// shift counts that need masking.

import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { wat2wasm, WebAssembly as W } from '../src/index.js';

type Fn = (...a: unknown[]) => unknown;
const inst = (wat: string) => new W.Instance(new W.Module(wat2wasm(wat)), {}).exports as Record<string, Fn>;

const I32_OPS: [string, (x: number, y: number) => number][] = [
  ['add', (x, y) => (x + y) | 0], ['sub', (x, y) => (x - y) | 0], ['mul', (x, y) => Math.imul(x, y)],
  ['and', (x, y) => x & y], ['or', (x, y) => x | y], ['xor', (x, y) => x ^ y],
];
const F64_OPS: [string, (x: number, y: number) => number][] = [
  ['add', (x, y) => x + y], ['sub', (x, y) => x - y], ['mul', (x, y) => x * y], ['div', (x, y) => x / y],
];

// For each op: the load as the right operand, as the left operand (with a local on the right),
// and with the load's address computed by an add (folded into the access as an addend).
function loadModule(): string {
  const fns: string[] = [];
  for (const [op] of I32_OPS) {
    fns.push(`(func (export "i32_${op}_r") (param $x i32) (param $a i32) (result i32)
      (i32.${op} (local.get $x) (i32.load offset=4 (local.get $a))))`);
    fns.push(`(func (export "i32_${op}_l") (param $x i32) (param $a i32) (result i32)
      (i32.${op} (i32.load offset=4 (local.get $a)) (local.get $x)))`);
    fns.push(`(func (export "i32_${op}_set") (param $x i32) (param $a i32) (result i32) (local $r i32)
      (local.set $r (i32.${op} (local.get $x) (i32.load (i32.add (local.get $a) (i32.const 4)))))
      (local.get $r))`);
  }
  for (const [op] of F64_OPS) {
    fns.push(`(func (export "f64_${op}_r") (param $x f64) (param $a i32) (result f64)
      (f64.${op} (local.get $x) (f64.load offset=8 (local.get $a))))`);
    fns.push(`(func (export "f64_${op}_l") (param $x f64) (param $a i32) (result f64)
      (f64.${op} (f64.load offset=8 (local.get $a)) (local.get $x)))`);
  }
  return `(module (memory (export "mem") 1)
    (func (export "poke32") (param $a i32) (param $v i32) (i32.store (local.get $a) (local.get $v)))
    (func (export "poke64") (param $a i32) (param $v f64) (f64.store (local.get $a) (local.get $v)))
    ${fns.join('\n')})`;
}

describe('binary op with a fused load', () => {
  const m = inst(loadModule());
  const addr = fc.integer({ min: 0, max: 65536 - 16 });

  it('i32 ops read the loaded value as their right or left operand, at any alignment', () => {
    fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), addr, (x, y, a) => {
      m.poke32(a + 4, y);
      for (const [op, f] of I32_OPS) {
        expect(m[`i32_${op}_r`](x, a)).toBe(f(x, y));
        expect(m[`i32_${op}_l`](x, a)).toBe(f(y, x));
        expect(m[`i32_${op}_set`](x, a)).toBe(f(x, y));
      }
    }));
  });

  it('f64 ops read the loaded value as their right or left operand', () => {
    fc.assert(fc.property(fc.double(), fc.double(), addr, (x, y, a) => {
      m.poke64(a + 8, y);
      for (const [op, f] of F64_OPS) {
        const r = m[`f64_${op}_r`](x, a) as number, l = m[`f64_${op}_l`](x, a) as number;
        expect(Number.isNaN(r) ? NaN : r).toBe(f(x, y));
        expect(Number.isNaN(l) ? NaN : l).toBe(f(y, x));
      }
    }));
  });

  it('traps out of bounds exactly where the plain load would', () => {
    for (const [op] of I32_OPS) {
      expect(m[`i32_${op}_r`](1, 65528)).toBeTypeOf('number'); // + offset 4: the last word in bounds
      expect(() => m[`i32_${op}_r`](1, 65529)).toThrow(/out of bounds memory access/);
      expect(() => m[`i32_${op}_l`](1, -1)).toThrow(/out of bounds memory access/); // 2^32 - 1 + 4 does not wrap
      expect(() => m[`i32_${op}_set`](1, -8)).toThrow(/out of bounds memory access/);
    }
    for (const [op] of F64_OPS) {
      expect(m[`f64_${op}_r`](1, 65520)).toBeTypeOf('number');
      expect(() => m[`f64_${op}_r`](1, 65521)).toThrow(/out of bounds memory access/);
      expect(() => m[`f64_${op}_l`](1, -8)).toThrow(/out of bounds memory access/);
    }
  });

  it('an address add that wraps to an in-bounds address is folded with the same wrap-around', () => {
    m.poke32(0, 0x12345678);
    expect(m.i32_xor_set(0, -4)).toBe(0x12345678); // (-4 + 4) mod 2^32 = 0
  });
});

const SHIFTS: [string, (x: bigint, k: bigint) => bigint][] = [
  ['shl', (x, k) => BigInt.asIntN(64, x << (k & 63n))],
  ['shr_s', (x, k) => BigInt.asIntN(64, x) >> (k & 63n)],
  ['shr_u', (x, k) => BigInt.asIntN(64, BigInt.asUintN(64, x) >> (k & 63n))],
];
const COUNTS = [...Array(64).keys()].map(BigInt).concat([64n, 65n, 95n, 127n, -1n, -32n]);

// Each count as a constant outside a loop (materialised) and inside one (pooled).
function shiftModule(): string {
  const fns: string[] = [];
  for (const [op] of SHIFTS) {
    COUNTS.forEach((k, i) => {
      fns.push(`(func (export "${op}_${i}") (param $x i64) (result i64) (i64.${op} (local.get $x) (i64.const ${k})))`);
      fns.push(`(func (export "${op}_loop_${i}") (param $x i64) (param $n i32) (result i64)
        (loop $l
          (local.set $x (i64.${op} (local.get $x) (i64.const ${k})))
          (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
        (local.get $x))`);
    });
  }
  return `(module ${fns.join('\n')})`;
}

describe('i64 shift by a constant', () => {
  const m = inst(shiftModule());
  it('matches the BigInt model for every count, materialised and pooled', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (x) => {
      for (const [op, f] of SHIFTS) {
        COUNTS.forEach((k, i) => {
          expect(m[`${op}_${i}`](x)).toBe(f(x, k));
          expect(m[`${op}_loop_${i}`](x, 2)).toBe(f(f(x, k), k));
        });
      }
    }), { numRuns: 40 });
  });
});

const rotl = (x: number, k: number) => ((x << (k & 31)) | (x >>> (32 - (k & 31)))) | 0;
const IMM_OPS: [string, (x: number, k: number) => number][] = [
  ['or', (x, k) => x | k], ['xor', (x, k) => x ^ k], ['mul', (x, k) => Math.imul(x, k)],
  ['rotl', rotl], ['rotr', (x, k) => rotl(x, 32 - (k & 31))],
];
const IMMS = [0, 1, 7, 31, 32, 33, 63, -1, -32, 0x7fffffff, -0x80000000, 0x12345678];

describe('i32 op with an immediate operand', () => {
  // Outside a loop the constant stays an immediate; inside one it could be pooled instead.
  const fns: string[] = [];
  for (const [op] of IMM_OPS) {
    IMMS.forEach((k, i) => {
      fns.push(`(func (export "${op}_${i}") (param $x i32) (result i32) (i32.${op} (local.get $x) (i32.const ${k})))`);
      fns.push(`(func (export "${op}_loop_${i}") (param $x i32) (param $n i32) (result i32)
        (loop $l
          (local.set $x (i32.${op} (local.get $x) (i32.const ${k})))
          (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
        (local.get $x))`);
    });
  }
  const m = inst(`(module ${fns.join('\n')})`);
  it('matches the JS model for every immediate, including rotate counts that need masking', () => {
    fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (x) => {
      for (const [op, f] of IMM_OPS) {
        IMMS.forEach((k, i) => {
          expect(m[`${op}_${i}`](x)).toBe(f(x, k));
          expect(m[`${op}_loop_${i}`](x, 3)).toBe(f(f(f(x, k), k), k));
        });
      }
    }));
  });
});

describe('64-bit slot writes keep every bit pattern', () => {
  // Values go through i64.load/f64.load, block results (moves) and f64 constants; NaN payloads
  // (signalling ones included) and integers whose bits look like NaNs must survive unchanged.
  const m = inst(`(module (memory 1)
    (func (export "i64_roundtrip") (param $v i64) (param $c i32) (result i64)
      (i64.store (i32.const 8) (local.get $v))
      (block (result i64)
        (if (result i64) (local.get $c) (then (i64.load (i32.const 8))) (else (i64.load offset=8 (i32.const 0)))))
      (i64.load (i32.const 8)) (drop))
    (func (export "f64_bits") (param $v i64) (param $c i32) (result i64)
      (i64.store (i32.const 16) (local.get $v))
      (i64.reinterpret_f64
        (if (result f64) (local.get $c) (then (f64.load (i32.const 16))) (else (f64.load offset=13 (i32.const 3))))))
    (func (export "f64_store_bits") (param $v i64) (result i64)
      (i64.store (i32.const 32) (local.get $v))
      (f64.store (i32.const 41) (f64.load (i32.const 32)))
      (i64.load (i32.const 41)))
    (func (export "f64_const") (result f64) (f64.const -0x1.8p-3))
    (func (export "f64_const_neg0") (result i64) (i64.reinterpret_f64 (f64.const -0)))
    (func (export "f64_const_nan") (result i64) (i64.reinterpret_f64 (f64.const -nan:0x4000000000001))))`);
  const bits = fc.oneof(
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    // NaN and infinity patterns: exponent all ones, any sign and payload
    fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 2n ** 52n - 1n }))
      .map(([neg, p]) => BigInt.asIntN(64, (neg ? 1n << 63n : 0n) | (0x7ffn << 52n) | p)),
  );
  it('through i64/f64 loads, stores and block moves', () => {
    fc.assert(fc.property(bits, fc.boolean(), (v, c) => {
      expect(m.i64_roundtrip(v, c ? 1 : 0)).toBe(v);
      expect(m.f64_bits(v, c ? 1 : 0)).toBe(v);
      expect(m.f64_store_bits(v)).toBe(v);
    }));
  });
  it('f64 constants', () => {
    expect(m.f64_const()).toBe(-0.1875);
    expect(m.f64_const_neg0()).toBe(-(2n ** 63n));
    expect(m.f64_const_nan()).toBe(BigInt.asIntN(64, 0xfff4000000000001n));
  });
});

const F64_CMPS: [string, (x: number, y: number) => boolean][] = [
  ['eq', (x, y) => x === y], ['ne', (x, y) => x !== y], ['lt', (x, y) => x < y],
  ['gt', (x, y) => x > y], ['le', (x, y) => x <= y], ['ge', (x, y) => x >= y],
];
const F64_KS = [0, -0, 1.5, -3.25, 1e308, 5e-324, Infinity, -Infinity, NaN];

describe('f64 compare-and-branch and f64 ops with a constant operand', () => {
  const fns: string[] = [];
  for (const [op] of F64_CMPS) {
    // br_if branches when the comparison holds; `if` branches (to else) when it does not.
    fns.push(`(func (export "br_${op}") (param $x f64) (param $y f64) (result i32)
      (block $t (br_if $t (f64.${op} (local.get $x) (local.get $y))) (return (i32.const 0))) (i32.const 1))`);
    fns.push(`(func (export "if_${op}") (param $x f64) (param $y f64) (result i32)
      (if (result i32) (f64.${op} (local.get $x) (local.get $y)) (then (i32.const 1)) (else (i32.const 0))))`);
  }
  for (const [op] of F64_OPS) {
    F64_KS.forEach((k, i) => {
      const lit = Number.isNaN(k) ? 'nan' : Object.is(k, -0) ? '-0' : String(k).replace('Infinity', 'inf');
      fns.push(`(func (export "${op}_k${i}") (param $x f64) (result f64) (f64.${op} (local.get $x) (f64.const ${lit})))`);
      fns.push(`(func (export "${op}_kl${i}") (param $x f64) (result f64) (f64.${op} (f64.const ${lit}) (local.get $x)))`);
    });
  }
  const m = inst(`(module ${fns.join('\n')})`);
  const num = fc.oneof(fc.double(), fc.constantFrom(...F64_KS));
  const same = (r: unknown, e: number) => expect(Number.isNaN(r as number) ? NaN : r).toBe(e);

  it('branches exactly when the comparison holds, NaN operands included', () => {
    fc.assert(fc.property(num, num, (x, y) => {
      for (const [op, f] of F64_CMPS) {
        expect(m[`br_${op}`](x, y)).toBe(f(x, y) ? 1 : 0);
        expect(m[`if_${op}`](x, y)).toBe(f(x, y) ? 1 : 0);
      }
    }));
  });

  it('computes x op k and k op x for special constants', () => {
    fc.assert(fc.property(num, (x) => {
      for (const [op, f] of F64_OPS) {
        F64_KS.forEach((k, i) => {
          same(m[`${op}_k${i}`](x), f(x, k));
          same(m[`${op}_kl${i}`](x), f(k, x));
        });
      }
    }));
  });
});

describe('i64 operations written out in the interpreter', () => {
  const u = (x: bigint) => BigInt.asUintN(64, x);
  const s = (x: bigint) => BigInt.asIntN(64, x);
  const popcnt = (x: bigint) => BigInt([...u(x).toString(2)].filter((c) => c === '1').length);
  const clz = (x: bigint) => 64n - BigInt(u(x) === 0n ? 0 : u(x).toString(2).length);
  const ctz = (x: bigint) => (u(x) === 0n ? 64n : BigInt(u(x).toString(2).length - 1 - u(x).toString(2).lastIndexOf('1')));
  const ops: [string, string, (x: bigint, y: bigint) => bigint][] = [
    ['mul', '(i64.mul (local.get 0) (local.get 1))', (x, y) => s(x * y)],
    ['rotl', '(i64.rotl (local.get 0) (local.get 1))', (x, y) => { const k = u(y) & 63n; return s((u(x) << k) | (u(x) >> ((64n - k) & 63n))); }],
    ['rotr', '(i64.rotr (local.get 0) (local.get 1))', (x, y) => { const k = u(y) & 63n; return s((u(x) >> k) | (u(x) << ((64n - k) & 63n))); }],
    ['popcnt', '(i64.popcnt (local.get 0))', (x) => popcnt(x)],
    ['clz', '(i64.clz (local.get 0))', (x) => clz(x)],
    ['ctz', '(i64.ctz (local.get 0))', (x) => ctz(x)],
    ['ext_s', '(i64.extend_i32_s (i32.wrap_i64 (local.get 0)))', (x) => s(BigInt.asIntN(32, x))],
    ['ext_u', '(i64.extend_i32_u (i32.wrap_i64 (local.get 0)))', (x) => BigInt.asUintN(32, x)],
  ];
  const m = inst(`(module ${ops.map(([n, body]) => `(func (export "${n}") (param i64 i64) (result i64) ${body})`).join('\n')})`);
  const i64 = fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom(0n, 1n, -1n, 2n ** 32n, -(2n ** 63n), 0xffffffffn));
  it('match the BigInt model', () => {
    fc.assert(fc.property(i64, i64, (x, y) => {
      for (const [n, , f] of ops) expect(m[n](x, y)).toBe(f(x, y));
    }), { numRuns: 300 });
  });
});

describe('memory access at base + index', () => {
  const m = inst(`(module (memory 1)
    (func (export "ld") (param $b i32) (param $i i32) (result i32) (i32.load offset=2 (i32.add (local.get $b) (local.get $i))))
    (func (export "ld8") (param $b i32) (param $i i32) (result i32) (i32.load8_u offset=1 (i32.add (local.get $b) (local.get $i))))
    (func (export "st") (param $b i32) (param $i i32) (param $v i32) (i32.store offset=2 (i32.add (local.get $b) (local.get $i)) (local.get $v)))
    (func (export "st8") (param $b i32) (param $i i32) (param $v i32) (i32.store8 offset=1 (i32.add (local.get $b) (local.get $i)) (local.get $v)))
    (func (export "st_k") (param $b i32) (param $i i32) (i32.store (i32.add (local.get $b) (local.get $i)) (i32.const 0x5a5a5a5a)))
    (func (export "raw") (param $a i32) (result i32) (i32.load (local.get $a))))`);
  const word = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
  it('adds base and index with 32-bit wrap-around, at any alignment', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 65500 }), word, word, (ea, base, v) => {
      const index = (ea - base) | 0; // base + index wraps to ea
      m.st(base, index, v);
      expect(m.raw(ea + 2)).toBe(v);
      expect(m.ld(base, index)).toBe(v);
      m.st8(base, index, v);
      expect(m.ld8(base, index)).toBe(v & 255);
      expect(m.ld8(index, base)).toBe(v & 255);
      m.st_k(base, index);
      expect(m.raw(ea)).toBe(0x5a5a5a5a);
    }));
  });
  it('traps past the end and does not wrap the offset', () => {
    expect(m.ld(65530, 0)).toBeTypeOf('number');
    expect(() => m.ld(65531, 0)).toThrow(/out of bounds memory access/);
    expect(() => m.ld8(-1, 0)).toThrow(/out of bounds memory access/);
    expect(m.ld8(65534, 0)).toBeTypeOf('number');
    expect(() => m.ld8(65535, 0)).toThrow(/out of bounds memory access/);
    expect(() => m.st(-2, 0, 1)).toThrow(/out of bounds memory access/);
    expect(() => m.st8(32768, 32767, 1)).toThrow(/out of bounds memory access/);
    expect(() => m.st_k(65533, 0)).toThrow(/out of bounds memory access/);
  });
});

describe('SIMD ops written out in the interpreter', () => {
  const ops = ['f32x4.add', 'f32x4.sub', 'f32x4.mul', 'i32x4.add', 'i32x4.sub', 'v128.and', 'v128.or', 'v128.xor'];
  // Each op reads two vectors from memory at any alignment and stores the result; a native
  // module built from the same text is the reference.
  const wat = `(module (memory (export "mem") 1)
    ${ops.map((o, i) => `(func (export "f${i}") (param $d i32) (param $a i32) (param $b i32)
      (v128.store offset=3 (local.get $d) (${o} (v128.load (local.get $a)) (v128.load offset=1 (local.get $b)))))`).join('\n')})`;
  const bytes = wat2wasm(wat);
  const ours = new W.Instance(new W.Module(bytes), {}).exports as Record<string, Fn> & { mem: { buffer: ArrayBuffer } };
  const native = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as Record<string, Fn> & { mem: WebAssembly.Memory };
  const addr = fc.integer({ min: 0, max: 200 });
  it('match native WebAssembly (NaNs compared as NaNs)', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 256, maxLength: 256 }), addr, addr, addr, (init, d, a, b) => {
      for (let i = 0; i < ops.length; i++) {
        const m1 = new Uint8Array(ours.mem.buffer), m2 = new Uint8Array(native.mem.buffer);
        m1.set(init); m2.set(init);
        ours[`f${i}`](d, a, b); native[`f${i}`](d, a, b);
        const r1 = m1.slice(d + 3, d + 19), r2 = m2.slice(d + 3, d + 19);
        if (ops[i].startsWith('f32')) {
          const f1 = new Float32Array(r1.buffer), f2 = new Float32Array(r2.buffer);
          for (let k = 0; k < 4; k++) expect(Number.isNaN(f1[k]) ? NaN : f1[k]).toBe(Number.isNaN(f2[k]) ? NaN : f2[k]);
        } else expect(r1).toEqual(r2);
      }
    }), { numRuns: 60 });
  });
  it('v128 load/store trap at the end of memory', () => {
    expect(() => ours.f0(0, 65536 - 16, 0)).not.toThrow();
    expect(() => ours.f0(0, 65536 - 15, 0)).toThrow(/out of bounds memory access/);
    expect(() => ours.f0(65536 - 19, 0, 0)).not.toThrow();
    expect(() => ours.f0(65536 - 18, 0, 0)).toThrow(/out of bounds memory access/);
  });
});

describe('f64 add to memory (load, add, store at one address)', () => {
  const m = inst(`(module (memory 1)
    (func (export "acc") (param $a i32) (param $x f64)
      (f64.store offset=8 (local.get $a) (f64.add (local.get $x) (f64.load offset=8 (local.get $a)))))
    (func (export "acc_l") (param $a i32) (param $x f64)
      (f64.store offset=8 (local.get $a) (f64.add (f64.load offset=8 (local.get $a)) (local.get $x))))
    (func (export "other_offset") (param $a i32) (param $x f64)
      (f64.store offset=16 (local.get $a) (f64.add (local.get $x) (f64.load offset=8 (local.get $a)))))
    (func (export "put") (param $a i32) (param $x f64) (f64.store (local.get $a) (local.get $x)))
    (func (export "get") (param $a i32) (result f64) (f64.load (local.get $a))))`);
  const same = (r: unknown, e: number) => expect(Number.isNaN(r as number) ? NaN : r).toBe(e);
  it('adds into memory at any alignment; a different store offset stays a plain store', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 65500 }), fc.double(), fc.double(), (a, y, x) => {
      m.put(a + 8, y); m.acc(a, x); same(m.get(a + 8), x + y);
      m.put(a + 8, y); m.acc_l(a, x); same(m.get(a + 8), y + x);
      m.put(a + 8, y); m.put(a + 16, 0); m.other_offset(a, x);
      same(m.get(a + 16), x + y); same(m.get(a + 8), y);
    }));
  });
  it('traps out of bounds without writing', () => {
    expect(() => m.acc(65520, 1)).not.toThrow();
    expect(() => m.acc(65521, 1)).toThrow(/out of bounds memory access/);
    expect(() => m.acc(-8, 1)).toThrow(/out of bounds memory access/);
  });
});
