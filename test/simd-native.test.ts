// Every non-relaxed v128 operation of simd.ts, checked against Node's native
// WebAssembly with random and edge-value lanes. Float lanes that are NaN follow
// the spec's class rules (arithmetic; canonical when the lane's NaN inputs were).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as S from '../src/exec/simd.js';
import {
  nativeRunner, type NativeOp, bytes32, bytes64, readU32, readU64, f32Bits, f64Bits,
  isNaN32, isNaN64, isCanonical32, isCanonical64, sameF32, sameF64,
} from './numeric-native-module.js';

// ---- operand generators ----
const f32Edge = fc.constantFrom(0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7fa00000,
  0x7f800001, 0xffffffff, 0x00000001, 0x80800000, 0x3f000000, 0xbf000000, 0x3fc00000, 0x40200000, 0xc0200000,
  0x4f000000, 0xcf000000, 0x4f800000, 0x4effffff, 0x4f7fffff, 0xcf000001, 0x4b000000, 0x4affffff, 0x7f7fffff);
const f64Edge = fc.constantFrom(0n, 0x8000000000000000n, 0x7ff0000000000000n, 0xfff0000000000000n,
  0x7ff8000000000000n, 0xfff8000000000000n, 0x7ff4000000000000n, 0x7ff0000000000001n, 0x0000000000000001n,
  0x3fe0000000000000n, 0xbfe0000000000000n, 0x3ff8000000000000n, 0x4004000000000000n, 0x41e0000000000000n,
  0xc1e0000000000000n, 0x41dfffffffc00000n, 0x41efffffffe00000n, 0x41f0000000000000n, 0xc1e0000000200000n,
  0x47efffffe0000000n, 0x47efffff00000000n, 0x36a0000000000000n, 0x3690000000000001n, 0x4330000000000001n);
const f32Lane = fc.oneof(f32Edge, fc.integer({ min: 0, max: 0xffffffff }), fc.float().map(f32Bits),
  fc.integer({ min: -70000, max: 70000 }).map((n) => f32Bits(n / 2)));
const f64Lane = fc.oneof(f64Edge, fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.double().map(f64Bits),
  fc.integer({ min: -(2 ** 33), max: 2 ** 33 }).map((n) => f64Bits(n / 2)));
const i8Lane = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0, 1, 0x7f, 0x80, 0x81, 0xff, 0xfe));
const i16Lane = fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(0, 1, 0x7fff, 0x8000, 0x8001, 0xffff, 0x4000, 0xc000, 0x7f, 0x80, 0xff, 0x100, 0xff80));
const i32Lane = fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom(0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x7fff, 0x8000, 0xffff, 0x10000, 0xffff8000));

const v128 = fc.oneof(
  fc.uint8Array({ minLength: 16, maxLength: 16 }),
  fc.array(f32Lane, { minLength: 4, maxLength: 4 }).map((ls) => concat(ls.map(bytes32))),
  fc.array(f64Lane, { minLength: 2, maxLength: 2 }).map((ls) => concat(ls.map(bytes64))),
  fc.array(i8Lane, { minLength: 16, maxLength: 16 }).map((ls) => Uint8Array.from(ls)),
  fc.array(i16Lane, { minLength: 8, maxLength: 8 }).map((ls) => concat(ls.map((x) => bytes32(x).slice(0, 2)))),
  fc.array(i32Lane, { minLength: 4, maxLength: 4 }).map((ls) => concat(ls.map(bytes32))),
);
function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

// ---- result comparison ----
type LaneKind = 'f32' | 'f64' | 'bits';
function resultKind(name: string): LaneKind {
  if (/\.(eq|ne|lt|gt|le|ge|abs|neg|pmin|pmax)$/.test(name)) return 'bits';
  if (name === 'f32x4.demote_f64x2_zero' || name.startsWith('f32x4.')) return 'f32';
  if (name.startsWith('f64x2.')) return 'f64';
  return 'bits';
}
function inputKind(name: string): 'f32' | 'f64' {
  if (name === 'f64x2.promote_low_f32x4') return 'f32';
  if (name === 'f32x4.demote_f64x2_zero') return 'f64';
  return name.startsWith('f32x4.') ? 'f32' : 'f64';
}

function checkLanes(name: string, got: Uint8Array, want: Uint8Array, inputs: Uint8Array[]): void {
  const kind = resultKind(name);
  if (kind === 'bits') {
    expect([...got], name).toEqual([...want]);
    return;
  }
  const lanes = kind === 'f32' ? 4 : 2;
  const ik = inputKind(name);
  for (let i = 0; i < lanes; i++) {
    const canon = inputs.every((inp) => {
      if (ik === 'f32') { const b = i < 4 ? readU32(inp, 4 * i) : 0; return !isNaN32(b) || isCanonical32(b); }
      const b = i < 2 ? readU64(inp, 8 * i) : 0n; return !isNaN64(b) || isCanonical64(b);
    });
    const ok = kind === 'f32'
      ? sameF32(readU32(got, 4 * i), readU32(want, 4 * i), canon)
      : sameF64(readU64(got, 8 * i), readU64(want, 8 * i), canon);
    expect(ok, `${name} lane ${i}: got ${[...got]} want ${[...want]}`).toBe(true);
  }
}

