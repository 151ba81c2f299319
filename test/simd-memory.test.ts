// v128 loads (plain, extending, splat, zero, lane) and lane stores against native WebAssembly.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as S from '../src/exec/simd.js';
import { nativeRunner, type NativeOp, bytes32 } from './numeric-native-module.js';

const DATA = 128; // where the bytes to load sit in both memories
const loads: [string, (v: S.V128Views, d: number, mem: Uint8Array, ea: number) => void][] = [
  ['v128.load', S.v128Load], ['v128.load8x8_s', S.v128Load8x8S], ['v128.load8x8_u', S.v128Load8x8U],
  ['v128.load16x4_s', S.v128Load16x4S], ['v128.load16x4_u', S.v128Load16x4U],
  ['v128.load32x2_s', S.v128Load32x2S], ['v128.load32x2_u', S.v128Load32x2U],
  ['v128.load8_splat', S.v128Load8Splat], ['v128.load16_splat', S.v128Load16Splat],
  ['v128.load32_splat', S.v128Load32Splat], ['v128.load64_splat', S.v128Load64Splat],
  ['v128.load32_zero', S.v128Load32Zero], ['v128.load64_zero', S.v128Load64Zero],
];
const laneOps = [['v128.load8_lane', 1], ['v128.load16_lane', 2], ['v128.load32_lane', 4], ['v128.load64_lane', 8]] as const;

const ops: NativeOp[] = loads.map(([n]) => ({ name: n, instr: n, params: ['i32'], result: 'v128', imm: [0, 0] }));
for (const [n, w] of laneOps) {
  for (let l = 0; l < 16 / w; l++) ops.push({ name: `${n}/${l}`, instr: n, params: ['i32', 'v128'], result: 'v128', imm: [0, 0, l] });
}
const native = nativeRunner(ops);

const V = S.v128Views(new ArrayBuffer(64));
const mem = new Uint8Array(256);
const data = fc.uint8Array({ minLength: 24, maxLength: 24 });
const v128 = fc.uint8Array({ minLength: 16, maxLength: 16 });

describe('v128 loads match native', () => {
  for (const [name, f] of loads) {
    it(name, () => {
      fc.assert(fc.property(data, fc.integer({ min: 0, max: 8 }), (bytes, off) => {
        native.mem.set(bytes, DATA);
        mem.set(bytes, DATA);
        const want = native.run(name, [bytes32(DATA + off)]) as Uint8Array;
        V.u8.fill(0xcc);
        f(V, 16, mem, DATA + off);
        expect([...V.u8.slice(16, 32)]).toEqual([...want]);
      }), { numRuns: 200 });
    });
  }
  for (const [name, w] of laneOps) {
    it(`${name} (every lane), and the matching store_lane writes the lane back`, () => {
      fc.assert(fc.property(data, v128, fc.integer({ min: 0, max: 16 / w - 1 }), fc.boolean(), (bytes, vec, lane, inPlace) => {
        native.mem.set(bytes, DATA);
        mem.set(bytes, DATA);
        const want = native.run(`${name}/${lane}`, [bytes32(DATA), vec]) as Uint8Array;
        V.u8.fill(0xcc);
        V.u8.set(vec, 0);
        const d = inPlace ? 0 : 32;
        S.v128LoadLane(V, d, 0, mem, DATA, lane, w);
        expect([...V.u8.slice(d, d + 16)]).toEqual([...want]);
        // store the lane of `vec` and check exactly those bytes changed
        const out = new Uint8Array(32);
        V.u8.set(vec, 0);
        S.v128StoreLane(V, 0, out, 8, lane, w);
        expect([...out.slice(8, 8 + w)]).toEqual([...vec.slice(lane * w, lane * w + w)]);
        expect(out.slice(0, 8).every((b) => b === 0) && out.slice(8 + w).every((b) => b === 0)).toBe(true);
      }), { numRuns: 200 });
    });
  }
  it('v128.store round-trips v128.load', () => {
    fc.assert(fc.property(v128, (vec) => {
      V.u8.set(vec, 8);
      const out = new Uint8Array(40);
      S.v128Store(V, 8, out, 20);
      S.v128Load(V, 32, out, 20);
      expect([...V.u8.slice(32, 48)]).toEqual([...vec]);
    }));
  });
});