// ---- our side: operands at bytes 0, 16, 32; result at 48 or in place at 0 ----
const buf = new ArrayBuffer(64);
const V = S.v128Views(buf);

/** inPlace: false -> d = 48 (fresh), true -> d = 0 (over a), 'b' -> d = 16 (over b). */
function ours(operands: Uint8Array[], inPlace: boolean | 'b', f: (d: number) => void, size = 16): Uint8Array {
  V.u8.fill(0xcc);
  operands.forEach((b, k) => V.u8.set(b, 16 * k));
  const d = inPlace === 'b' ? 16 : inPlace ? 0 : 48;
  f(d);
  return V.u8.slice(d, d + size);
}

const isRelaxed = (n: string) => n.includes('relaxed');
const unary = Object.entries(S.SIMD_UNARY).filter(([n]) => !isRelaxed(n));
const binary = Object.entries(S.SIMD_BINARY).filter(([n]) => !isRelaxed(n));
const ternary = Object.entries(S.SIMD_TERNARY).filter(([n]) => !isRelaxed(n));
const tests = Object.entries(S.SIMD_TEST);
const shifts = Object.entries(S.SIMD_SHIFT);

const nativeOps: NativeOp[] = [
  ...unary.map(([n]): NativeOp => ({ name: n, instr: n, params: ['v128'], result: 'v128' })),
  ...binary.map(([n]): NativeOp => ({ name: n, instr: n, params: ['v128', 'v128'], result: 'v128' })),
  ...ternary.map(([n]): NativeOp => ({ name: n, instr: n, params: ['v128', 'v128', 'v128'], result: 'v128' })),
  ...tests.map(([n]): NativeOp => ({ name: n, instr: n, params: ['v128'], result: 'i32' })),
  ...shifts.map(([n]): NativeOp => ({ name: n, instr: n, params: ['v128', 'i32'], result: 'v128' })),
];
const native = nativeRunner(nativeOps);
const RUNS = 400;

describe('simd unary ops match native', () => {
  for (const [name, f] of unary) {
    it(name, () => {
      fc.assert(fc.property(v128, fc.boolean(), (a, inPlace) => {
        const want = native.run(name, [a]) as Uint8Array;
        checkLanes(name, ours([a], inPlace, (d) => f(V, d, 0)), want, [a]);
      }), { numRuns: RUNS });
    });
  }
});

describe('simd binary ops match native', () => {
  for (const [name, f] of binary) {
    it(name, () => {
      fc.assert(fc.property(v128, v128, fc.constantFrom(false, true, 'b' as const), (a, b, inPlace) => {
        const want = native.run(name, [a, b]) as Uint8Array;
        checkLanes(name, ours([a, b], inPlace, (d) => f(V, d, 0, 16)), want, [a, b]);
      }), { numRuns: RUNS });
    });
  }
});

describe('simd ternary, test and shift ops match native', () => {
  for (const [name, f] of ternary) {
    it(name, () => {
      fc.assert(fc.property(v128, v128, v128, fc.constantFrom(false, true, 'b' as const), (a, b, c, inPlace) => {
        const want = native.run(name, [a, b, c]) as Uint8Array;
        checkLanes(name, ours([a, b, c], inPlace, (d) => f(V, d, 0, 16, 32)), want, [a, b, c]);
      }), { numRuns: RUNS });
    });
  }
  for (const [name, f] of tests) {
    it(name, () => {
      const sparse = fc.array(fc.constantFrom(0, 0, 0, 1, 0x80, 0xff), { minLength: 16, maxLength: 16 }).map((l) => Uint8Array.from(l));
      fc.assert(fc.property(fc.oneof(v128, sparse), (a) => {
        const want = readU32(native.run(name, [a]) as Uint8Array) | 0;
        V.u8.set(a, 16);
        expect(f(V, 16)).toBe(want);
      }), { numRuns: RUNS });
    });
  }
  for (const [name, f] of shifts) {
    it(name, () => {
      const count = fc.oneof(fc.integer({ min: -200, max: 200 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }));
      fc.assert(fc.property(v128, count, fc.boolean(), (a, n, inPlace) => {
        const want = native.run(name, [a, bytes32(n)]) as Uint8Array;
        expect([...ours([a], inPlace, (d) => f(V, d, 0, n))]).toEqual([...want]);
      }), { numRuns: RUNS });
    });
  }
});

// ---- lane access, splat, shuffle: immediates vary, so one native function per lane ----
describe('simd lanes, splats and shuffles match native', () => {
  const shapes = [
    { s: 'i8x16', n: 16 }, { s: 'i16x8', n: 8 }, { s: 'i32x4', n: 4 }, { s: 'i64x2', n: 2 }, { s: 'f32x4', n: 4 }, { s: 'f64x2', n: 2 },
  ] as const;
  const scalarOf = { i8x16: 'i32', i16x8: 'i32', i32x4: 'i32', i64x2: 'i64', f32x4: 'f32', f64x2: 'f64' } as const;
  const ops: NativeOp[] = [];
  for (const { s, n } of shapes) {
    const t = scalarOf[s];
    ops.push({ name: `${s}.splat`, instr: `${s}.splat`, params: [t], result: 'v128' });
    for (let l = 0; l < n; l++) {
      const ex = s === 'i8x16' || s === 'i16x8' ? ['_s', '_u'] : [''];
      for (const suf of ex) ops.push({ name: `${s}.extract_lane${suf}/${l}`, instr: `${s}.extract_lane${suf}`, params: ['v128'], result: t, imm: [l] });
      ops.push({ name: `${s}.replace_lane/${l}`, instr: `${s}.replace_lane`, params: ['v128', t], result: 'v128', imm: [l] });
    }
  }
  const shuffleNative = (lanes: number[]) => nativeRunner([{ name: 'shuffle', instr: 'i8x16.shuffle', params: ['v128', 'v128'], result: 'v128', imm: lanes }]);
  const lanes = nativeRunner(ops);
  const scalar = { i32: i32Lane.map(bytes32), i64: f64Lane.map(bytes64), f32: f32Lane.map(bytes32), f64: f64Lane.map(bytes64) };

  for (const { s, n } of shapes) {
    const t = scalarOf[s];
    it(`${s} splat / extract_lane / replace_lane`, () => {
      fc.assert(fc.property(v128, scalar[t], fc.integer({ min: 0, max: n - 1 }), fc.boolean(), (a, x, l, inPlace) => {
        // splat
        const wantSplat = lanes.run(`${s}.splat`, [x]) as Uint8Array;
        const gotSplat = ours([x], false, (d) => {
          if (t === 'i32') (S as any)[`${s}Splat`](V, d, V.i32[0]);
          else (S as any)[`${s}Splat`](V, d, 0);
        });
        expect([...gotSplat]).toEqual([...wantSplat]);
        // extract
        if (t === 'i32') {
          for (const suf of s === 'i8x16' || s === 'i16x8' ? ['S', 'U'] : ['']) {
            const want = readU32(lanes.run(`${s}.extract_lane${suf ? '_' + suf.toLowerCase() : ''}/${l}`, [a]) as Uint8Array) | 0;
            V.u8.set(a, 0);
            expect((S as any)[`${s}ExtractLane${suf}`](V, 0, l)).toBe(want);
          }
        } else {
          const want = lanes.run(`${s}.extract_lane/${l}`, [a]) as Uint8Array;
          const got = ours([a], false, (d) => (S as any)[`${s}ExtractLane`](V, d, 0, l), want.length);
          expect([...got]).toEqual([...want]);
        }
        // replace
        const wantR = lanes.run(`${s}.replace_lane/${l}`, [a, x]) as Uint8Array;
        const gotR = ours([a, x], inPlace, (d) => {
          if (t === 'i32') (S as any)[`${s}ReplaceLane`](V, d, 0, l, V.i32[4]);
          else (S as any)[`${s}ReplaceLane`](V, d, 0, l, 16);
        });
        expect([...gotR]).toEqual([...wantR]);
      }), { numRuns: 300 });
    });
  }

  it('i8x16.shuffle', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 31 }), { minLength: 16, maxLength: 16 }), v128, v128, fc.boolean(), (ls, a, b, inPlace) => {
      const want = shuffleNative(ls).run('shuffle', [a, b]) as Uint8Array;
      expect([...ours([a, b], inPlace, (d) => S.i8x16Shuffle(V, d, 0, 16, ls))]).toEqual([...want]);
    }), { numRuns: 60 });
  });
});

describe('dispatch tables', () => {
  it('cover every non-memory SIMD opcode exactly once', async () => {
    const { OPCODES } = await import('../src/binary/opcodes.js');
    const simdNames = OPCODES.filter((o) => o.code >> 12 === 0xfd && o.imm !== 'memarg' && o.imm !== 'memarg_lane'
      && o.imm !== 'lane' && o.imm !== 'shuffle' && o.imm !== 'v128' && !o.name.endsWith('.splat')).map((o) => o.name);
    const tables = [S.SIMD_UNARY, S.SIMD_BINARY, S.SIMD_TERNARY, S.SIMD_TEST, S.SIMD_SHIFT];
    const covered = tables.flatMap((t) => Object.keys(t));
    expect(new Set(covered).size).toBe(covered.length);
    expect(covered.sort()).toEqual(simdNames.sort());
  });
});
